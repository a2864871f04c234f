package dev.mcs.shared.technique;

import java.util.List;

/**
 * The ONNX operator types that technique methods rewrite, and how a node is named in {@code excludeNodes}. The
 * methods' parameter records, their worker-side rewriters and the model inspection all use these, so the
 * submission checks and the workers agree on what a method can touch.
 */
public final class OpTypes {

    public static final String MATMUL = "MatMul";
    public static final String GEMM = "Gemm";
    public static final String CONV = "Conv";
    /** An embedding lookup: quantized when it reads a constant float table. */
    public static final String GATHER = "Gather";
    /** Attention probabilities: how pruning finds heads and distillation finds encoder layers. */
    public static final String SOFTMAX = "Softmax";

    /** Operator types whose nodes a model inspection names: every type some method rewrites or keeps by name. */
    public static final List<String> NAMED = List.of(CONV, GATHER, GEMM, MATMUL);

    private OpTypes() {}

    /**
     * The name by which {@code excludeNodes} refers to a node: its name, else its first output (exporters often
     * leave nodes unnamed), else its operator type.
     */
    public static String label(String name, String firstOutput, String opType) {
        if (name != null && !name.isEmpty()) {
            return name;
        }
        return firstOutput != null && !firstOutput.isEmpty() ? firstOutput : opType;
    }
}
