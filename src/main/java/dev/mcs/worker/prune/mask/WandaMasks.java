package dev.mcs.worker.prune.mask;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OrtException;
import dev.mcs.shared.technique.prune.WandaParams;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.InvalidDatasetException;
import dev.mcs.worker.prune.onnx.FeatureStats;
import dev.mcs.worker.prune.onnx.Graph;
import dev.mcs.worker.prune.onnx.Weights;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code wanda} (Sun et al. 2023): each weight of a MatMul or Gemm scored |W_ij| x ||X_j|| (X_j: input feature j over
 * the calibration positions, padding left out), the lowest dropped within each output neuron, unstructured or N of
 * every M consecutive inputs kept; with {@code refit} (the default) the kept weights are then refitted to the
 * calibration inputs ({@link WandaRefit}).
 */
public final class WandaMasks {

    /** A layer the pattern cannot tile. */
    public static final class PatternMismatch extends Exception {
        PatternMismatch(String message) {
            super(message);
        }
    }

    record Layer(NodeProto node, TensorProto weight, boolean outputMajor) {}

    /**
     * Bytes of input second moments one calibration pass may hold when refitting: a sixth of the worker's heap, as
     * each pass also holds the model and its accumulators' copies, and a refit's factorizations take five more
     * matrices of the largest input's size. BERT-base's 3072-wide FFN input alone takes 75 MB; 12 such layers at
     * once would not fit a 2 GB worker.
     */
    static final long MOMENTS_BUDGET = Runtime.getRuntime().maxMemory() / 6;

    private WandaMasks() {}

    public static Map<String, boolean[]> masks(ModelProto model, WandaParams params, DatasetPart calibration)
            throws OrtException, InvalidDatasetException, PatternMismatch {
        // Only the masks are returned, so the refit's second moments and solves are not computed.
        WandaParams maskOnly = new WandaParams(params.method(), params.sparsity(), params.pattern(),
                params.excludeNodes(), false, params.recovery());
        return prune(model, maskOnly, calibration, FeatureStats.MAX_SAMPLES).masks();
    }

    /**
     * The masks and the model with them applied: the masked weights zeroed and, with {@code refit}, the kept ones
     * refitted to the calibration inputs ({@link WandaRefit}).
     *
     * @param maxSamples the first this many calibration samples give the input statistics
     */
    public static MaskedModel prune(ModelProto model, WandaParams params, DatasetPart calibration, int maxSamples)
            throws OrtException, InvalidDatasetException, PatternMismatch {
        return prune(model, params, calibration, maxSamples, MOMENTS_BUDGET);
    }

    /** @param momentsBudget see {@link #MOMENTS_BUDGET} */
    static MaskedModel prune(ModelProto model, WandaParams params, DatasetPart calibration, int maxSamples,
            long momentsBudget) throws OrtException, InvalidDatasetException, PatternMismatch {
        List<Layer> layers = layers(new Graph(model.getGraph()), params.excludeNodes());
        for (Layer layer : layers) {
            requireTiling(layer, params);
        }
        boolean refit = Boolean.TRUE.equals(params.refit());
        Map<String, boolean[]> masks = new LinkedHashMap<>();
        Map<String, float[]> refitted = new LinkedHashMap<>();
        for (List<Layer> chunk : chunks(layers, refit ? momentsBudget : Long.MAX_VALUE)) {
            List<FeatureStats.Probe> probes = chunk.stream()
                    .map(l -> new FeatureStats.Probe(l.node().getInput(0), false, refit)).toList();
            Map<String, FeatureStats.Stats> stats = FeatureStats.measure(model, calibration, probes, maxSamples);
            for (Layer layer : chunk) {
                FeatureStats.Stats input = stats.get(layer.node().getInput(0));
                boolean[] keep = mask(layer, input.sumSquares(), params);
                masks.put(layer.weight().getName(), keep);
                if (refit) {
                    refitted.put(layer.weight().getName(), refitted(layer, keep, input));
                }
            }
        }
        return new MaskedModel(masks, refit ? Masks.withWeights(model, refitted) : Masks.apply(model, masks));
    }

