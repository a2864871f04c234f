package dev.mcs.worker.quantize.staticint8;

import ai.onnx.proto.OnnxMl;
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

    private static final double CALIBRATION_SHARE = 0.9;

    private final Options options;
    private final int maxSamples;

    public StaticInt8Quantizer(Options options, int maxSamples) {
        this.options = options;
        this.maxSamples = maxSamples;
    }

    public StaticInt8Summary quantize(Path input, Path output, DatasetPart dataset, DoubleConsumer progress)
            throws IOException, QuantizationException {
        DoubleConsumer report = progress == null ? p -> { } : progress;
        OnnxMl.ModelProto model = FloatModel.read(input, StaticInt8Params.NAME, opsetGoal());
        long opset = OpsetPolicy.target(model, StaticInt8Params.NAME);
        StaticQuantPlan plan = new StaticQuantPlan(model.getGraph(),
                new StaticTargetFinder(options.opTypes(), options.excludeNodes()));
        if (plan.targets().isEmpty()) {
            throw new QuantizationException("nothing to quantize: the model has no " + options.opTypes()
                    + " node with a constant float weight outside excludeNodes" + describe(plan.keptFloat()));
        }
        long start = System.nanoTime();
        Map<String, StaticRange.Uint8> ranges = new LinkedHashMap<>();
        int samples = calibrate(model, dataset, plan, ranges, p -> report.accept(CALIBRATION_SHARE * p));
        long calibrationMs = (System.nanoTime() - start) / 1_000_000;
        boolean perChannel = options.perChannel() && opset >= OpsetPolicy.PREFERRED;
        OnnxMl.GraphProto graph = new QdqRewriter(model.getGraph(), plan, ranges, perChannel).rewrite();
        OnnxModelFiles.write(OpsetPolicy.withDefaultOpset(model, opset).toBuilder().setGraph(graph).build(), output);
        report.accept(1.0);
        return summary(model.getGraph(), graph, plan, opset, perChannel, samples, calibrationMs);
    }

    /** Per-channel weights need DequantizeLinear's axis (opset 13): worth converting an older model's operators. */
    private OpsetGoal opsetGoal() {
        return new OpsetGoal(FloatModel.DYNAMIC.required(), options.perChannel() ? OpsetPolicy.PREFERRED : FloatModel.DYNAMIC.required());
    }

    private int calibrate(OnnxMl.ModelProto model, DatasetPart dataset, StaticQuantPlan plan,
                          Map<String, StaticRange.Uint8> ranges, DoubleConsumer progress)
            throws IOException, QuantizationException {
        try (CalibrationRun run = CalibrationRun.open(model, dataset, maxSamples)) {
            Map<String, TensorStats> stats = run.collect(plan.calibrated(),
                    StaticRange.statsSpec(options.calibration()), progress);
            double percentile = options.percentile() == null ? 100 : options.percentile();
            stats.forEach((name, s) -> ranges.put(name, StaticRange.of(s, options.calibration(), percentile)));
            return run.sampleCount();
        }
    }

    private StaticInt8Summary summary(OnnxMl.GraphProto before, OnnxMl.GraphProto after, StaticQuantPlan plan,
                                      long opset, boolean perChannel, int samples, long calibrationMs) {
        List<String> names = plan.targets().stream().map(t -> Protos.label(t.node())).toList();
        return new StaticInt8Summary(StaticInt8Params.NAME, options.calibration(), options.percentile(), perChannel,
                opset, samples, calibrationMs, names.size(), count(plan, "Conv"), count(plan, "MatMul"),
                count(plan, "Gemm"), plan.activations().size(), plan.keptFloat().size(), bytes(before), bytes(after),
                names, plan.keptFloat().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
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
