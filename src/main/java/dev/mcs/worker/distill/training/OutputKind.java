package dev.mcs.worker.distill.training;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a model's first output holds, which decides the loss that trains it: class scores {@code [batch, classes]}
 * (soft targets with a temperature), an embedding {@code [batch, hidden]} pooled inside the graph (cosine or MSE on
 * the output itself), or per-token states {@code [batch, sequence, hidden]} (mask-pooled first).
 *
 * <p>The rule for a rank-2 output, from the graph alone: follow the output back through the element-wise and shape
 * operators an export puts after its last real operation (a mean's division, an L2 normalization's division or
 * scaling, casts, reshapes: always along the first input); if that operation is a reduction ({@code ReduceMean},
 * {@code ReduceSum}, {@code ReduceMax}), an {@code LpNormalization} or a {@code Gather} (a [CLS] row), the output is
 * an embedding; anything else ({@code Gemm}, {@code MatMul}, {@code Softmax}, …) makes it class scores. A user who
 * knows better says so with {@code outputKind}.
 *
 * @param kind what the output holds
 * @param reason why, in words, for the job's metrics
 */
public record OutputKind(Kind kind, String reason) {

    /** The three losses. */
    public enum Kind { CLASSES, EMBEDDING, TOKENS }

    public static final String AUTO = "auto";
    public static final String CLASSES = "classes";
    public static final String EMBEDDING = "embedding";

    private static final Set<String> TRAILING = Set.of("Identity", "Cast", "Reshape", "Squeeze", "Unsqueeze",
            "Flatten", "Div", "Mul", "Add", "Sub", "Clip", "Max", "Min");
    private static final Set<String> POOLING = Set.of("ReduceMean", "ReduceSum", "ReduceMax", "LpNormalization",
            "Gather");

    /**
     * The kind of {@code graph}'s first output.
     *
     * @param requested {@code auto} (or null), {@code classes} or {@code embedding}
     * @throws IllegalArgumentException when the output's rank is neither 2 nor 3, or {@code classes} is requested for
     *     a rank-3 output
     */
    public static OutputKind of(OnnxMl.GraphProto graph, String requested) {
        OnnxMl.ValueInfoProto output = graph.getOutput(0);
        int rank = output.getType().getTensorType().getShape().getDimCount();
        boolean auto = requested == null || AUTO.equals(requested);
        if (rank == 3) {
            if (CLASSES.equals(requested)) {
                throw new IllegalArgumentException("outputKind 'classes' needs an output [batch, classes]; output '"
                        + output.getName() + "' has rank 3 [batch, sequence, hidden]");
            }
            return new OutputKind(Kind.TOKENS, "output '" + output.getName() + "' is [batch, sequence, hidden]:"
                    + " token states, mean-pooled over the attention mask");
        }
        if (rank != 2) {
            throw new IllegalArgumentException("training compares class scores [batch, classes], embeddings [batch,"
                    + " hidden] or token states [batch, sequence, hidden]; output '" + output.getName() + "' has rank "
                    + rank);
        }
        if (!auto) {
            return new OutputKind(EMBEDDING.equals(requested) ? Kind.EMBEDDING : Kind.CLASSES,
                    "outputKind '" + requested + "' was given");
        }
        return traced(graph, output.getName());
    }

    private static OutputKind traced(OnnxMl.GraphProto graph, String output) {
        List<String> passed = new ArrayList<>();
        OnnxMl.NodeProto node = producer(graph, output);
        while (node != null && TRAILING.contains(node.getOpType()) && node.getInputCount() > 0) {
            passed.add(0, node.getOpType());
            node = producer(graph, node.getInput(0));
        }
        String made = node == null ? "a graph input or constant" : node.getOpType();
        String after = passed.isEmpty() ? "" : " (then " + String.join(", ", passed) + ")";
        if (node != null && POOLING.contains(node.getOpType())) {
            return new OutputKind(Kind.EMBEDDING, "output '" + output + "' [batch, hidden] comes from " + made + after
                    + ": an embedding pooled inside the graph");
        }
        return new OutputKind(Kind.CLASSES, "output '" + output + "' [batch, classes] comes from " + made + after
                + ": class scores");
    }

    private static OnnxMl.NodeProto producer(OnnxMl.GraphProto graph, String tensor) {
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            if (node.getOutputList().contains(tensor)) {
                return node;
            }
        }
        return null;
    }

    /** The kind's name as requests spell it: {@code classes}, {@code embedding} or {@code tokens}. */
    public String name() {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** Whether the output is compared as it is, without pooling (an embedding pooled inside the graph). */
    public boolean pooledInGraph() {
        return kind == Kind.EMBEDDING;
    }
}
