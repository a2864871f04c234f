package dev.mcs.worker.quantize.smoothquant;

import ai.onnx.proto.OnnxMl;
import dev.mcs.worker.quantize.core.GraphUses;
import dev.mcs.worker.quantize.core.Protos;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Recognizes an attention context built from V as a standard BERT export does: V [b, s, K] → Reshape to
 * [b, s, H, D] → Transpose → MatMul(probabilities, ·) → Transpose → Reshape back to [.., K]. Every step
 * keeps channel j = (h, d) of V as channel j of the context and is linear in V, so X / s on the context
 * equals the same pipeline applied to V / s, and V's producer can absorb 1/s instead of an explicit Mul.
 * Any deviation (other readers, unknown shapes, a contraction over a head or channel axis) gives null.
 */
final class SmoothValuePath {

    /** Axis labels of the split V: two leading axes, heads, head dimension, and the query axis after MatMul. */
    private static final int[] SPLIT = {0, 1, 2, 3};
    private static final int HEADS = 2;
    private static final int DIM = 3;
    private static final int QUERY = 4;

    private final GraphUses uses;
    private final Map<String, OnnxMl.NodeProto> producers;

    SmoothValuePath(GraphUses uses, Map<String, OnnxMl.NodeProto> producers) {
        this.uses = uses;
        this.producers = producers;
    }

    /** The V tensor whose channels are the context's channels one to one, or null if the pattern differs. */
    String valueOf(String context, int k) {
        OnnxMl.NodeProto merge = node(producers.get(context), "Reshape");
        OnnxMl.NodeProto back = merge == null ? null : feeding(merge, 0, "Transpose");
        OnnxMl.NodeProto weighted = back == null ? null : feeding(back, 0, "MatMul");
        OnnxMl.NodeProto forth = weighted == null ? null : feeding(weighted, 1, "Transpose");
        OnnxMl.NodeProto split = forth == null ? null : feeding(forth, 0, "Reshape");
        if (split == null || !feedsOnly(split.getInput(0), split)) {
            return null;
        }
        long[] heads = trailingConstants(split.getInput(1), 2);
        long[] merged = trailingConstants(merge.getInput(1), 1);
        boolean shapes = heads != null && merged != null && heads[0] > 0 && heads[1] > 0
                && heads[0] * heads[1] == k && merged[0] == k;
        return shapes && keepsChannels(perm(forth), perm(back)) ? split.getInput(0) : null;
    }

    /** Follows the axis labels through both Transposes and the MatMul, which contracts V's axis -2. */
    private static boolean keepsChannels(long[] forth, long[] back) {
        if (forth == null || back == null) {
            return false;
        }
        int[] labels = permute(SPLIT, forth);
        if (labels[3] != DIM || labels[2] == HEADS) {
            return false;
        }
        labels[2] = QUERY;
        int[] out = permute(labels, back);
        return out[2] == HEADS && out[3] == DIM;
    }

    private static int[] permute(int[] labels, long[] perm) {
        int[] out = new int[labels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = labels[(int) perm[i]];
        }
        return out;
    }

    /** A rank-4 Transpose's explicit perm (the default reversal never keeps D last). */
    private static long[] perm(OnnxMl.NodeProto transpose) {
        OnnxMl.AttributeProto a = Protos.attribute(transpose, "perm");
        if (a == null || a.getIntsCount() != 4) {
            return null;
        }
        return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    /** The producer of {@code node}'s given input when it has that type and feeds nothing else. */
    private OnnxMl.NodeProto feeding(OnnxMl.NodeProto node, int input, String opType) {
        String data = node.getInput(input);
        OnnxMl.NodeProto producer = node(producers.get(data), opType);
        return producer != null && feedsOnly(data, node) ? producer : null;
    }

    /** Only {@code reader} (once) and Shape nodes, which look at the shape alone, read the tensor. */
    private boolean feedsOnly(String tensor, OnnxMl.NodeProto reader) {
        if (uses.pinned().contains(tensor) || uses.initializers().containsKey(tensor)) {
            return false;
        }
        List<OnnxMl.NodeProto> readers = uses.consumers(tensor);
        long byReader = readers.stream().filter(n -> n == reader).count();
        return byReader == 1 && readers.stream().allMatch(n -> n == reader || node(n, "Shape") != null);
    }

    private static OnnxMl.NodeProto node(OnnxMl.NodeProto node, String opType) {
        return node != null && node.getOpType().equals(opType) && Protos.isDefaultDomain(node.getDomain())
                && node.getInputCount() == (opType.equals("Transpose") || opType.equals("Shape") ? 1 : 2) ? node : null;
    }

    /** The last {@code count} entries of an int64 shape: an initializer, a Constant, or a Concat ending in those. */
    private long[] trailingConstants(String shape, int count) {
        long[] whole = constant(shape);
        if (whole != null) {
            return whole.length < count ? null : Arrays.copyOfRange(whole, whole.length - count, whole.length);
        }
        OnnxMl.NodeProto concat = producers.get(shape);
        if (concat == null || !concat.getOpType().equals("Concat")) {
            return null;
        }
        long[] tail = new long[0];
        for (int i = concat.getInputCount() - 1; i >= 0 && tail.length < count; i--) {
            long[] part = constant(concat.getInput(i));
            if (part == null) {
                return null;
            }
            long[] joined = Arrays.copyOf(part, part.length + tail.length);
            System.arraycopy(tail, 0, joined, part.length, tail.length);
            tail = joined;
        }
        return tail.length < count ? null : Arrays.copyOfRange(tail, tail.length - count, tail.length);
    }

    private long[] constant(String name) {
        OnnxMl.TensorProto t = uses.initializers().get(name);
        OnnxMl.NodeProto producer = producers.get(name);
        if (t == null && producer != null && producer.getOpType().equals("Constant")) {
            OnnxMl.AttributeProto value = Protos.attribute(producer, "value");
            t = value == null ? null : value.getT();
        }
        return t == null || t.getDataType() != OnnxMl.TensorProto.DataType.INT64_VALUE ? null : longs(t);
    }

    private static long[] longs(OnnxMl.TensorProto t) {
        if (t.getRawData().isEmpty()) {
            return t.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
        }
        LongBuffer buffer = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
        long[] v = new long[buffer.remaining()];
        buffer.get(v);
        return v;
    }
}