    private static float[] refitted(Layer layer, boolean[] keep, FeatureStats.Stats input) {
        return WandaRefit.refit(new WandaRefit.LayerWeights(Weights.values(layer.weight()), inputs(layer),
                layer.outputMajor()), keep, input.moments());
    }

    /**
     * The layers in graph order, cut into runs whose inputs' second moments (inputs x inputs doubles per distinct
     * input tensor) fit in {@code budget} bytes together; each run is one calibration pass. One run when they fit.
     */
    static List<List<Layer>> chunks(List<Layer> layers, long budget) {
        List<List<Layer>> chunks = new ArrayList<>();
        List<Layer> current = new ArrayList<>();
        Set<String> tensors = new HashSet<>();
        long bytes = 0;
        for (Layer layer : layers) {
            long size = 8L * inputs(layer) * inputs(layer);
            boolean known = tensors.contains(layer.node().getInput(0));
            if (!known && !current.isEmpty() && bytes + size > budget) {
                chunks.add(current);
                current = new ArrayList<>();
                tensors.clear();
                bytes = 0;
            }
            if (tensors.add(layer.node().getInput(0))) {
                bytes += size;
            }
            current.add(layer);
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    private static int inputs(Layer layer) {
        return (int) layer.weight().getDims(layer.outputMajor() ? 1 : 0);
    }

    private static void requireTiling(Layer layer, WandaParams params) throws PatternMismatch {
        long inputs = inputs(layer);
        if (params.groupSize() > 0 && inputs % params.groupSize() != 0) {
            throw new PatternMismatch("pattern " + params.pattern() + " needs the input size of every pruned layer to"
                    + " be a multiple of " + params.groupSize() + "; " + layer.node().getOpType() + " "
                    + Graph.label(layer.node()) + " has " + inputs + " inputs (exclude it with 'excludeNodes', or use"
                    + " pattern 'unstructured')");
        }
    }

    private static boolean[] mask(Layer layer, double[] inputSquares, WandaParams params) {
        float[] w = Weights.values(layer.weight());
        int inputs = inputs(layer);
        int outputs = w.length / inputs;
        float[] score = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            int feature = layer.outputMajor() ? i % inputs : i / outputs;
            score[i] = (float) (Math.abs(w[i]) * Math.sqrt(inputSquares[feature]));
        }
        boolean[] keep = MagnitudeMasks.allKept(w.length);
        int group = params.groupSize() > 0 ? params.groupSize() : inputs;
        int remove = params.groupSize() > 0 ? group - params.keptPerGroup() : (int) (params.sparsity() * inputs);
        for (int o = 0; o < outputs; o++) {
            for (int from = 0; from < inputs; from += group) {
                int[] indices = new int[group];
                for (int k = 0; k < group; k++) {
                    int in = from + k;
                    indices[k] = layer.outputMajor() ? o * inputs + in : in * outputs + o;
                }
                Masks.dropLowest(score, indices, remove, keep);
            }
        }
        return keep;
    }

    private static List<Layer> layers(Graph graph, List<String> excludeNodes) {
        List<Layer> layers = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (NodeProto node : graph.proto().getNodeList()) {
            boolean gemm = node.getOpType().equals("Gemm") && Graph.intAttribute(node, "transA", 0) == 0;
            if ((gemm || node.getOpType().equals("MatMul")) && !Masks.excluded(node, excludeNodes)
                    && !graph.isInitializer(node.getInput(0))) {
                graph.weight(node.getInput(1)).filter(t -> t.getDimsCount() == 2 && seen.add(t.getName()))
                        .ifPresent(t -> layers.add(new Layer(node, t,
                                gemm && Graph.intAttribute(node, "transB", 0) != 0)));
            }
        }
        return layers;
    }
}
