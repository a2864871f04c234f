package dev.mcs.worker.evaluate;

import java.util.List;
import java.util.Map;

/**
 * The machine and engines latencies were measured on; latencies mean little without it.
 *
 * @param cpuModel CPU model name from {@code /proc/cpuinfo}, {@code unknown} elsewhere
 * @param cores processors available to the JVM
 * @param isaFlags those of avx2, avx512f, avx512_vnni, avx_vnni, amx_tile, amx_int8 the CPU has
 * @param engineVersions engine name to version, e.g. {@code onnxruntime} to {@code 1.21.1}
 * @param intraOpThreads threads of ONNX Runtime's global intra-op pool
 */
public record MeasurementEnvironment(
        String cpuModel, int cores, List<String> isaFlags, Map<String, String> engineVersions, int intraOpThreads) {}
