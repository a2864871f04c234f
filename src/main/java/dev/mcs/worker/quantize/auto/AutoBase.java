package dev.mcs.worker.quantize.auto;

import dev.mcs.shared.technique.quantize.DynamicInt8Params;
import dev.mcs.shared.technique.quantize.SmoothQuantParams;
import dev.mcs.worker.quantize.core.QuantizationException;
import dev.mcs.worker.quantize.smoothquant.SmoothedBase;
import dev.mcs.worker.technique.MethodRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The base every candidate of {@code auto} is built from. Without a requested base and with a calibration
 * dataset, {@code smoothquant}'s alpha search decides: it scores the unsmoothed int8 model (which is
 * {@code dynamic_int8} with the same options) against every smoothing strength on the calibration data, so the
 * base is whichever of {@code dynamic_int8} and {@code smoothquant} is closer to the float model there. A
 * smoothquant base is then held as its smoothed float model, which {@code dynamic_int8} quantizes into every
 * candidate (the same int8 scheme, without calibrating or searching again).
 */
final class AutoBase implements AutoCloseable {

    private final String method;
    private final String runner;
    private final Path source;
    private final Path folder;
    private final Path built;
    private final Record builtSummary;
    private final AutoSummary.BaseChoice choice;

    private AutoBase(String method, String runner, Path source, Path folder, Path built, Record builtSummary,
            AutoSummary.BaseChoice choice) {
        this.method = method;
        this.runner = runner;
        this.source = source;
        this.folder = folder;
        this.built = built;
        this.builtSummary = builtSummary;
        this.choice = choice;
    }

    /** @param requested the job's {@code base}, or null to choose by measurement */
    static AutoBase choose(MethodRun request, String requested, List<String> alwaysFloat)
            throws IOException, QuantizationException {
        boolean smooth = SmoothQuantParams.NAME.equals(requested) || requested == null && request.dataset() != null;
        if (!smooth) {
            String base = requested == null ? DynamicInt8Params.NAME : requested;
            String reason = requested != null ? "requested" : "no calibration dataset, which smoothquant needs";
            return new AutoBase(base, base, request.input(), null, null, null,
                    new AutoSummary.BaseChoice(base, null, reason, null, 0, List.of(), 0));
        }
        long start = System.nanoTime();
        Path folder = Files.createTempDirectory(request.output().toAbsolutePath().getParent(), "auto-base-");
        Path quantized = folder.resolve("base.onnx");
        Path smoothed = folder.resolve("smoothed-float.onnx");
        try {
            SmoothedBase.Result result = SmoothedBase.build(request.input(), quantized, smoothed, request.dataset(),
                    alwaysFloat, request.settings());
            String base = result.alpha() == null && requested == null ? DynamicInt8Params.NAME : SmoothQuantParams.NAME;
            AutoSummary.BaseChoice choice = new AutoSummary.BaseChoice(base, result.alpha(),
                    reason(requested, result), result.metric(), result.samples(), result.candidates(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            return new AutoBase(base, DynamicInt8Params.NAME, smoothed, folder, quantized, result.quantization(),
                    choice);
        } catch (QuantizationException e) {
            deleteFolder(folder);
            if (requested != null) {
                throw e;
            }
            return new AutoBase(DynamicInt8Params.NAME, DynamicInt8Params.NAME, request.input(), null, null, null,
                    new AutoSummary.BaseChoice(DynamicInt8Params.NAME, null, "smoothquant could not run on this"
                            + " model (" + e.getMessage() + ")", null, 0, List.of(), 0));
        } catch (IOException | RuntimeException e) {
            deleteFolder(folder);
            throw e;
        }
    }

    private static String reason(String requested, SmoothedBase.Result result) {
        String how = requested == null ? "of dynamic_int8 (smoothquant's unsmoothed candidate) and smoothquant"
                + " strengths, " : "requested; of its strengths and not smoothing, ";
        return how + (result.alpha() == null ? "not smoothing" : "alpha " + result.alpha())
                + " was closest to the float model on the calibration data";
    }

    /** The base method reported to the user: {@code dynamic_int8}, {@code smoothquant} or {@code static_int8}. */
    String method() {
        return method;
    }

    /** The method that builds each candidate from {@link #source()}. */
    String runner() {
        return runner;
    }

    /** The float model candidates are quantized from: the job's model, or its smoothed version. */
    Path source() {
        return source;
    }

    /** The fully quantized base when choosing it already built one, else null. */
    Path built() {
        return built;
    }

    Record builtSummary() {
        return builtSummary;
    }

    AutoSummary.BaseChoice choice() {
        return choice;
    }

    @Override
    public void close() throws IOException {
        if (folder != null) {
            deleteFolder(folder);
        }
    }

    private static void deleteFolder(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(folder);
    }
}
