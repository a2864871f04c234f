package dev.mcs.worker.quantize.staticint8;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.worker.engine.DatasetInputs;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.InputTensors;
import dev.mcs.worker.engine.InvalidDatasetException;
import dev.mcs.worker.engine.OrtRuntime;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Whether the int8 model is actually faster: int8 kernels beat float ones only when a layer has enough work
 * per output (measured: on PaddleOCR's orientation classifier, a small MobileNetV3, no Q/DQ placement tried was
 * faster than float, and quantizing all its Convs made it 1.6-1.7 times slower, docs/benchmarks.md). So after
 * quantizing, the float and int8 models run at batch 1 on the first calibration sample, interleaved (the order
 * alternates each round, so that machine noise falls on both), with the evaluation's thread count; the speed-up
 * is the median of the per-round float/int8 time ratios. A measurement that fails is reported as such: it never
 * fails the quantization.
 */
final class SpeedCheck {

    /** Rounds stop after this much wall time once {@code timedRuns} rounds are done, keeping the check cheap. */
    private static final long BUDGET_NANOS = 1_000_000_000L;
    private static final int MAX_ROUNDS = 300;

    /**
     * @param speedup float latency / int8 latency (median of per-round ratios), null when not measured
     * @param rounds  interleaved rounds timed
     * @param warning why the result needs attention, null when the int8 model is faster
     */
    record Result(Double speedup, int rounds, String warning) {
    }

    private SpeedCheck() {
    }

    static Result measure(Path floatModel, Path int8Model, DatasetPart data, EvaluationSettings settings) {
        OrtEnvironment env = OrtRuntime.environment(settings.intraOpThreads());
        try (OrtSession.SessionOptions options = OrtRuntime.sessionOptions();
                OrtSession fp32 = env.createSession(floatModel.toString(), options);
                OrtSession int8 = env.createSession(int8Model.toString(), options);
                InputTensors input = InputTensors.of(env, DatasetInputs.read(data, fp32.getInputInfo(), 1,
                        "the dataset has no sample to time the models on").samples().get(0))) {
            double[] ratios = ratios(fp32, int8, input, settings);
            Arrays.sort(ratios);
            double speedup = ratios[ratios.length / 2];
            return new Result(speedup, ratios.length, speedup < 1 ? slower(speedup) : null);
        } catch (OrtException | InvalidDatasetException | RuntimeException e) {
            return new Result(null, 0, "int8 and float latency not compared: " + e.getMessage());
        }
    }

    private static double[] ratios(OrtSession fp32, OrtSession int8, InputTensors input, EvaluationSettings settings)
            throws OrtException {
        for (int i = 0; i < settings.warmupRuns(); i++) {
            time(fp32, input);
            time(int8, input);
        }
        double[] ratios = new double[MAX_ROUNDS];
        long start = System.nanoTime();
        int rounds = 0;
        while (rounds < MAX_ROUNDS && (rounds < settings.timedRuns() || System.nanoTime() - start < BUDGET_NANOS)) {
            boolean floatFirst = rounds % 2 == 0;
            long a = floatFirst ? time(fp32, input) : 0;
            long b = time(int8, input);
            a = floatFirst ? a : time(fp32, input);
            ratios[rounds++] = a / (double) b;
        }
        return Arrays.copyOf(ratios, rounds);
    }

    private static long time(OrtSession session, InputTensors input) throws OrtException {
        long start = System.nanoTime();
        OrtSession.Result result = session.run(input.tensors());
        long elapsed = System.nanoTime() - start;
        result.close();
        return elapsed;
    }

    private static String slower(double speedup) {
        return String.format(Locale.ROOT, "the int8 model is not faster than the float model at batch 1 (speed-up"
                + " %.2fx, measured on one calibration sample with %d intra-op thread(s)): on this network the int8"
                + " kernels and the Quantize/Dequantize/Transpose steps they need cost more than they save; keep the"
                + " float model or try another method",
                speedup, OrtRuntime.intraOpThreads());
    }
}
