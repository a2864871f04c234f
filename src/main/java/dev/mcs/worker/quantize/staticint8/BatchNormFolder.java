package dev.mcs.worker.quantize.staticint8;

import ai.onnx.proto.OnnxMl;
import dev.mcs.worker.quantize.core.GraphUses;
import dev.mcs.worker.quantize.core.NameScope;
import dev.mcs.worker.quantize.core.Protos;
import dev.mcs.worker.quantize.core.QuantizationException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds an inference-mode BatchNormalization into the Conv before it, on the float graph before QDQ: with
 * f = scale / sqrt(var + epsilon) per output channel, W' = W·f and B' = (B − mean)·f + bias, which is the same
 * function up to float rounding. ONNX Runtime does this fold itself for float models but not across the
 * Q/DQ pair of a quantized Conv's output, so without it the Conv's output is quantized with one scale for all
 * channels before BatchNormalization rescales each channel (losing precision on channels it enlarges), and
 * the BatchNormalization runs in float after an extra Dequantize (costing time).
 */
final class BatchNormFolder {

    private final OnnxMl.GraphProto graph;
    private final GraphUses uses;
    private final NameScope names;

    private BatchNormFolder(OnnxMl.GraphProto graph) {
        this.graph = graph;
        this.uses = new GraphUses(graph);
        this.names = new NameScope(graph);
    }

    /** The graph with every foldable Conv → BatchNormalization pair merged into one Conv. */
    static OnnxMl.GraphProto fold(OnnxMl.GraphProto graph) throws QuantizationException {
        return new BatchNormFolder(graph).fold();
    }

    private OnnxMl.GraphProto fold() throws QuantizationException {
        Map<String, OnnxMl.NodeProto> producers = new HashMap<>();
        graph.getNodeList().forEach(n -> n.getOutputList().forEach(o -> producers.put(o, n)));
        Map<OnnxMl.NodeProto, OnnxMl.NodeProto> merged = new IdentityHashMap<>();
        Set<OnnxMl.NodeProto> folded = Collections.newSetFromMap(new IdentityHashMap<>());
        List<OnnxMl.TensorProto> added = new ArrayList<>();
        for (OnnxMl.NodeProto bn : graph.getNodeList()) {
            OnnxMl.NodeProto conv = bn.getInputCount() == 0 ? null : producers.get(bn.getInput(0));
            if (conv != null && foldable(conv, bn)) {
                merged.put(conv, merge(conv, bn, added));
                folded.add(bn);
            }
        }
        if (merged.isEmpty()) {
            return graph;
        }
        List<OnnxMl.NodeProto> nodes = new ArrayList<>();
        for (OnnxMl.NodeProto n : graph.getNodeList()) {
            if (!folded.contains(n)) {
                nodes.add(merged.getOrDefault(n, n));
            }
        }
        return withoutUnread(graph.toBuilder().clearNode().addAllNode(nodes).addAllInitializer(added).build());
    }

    private boolean foldable(OnnxMl.NodeProto conv, OnnxMl.NodeProto bn) {
        boolean plain = "Conv".equals(conv.getOpType()) && "BatchNormalization".equals(bn.getOpType())
                && Protos.isDefaultDomain(conv.getDomain()) && Protos.isDefaultDomain(bn.getDomain())
                && Protos.intAttribute(bn, "training_mode", 0) == 0 && bn.getInputCount() == 5
                && (bn.getOutputCount() == 1 || bn.getOutputList().subList(1, bn.getOutputCount()).stream().allMatch(String::isEmpty));
        String out = conv.getOutput(0);
        if (!plain || uses.pinned().contains(out) || uses.consumers(out).size() != 1 || conv.getInputCount() < 2) {
            return false;
        }
        OnnxMl.TensorProto w = floatInitializer(conv.getInput(1));
        if (w == null || w.getDimsCount() < 3) {
            return false;
        }
        long channels = w.getDims(0);
        boolean vectors = bn.getInputList().subList(1, 5).stream().allMatch(n -> isVector(n, channels));
        return vectors && (conv.getInputCount() < 3 || conv.getInput(2).isEmpty() || isVector(conv.getInput(2), channels));
    }

