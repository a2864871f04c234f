package dev.mcs.worker.prune.structured;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.onnx.proto.OnnxMl.ModelProto;
import dev.mcs.worker.engine.DatasetInputs;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.InvalidDatasetException;
import dev.mcs.worker.engine.ModelInput;
import dev.mcs.worker.engine.Sample;
import dev.mcs.worker.engine.SampleSet;
import dev.mcs.worker.engine.TorchRuntime;
import dev.mcs.worker.prune.onnx.FeatureStats;
import dev.mcs.worker.prune.onnx.Graph;
import dev.mcs.worker.prune.onnx.Weights;
import dev.mcs.worker.train.onnx.HostArrays;
import dev.mcs.worker.train.onnx.SampleBatches;
import dev.mcs.worker.train.onnx.TrainableOnnxModel;
import dev.mcs.worker.train.onnx.UnsupportedOperatorsException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * {@code taylor} (first-order Taylor, as LLM-Pruner scores groups): removing a unit sets its weights to zero, which
 * changes the loss by about g . w to first order, so each unit scores |g x w| summed over every weight that holds it
 * (producer, biases, normalization parameters, the reading layers' inputs: the group's cuts) and over the calibration
 * batches, the gradients taken on the trainable ONNX executor. With {@code labels} the loss is the cross-entropy of
 * the first output. Without, it is r . f(x) with r a fresh standard normal vector per batch (padding positions masked
 * out): its gradient's square is, in expectation over r, the squared change of the output in the direction of w, so
 * the score follows how far removing the unit would move the output (a Fisher-style estimate needing no labels).
 */
final class TaylorScores {

    static final int BATCH = 16;

    private TaylorScores() {}

    static Map<PrunableGroup, double[]> measure(ModelProto model, Graph graph, DatasetPart calibration,
            List<PrunableGroup> groups, int maxSamples) throws InvalidDatasetException, UnsupportedOperatorsException {
        SampleSet set = DatasetInputs.read(calibration, ModelInput.fed(model.getGraph()), maxSamples,
                "the dataset has no samples to score units on");
        Set<String> names = new LinkedHashSet<>();
        groups.forEach(g -> g.cuts().forEach(c -> names.add(c.initializer())));
        Map<String, double[]> sums = new HashMap<>();
        try (NDManager root = TorchRuntime.engine().newBaseManager();
                TrainableOnnxModel net = TrainableOnnxModel.load(model, root)) {
            Random random = new Random(0);
            int at = 0;
            for (Sample batch : SampleBatches.of(set.samples(), BATCH)) {
                int size = (int) batch.inputs().values().iterator().next().shape()[0];
                long[] labels = set.labels() == null ? null : Arrays.copyOfRange(set.labels(), at, at + size);
                accumulate(net, batch, labels, random, names, sums);
                at += size;
            }
        }
        Map<PrunableGroup, double[]> scores = new LinkedHashMap<>();
        for (PrunableGroup group : groups) {
            scores.put(group, perUnit(group, graph, sums));
        }
        return scores;
    }

    private static void accumulate(TrainableOnnxModel net, Sample batch, long[] labels, Random random,
            Set<String> names, Map<String, double[]> sums) {
        try (NDManager scope = TorchRuntime.engine().newBaseManager()) {
            Map<String, NDArray> feed = HostArrays.of(scope, batch);
            try (GradientCollector collector = TorchRuntime.engine().newGradientCollector()) {
                NDArray out = net.forward(scope, feed).get(net.outputNames().get(0));
                collector.backward(labels != null ? crossEntropy(scope, out, labels) : projection(scope, out, feed,
                        random));
            }
            for (String name : names) {
                Parameter p = net.parameters().get(name);
                if (p == null || !p.getArray().hasGradient()) {
                    continue; // a constant (e.g. running statistics) has no gradient and scores nothing
                }
                NDArray gradient = p.getArray().getGradient();
                gradient.attach(scope);
                float[] product = gradient.mul(p.getArray()).abs().toFloatArray();
                double[] sum = sums.computeIfAbsent(name, n -> new double[product.length]);
                for (int i = 0; i < product.length; i++) {
                    sum[i] += product[i];
                }
                gradient.subi(gradient); // gradients accumulate across backward passes; each batch counts once
            }
        }
    }

    private static NDArray crossEntropy(NDManager scope, NDArray logits, long[] labels) {
        int classes = (int) logits.getShape().get(logits.getShape().dimension() - 1);
        NDArray target = scope.create(labels).oneHot(classes).toType(DataType.FLOAT32, false);
        return logits.logSoftmax(-1).mul(target).sum().neg();
    }

    private static NDArray projection(NDManager scope, NDArray out, Map<String, NDArray> feed, Random random) {
        float[] r = new float[(int) out.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) random.nextGaussian();
        }
        NDArray direction = scope.create(r, out.getShape());
        NDArray mask = feed.get("attention_mask");
        if (mask != null && out.getShape().dimension() == 3) {
            direction = direction.mul(mask.toType(DataType.FLOAT32, false).expandDims(-1));
        }
        return out.mul(direction).sum();
    }

    private static double[] perUnit(PrunableGroup group, Graph graph, Map<String, double[]> sums) {
        double[] score = new double[group.units()];
        for (Cut cut : group.cuts()) {
            double[] sum = sums.get(cut.initializer());
            if (sum == null) {
                continue;
            }
            long[] dims = Weights.dims(graph.initializers().get(cut.initializer()));
            double[] unit = Slices.perUnit(Slices.sums(sum, dims, cut.axis()), cut.block());
            for (int u = 0; u < score.length; u++) {
                score[u] += unit[u];
            }
        }
        return score;
    }
}
