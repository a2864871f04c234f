package dev.mcs.worker.train.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl;
import dev.mcs.worker.engine.Sample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A CNN built here from the operators mobile exporters emit: Pad (constant, reflect, edge), Conv (plain, depthwise,
 * stride 2 with SAME_UPPER's asymmetric pads), BatchNormalization, Clip, HardSwish, HardSigmoid, Sigmoid gating,
 * MaxPool (with asymmetric pads), AveragePool, GlobalAveragePool, Concat, Flatten, Reshape, LeakyRelu, Gemm and
 * Softmax.
 */
class SyntheticCnnParityTest {

    private static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT_VALUE;
    private static NDManager manager;

    @BeforeAll
    static void engines() {
        manager = Executors.torch();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static GraphBuilder cnn() {
        GraphBuilder g = new GraphBuilder(7).input("x", FLOAT, -1, 3, 8, 8)
                .longs("pads1", new long[] {0, 0, 1, 1, 0, 0, 1, 1}, 8).floats("padValue", new float[] {0.5f})
                .weights("w1", 0, 0.3f, 8, 3, 3, 3).weights("b1", 0, 0.1f, 8)
                .weights("bnScale", 1, 0.1f, 8).weights("bnBias", 0, 0.1f, 8).weights("bnMean", 0, 0.1f, 8)
                .floats("bnVar", new float[] {0.5f, 1, 1.5f, 2, 0.8f, 1.2f, 0.9f, 1.1f}, 8)
                .floats("zero", new float[] {0}).floats("six", new float[] {6})
                .weights("w2", 0, 0.3f, 8, 1, 3, 3).weights("w4", 0, 0.2f, 8, 8, 3, 3)
                .longs("pads2", new long[] {0, 0, 1, 0, 0, 0, 0, 1}, 8)
                .longs("pads3", new long[] {0, 0, 0, 1, 0, 0, 1, 0}, 8)
                .longs("flat", new long[] {0, -1}, 2)
                .weights("wf", 0, 0.1f, 10, 160).weights("bf", 0, 0.1f, 10);
        g.node("Pad", "x,pads1,padValue", "p", "mode", "constant")
                .node("Conv", "p,w1,b1", "c1")
                .node("BatchNormalization", "c1,bnScale,bnBias,bnMean,bnVar", "bn", "epsilon", 1e-3f)
                .node("Clip", "bn,zero,six", "r6")
                .node("Conv", "r6,w2", "dw", "group", 8L, "pads", new long[] {1, 1, 1, 1})
                .node("HardSwish", "dw", "hs")
                .node("Conv", "hs,w4", "s2", "strides", new long[] {2, 2}, "auto_pad", "SAME_UPPER")
                .node("MaxPool", "hs", "mp", "kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2})
                .node("Concat", "mp,s2", "cat", "axis", 1L)
                .node("Sigmoid", "cat", "gate")
                .node("Mul", "cat,gate", "gated")
                .node("AveragePool", "gated", "ap", "kernel_shape", new long[] {3, 3}, "pads", new long[] {1, 1, 1, 1})
                .node("Pad", "ap,pads2", "rp", "mode", "reflect")
                .node("MaxPool", "rp", "mp2", "kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2},
                        "pads", new long[] {0, 0, 1, 1})
                .node("Pad", "mp2,pads3", "ep", "mode", "edge")
                .node("GlobalAveragePool", "ep", "gap")
                .node("Flatten", "gap", "f")
                .node("Reshape", "mp2,flat", "r")
                .node("LeakyRelu", "r", "lk", "alpha", 0.1f)
                .node("Concat", "f,lk", "feat", "axis", -1L)
                .node("Gemm", "feat,wf,bf", "logits", "transB", 1L, "alpha", 0.5f)
                .node("Softmax", "logits", "probs", "axis", 1L)
                .node("HardSigmoid", "logits", "hsig", "alpha", 0.3f);
        return g.output("logits", -1, 10).output("probs", -1, 10).output("hsig", -1, 10);
    }

    @Test
    void depthwiseConvolutionsNormalizationPoolingAndPaddingMatchOnnxRuntime() throws Exception {
        GraphBuilder g = cnn();
        OnnxMl.ModelProto model = g.model(14);
        List<Sample> batches = List.of(new Sample(Map.of("x", g.randomFloats(16, 3, 8, 8))),
                new Sample(Map.of("x", g.randomFloats(1, 3, 8, 8))));
        try (TrainableOnnxModel executor = TrainableOnnxModel.load(model, manager)) {
            ParityReport report = OrtParity.require(executor, manager, batches);

            assertThat(report.outputs()).hasSize(3);
            assertThat(report.worst().relative()).isLessThan(OrtParity.TOLERANCE);
            // The running statistics stay constants; scale and bias train.
            assertThat(executor.parameters()).containsKeys("w1", "w2", "w4", "bnScale", "bnBias", "wf", "bf")
                    .doesNotContainKeys("bnMean", "bnVar", "pads1", "padValue", "zero", "six");
        }
    }

    @Test
    void theOldOpsetFormsOfPadAndClipMatchOnnxRuntime() throws Exception {
        GraphBuilder g = new GraphBuilder(3).input("x", FLOAT, -1, 2, 5, 5).weights("w", 0, 0.5f, 4, 2, 3, 3);
        g.node("Pad", "x", "p", "pads", new long[] {0, 0, 2, 1, 0, 0, 0, 1}, "mode", "reflect")
                .node("Conv", "p,w", "c", "dilations", new long[] {2, 2}, "pads", new long[] {1, 0, 0, 1})
                .node("Clip", "c", "y", "min", -0.5f, "max", 0.7f)
                .node("Softmax", "y", "s", "axis", 1L)
                .output("s", -1, 4, 3, 3);
        try (TrainableOnnxModel executor = TrainableOnnxModel.load(g.model(10), manager)) {
            ParityReport report = OrtParity.require(executor, manager,
                    List.of(new Sample(Map.of("x", g.randomFloats(3, 2, 5, 5)))));

            assertThat(report.worst().relative()).isLessThan(OrtParity.TOLERANCE);
        }
    }

    @Test
    void nearestResizeMatchesOnnxRuntimeByScalesAndBySizes() throws Exception {
        GraphBuilder g = new GraphBuilder(5).input("x", FLOAT, -1, 3, 5, 6)
                .floats("roi", new float[0], 0).floats("scales", new float[] {1, 1, 2, 3}, 4)
                .floats("none", new float[0], 0).longs("sizes", new long[] {2, 3, 7, 4}, 4);
        g.node("Resize", "x,roi,scales", "big", "mode", "nearest", "coordinate_transformation_mode", "asymmetric",
                        "nearest_mode", "floor")
                .node("Resize", "x,roi,scales", "big2", "mode", "nearest")
                .node("Resize", "x,roi,none,sizes", "odd", "mode", "nearest", "coordinate_transformation_mode",
                        "align_corners", "nearest_mode", "round_prefer_ceil")
                .output("big", -1, 3, 10, 18).output("big2", -1, 3, 10, 18).output("odd", 2, 3, 7, 4);
        Sample sample = new Sample(Map.of("x", g.randomFloats(2, 3, 5, 6)));
        try (TrainableOnnxModel executor = TrainableOnnxModel.load(g.model(13), manager)) {
            ParityReport report = OrtParity.require(executor, manager, List.of(sample));

            assertThat(report.worst().relative()).isLessThan(OrtParity.TOLERANCE);
        }
    }
}
