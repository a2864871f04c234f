package dev.mcs.worker.quantize.staticint8;

import ai.onnx.proto.OnnxMl;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.quantize.StaticInt8Params;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.quantize.calibration.CalibrationRun;
import dev.mcs.worker.quantize.calibration.TensorStats;
import dev.mcs.worker.quantize.core.FloatModel;
import dev.mcs.worker.quantize.core.OnnxModelFiles;
import dev.mcs.worker.quantize.core.OpsetPolicy;
import dev.mcs.worker.quantize.core.Protos;
import dev.mcs.worker.quantize.core.QuantizationException;
import dev.mcs.worker.quantize.normalize.OpsetGoal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;

/**
 * Static int8 quantization in QDQ form: int8 weights, uint8 activations whose ranges come from running
 * the float model over calibration samples, laid out so ONNX Runtime fuses each Conv/MatMul/Gemm with
 * its Q/DQ pairs into QLinearConv / QLinearMatMul / QGemm.
 */
public final class StaticInt8Quantizer {

    public record Options(String calibration, Double percentile, boolean perChannel, List<String> opTypes,
                   List<String> excludeNodes) {
    }

    /** Calibration value that measures the estimators on the calibration data and keeps the best ({@link CalibrationChoice}). */
    public static final String AUTO = "auto";
    private static final double CALIBRATION_SHARE = 0.9;
    private static final double AUTO_CALIBRATION_SHARE = 0.5;

    private final Options options;
    private final int maxSamples;
    private final EvaluationSettings scoring;

    public StaticInt8Quantizer(Options options, int maxSamples) {
        this(options, maxSamples, EvaluationSettings.defaults());
    }

    /** @param scoring how calibration {@code auto} scores its candidates (threads, sample cap) */
    public StaticInt8Quantizer(Options options, int maxSamples, EvaluationSettings scoring) {
        this.options = options;
        this.maxSamples = maxSamples;
        this.scoring = scoring;
    }

    public StaticInt8Summary quantize(Path input, Path output, DatasetPart dataset, DoubleConsumer progress)
            throws IOException, QuantizationException {
        DoubleConsumer report = progress == null ? p -> { } : progress;
        OnnxMl.ModelProto read = FloatModel.read(input, StaticInt8Params.NAME, opsetGoal());
        OnnxMl.ModelProto model = read.toBuilder().setGraph(BatchNormFolder.fold(read.getGraph())).build();
        long opset = OpsetPolicy.target(model, StaticInt8Params.NAME);
        StaticQuantPlan plan = new StaticQuantPlan(model.getGraph(),
                new StaticTargetFinder(options.opTypes(), options.excludeNodes()));
        if (plan.targets().isEmpty()) {
            throw new QuantizationException("nothing to quantize: the model has no " + options.opTypes()
                    + " node with a constant float weight outside excludeNodes" + describe(plan.keptFloat()));
        }
        boolean auto = AUTO.equals(options.calibration());
        double share = auto ? AUTO_CALIBRATION_SHARE : CALIBRATION_SHARE;
        long start = System.nanoTime();
        Map<String, TensorStats> stats = new LinkedHashMap<>();
        int samples = calibrate(model, dataset, plan, stats, p -> report.accept(share * p));
        long calibrationMs = (System.nanoTime() - start) / 1_000_000;
        boolean perChannel = options.perChannel() && opset >= OpsetPolicy.PREFERRED;
        OnnxMl.ModelProto floatModel = OpsetPolicy.withDefaultOpset(model, opset);
        CalibrationChoice.Rewrite rewrite = ranges -> new QdqRewriter(model.getGraph(), plan, ranges, perChannel).rewrite();
        CalibrationChoice.Result chosen = auto
                ? CalibrationChoice.choose(floatModel, stats, rewrite, dataset, scoring, output.toAbsolutePath().getParent())
                : fixed(stats, rewrite);
        OnnxModelFiles.write(floatModel.toBuilder().setGraph(chosen.graph()).build(), output);
        SpeedCheck.Result speed = SpeedCheck.measure(input, output, dataset, scoring);
        report.accept(1.0);
        Facts facts = new Facts(opset, perChannel, samples, calibrationMs, batchNorms(read) - batchNorms(model), speed);
        return summary(read.getGraph(), chosen, plan, facts);
    }

    /** What the summary reports besides the plan and the calibration choice. */
    private record Facts(long opset, boolean perChannel, int samples, long calibrationMs, int batchNormsFolded,
                         SpeedCheck.Result speed) {
    }

    private CalibrationChoice.Result fixed(Map<String, TensorStats> stats, CalibrationChoice.Rewrite rewrite)
            throws QuantizationException {
        CalibrationChoice.Candidate c = new CalibrationChoice.Candidate(options.calibration(), options.percentile());
        return new CalibrationChoice.Result(c, rewrite.apply(CalibrationChoice.ranges(stats, c)), List.of());
    }

    private static int batchNorms(OnnxMl.ModelProto model) {
        return (int) model.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("BatchNormalization")).count();
    }

    /** Per-channel weights need DequantizeLinear's axis (opset 13): worth converting an older model's operators. */
    private OpsetGoal opsetGoal() {
        return new OpsetGoal(FloatModel.DYNAMIC.required(), options.perChannel() ? OpsetPolicy.PREFERRED : FloatModel.DYNAMIC.required());
    }

    private int calibrate(OnnxMl.ModelProto model, DatasetPart dataset, StaticQuantPlan plan,
                          Map<String, TensorStats> stats, DoubleConsumer progress)
            throws IOException, QuantizationException {
        try (CalibrationRun run = CalibrationRun.open(model, dataset, maxSamples)) {
            stats.putAll(run.collect(plan.calibrated(), StaticRange.statsSpec(options.calibration()), progress));
            return run.sampleCount();
        }
    }

    private StaticInt8Summary summary(OnnxMl.GraphProto before, CalibrationChoice.Result chosen, StaticQuantPlan plan,
                                      Facts f) {
        List<String> names = plan.targets().stream().map(t -> Protos.label(t.node())).toList();
        return new StaticInt8Summary(StaticInt8Params.NAME, chosen.chosen().calibration(), chosen.chosen().percentile(),
                chosen.scores(), f.perChannel(), f.opset(), f.samples(), f.calibrationMs(), f.batchNormsFolded(),
                names.size(), count(plan, "Conv"), count(plan, "MatMul"), count(plan, "Gemm"), plan.activations().size(),
                plan.keptFloat().size(), bytes(before), bytes(chosen.graph()), f.speed().speedup(), f.speed().rounds(),
                f.speed().warning(), names,
                plan.keptFloat().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
    }

    private static int count(StaticQuantPlan plan, String opType) {
        return (int) plan.targets().stream().filter(t -> t.node().getOpType().equals(opType)).count();
    }

    private static long bytes(OnnxMl.GraphProto graph) {
        return graph.getInitializerList().stream().mapToLong(OnnxMl.TensorProto::getSerializedSize).sum();
    }

    private static String describe(Map<String, String> keptFloat) {
        return keptFloat.isEmpty() ? "" : "; kept float: " + keptFloat;
    }
}