    private OnnxMl.NodeProto merge(OnnxMl.NodeProto conv, OnnxMl.NodeProto bn, List<OnnxMl.TensorProto> added)
            throws QuantizationException {
        OnnxMl.TensorProto w = floatInitializer(conv.getInput(1));
        float[] weights = QdqTensors.floats(w);
        double[] factor = factors(bn);
        int channels = factor.length;
        int inner = weights.length / channels;
        float[] folded = new float[weights.length];
        for (int i = 0; i < weights.length; i++) {
            folded[i] = (float) (weights[i] * factor[i / inner]);
        }
        float[] bias = new float[channels];
        float[] oldBias = conv.getInputCount() > 2 && !conv.getInput(2).isEmpty()
                ? QdqTensors.floats(floatInitializer(conv.getInput(2))) : new float[channels];
        float[] mean = vector(bn.getInput(3));
        float[] shift = vector(bn.getInput(2));
        for (int c = 0; c < channels; c++) {
            bias[c] = (float) ((oldBias[c] - (double) mean[c]) * factor[c] + shift[c]);
        }
        String wName = names.fresh(w.getName() + "_bn_folded");
        String bName = names.fresh(bn.getInput(2) + "_bn_folded");
        added.add(Protos.floats(wName, folded, QdqTensors.dims(w)));
        added.add(Protos.floats(bName, bias, channels));
        OnnxMl.NodeProto.Builder b = conv.toBuilder().setInput(1, wName).setOutput(0, bn.getOutput(0));
        if (b.getInputCount() > 2) {
            b.setInput(2, bName);
        } else {
            b.addInput(bName);
        }
        return b.build();
    }

    /** scale / sqrt(var + epsilon), per channel, in double. */
    private double[] factors(OnnxMl.NodeProto bn) throws QuantizationException {
        float[] scale = vector(bn.getInput(1));
        float[] variance = vector(bn.getInput(4));
        double epsilon = Protos.floatAttribute(bn, "epsilon", 1e-5f);
        double[] f = new double[scale.length];
        for (int c = 0; c < f.length; c++) {
            f[c] = scale[c] / Math.sqrt(variance[c] + epsilon);
        }
        return f;
    }

    private float[] vector(String name) throws QuantizationException {
        return QdqTensors.floats(floatInitializer(name));
    }

    private OnnxMl.TensorProto floatInitializer(String name) {
        OnnxMl.TensorProto t = uses.initializers().get(name);
        boolean external = t != null && (t.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL
                || t.getExternalDataCount() > 0);
        return t != null && !external && t.getDataType() == OnnxMl.TensorProto.DataType.FLOAT_VALUE ? t : null;
    }

    private boolean isVector(String name, long length) {
        OnnxMl.TensorProto t = floatInitializer(name);
        return t != null && t.getDimsCount() == 1 && t.getDims(0) == length;
    }

    /** Drops initializers that no node reads any more (the unfolded weights and statistics), here and among inputs. */
    private static OnnxMl.GraphProto withoutUnread(OnnxMl.GraphProto g) {
        Set<String> read = new HashSet<>(new GraphUses(g).pinned());
        g.getNodeList().forEach(n -> read.addAll(n.getInputList()));
        Set<String> unread = new HashSet<>();
        g.getInitializerList().stream().map(OnnxMl.TensorProto::getName).filter(n -> !read.contains(n)).forEach(unread::add);
        OnnxMl.GraphProto.Builder b = g.toBuilder().clearInitializer().clearInput();
        g.getInitializerList().stream().filter(t -> !unread.contains(t.getName())).forEach(b::addInitializer);
        g.getInputList().stream().filter(v -> !unread.contains(v.getName())).forEach(b::addInput);
        return b.build();
    }
}
