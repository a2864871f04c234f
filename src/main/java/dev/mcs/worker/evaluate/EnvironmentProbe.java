package dev.mcs.worker.evaluate;

import ai.djl.engine.Engine;
import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Describes the machine that latencies were measured on. */
final class EnvironmentProbe {

    /** The instruction sets that decide which int8 and bf16 kernels ONNX Runtime can use. */
    static final List<String> ISA_FLAGS = List.of("avx2", "avx512f", "avx512_vnni", "avx_vnni", "amx_tile", "amx_int8");

    private static final Path CPU_INFO = Path.of("/proc/cpuinfo");

    private EnvironmentProbe() {}

    static MeasurementEnvironment describe(OrtEnvironment env, int intraOpThreads) {
        List<String> cpuInfo = readCpuInfo();
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("onnxruntime", env.getVersion());
        versions.put("djl", Engine.getDjlVersion());
        return new MeasurementEnvironment(cpuModel(cpuInfo), Runtime.getRuntime().availableProcessors(),
                isaFlags(cpuInfo), versions, intraOpThreads);
    }

    static String cpuModel(List<String> cpuInfo) {
        return firstValue(cpuInfo, "model name").orElse("unknown");
    }

    static List<String> isaFlags(List<String> cpuInfo) {
        Set<String> flags = firstValue(cpuInfo, "flags")
                .map(value -> Arrays.stream(value.split("\\s+")).collect(Collectors.toSet()))
                .orElse(Set.of());
        return ISA_FLAGS.stream().filter(flags::contains).toList();
    }

    private static java.util.Optional<String> firstValue(List<String> cpuInfo, String key) {
        return cpuInfo.stream()
                .filter(line -> line.contains(":") && line.substring(0, line.indexOf(':')).strip().equals(key))
                .map(line -> line.substring(line.indexOf(':') + 1).strip())
                .findFirst();
    }

    private static List<String> readCpuInfo() {
        try {
            return Files.readAllLines(CPU_INFO);
        } catch (IOException | RuntimeException e) {
            // Not Linux, or no procfs in the container: the report says "unknown" instead of failing.
            return List.of();
        }
    }
}
