package dev.mcs.worker.train.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxJavaType;
import dev.mcs.worker.engine.HostTensor;
import dev.mcs.worker.engine.Sample;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The parity check also runs its samples as one batch, as training does, when the samples and the graph allow it
 * (libtorch's kernels differ by batch size: its oneDNN Conv path was wrong from batch 2 up, each sample alone right).
 */
class ParityBatchTest {

    private static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT_VALUE;
    private static NDManager manager;
    private final Random random = new Random(7);

    @BeforeAll
    static void engines() {
        manager = Executors.torch();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** x [batch, width] → MatMul with a [width, 3] weight → Relu → y. */
    private static OnnxMl.ModelProto matMul(long batch, long width) {
        GraphBuilder g = new GraphBuilder(3).input("x", FLOAT, batch, width).output("y", batch, 3)
                .weights("w", 0, 0.5f, width, 3);
        return g.node("MatMul", "x,w", "m").node("Relu", "m", "y").model(14);
    }

    private Sample sample(long... shape) {
        float[] values = new float[(int) (shape[0] * shape[1])];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return new Sample(Map.of("x", new HostTensor(OnnxJavaType.FLOAT, shape, FloatBuffer.wrap(values))));
    }

    @Test
    void samples_of_one_shape_are_also_checked_as_one_batch() throws Exception {
        try (TrainableOnnxModel model = TrainableOnnxModel.load(matMul(-1, 4), manager)) {
            ParityReport report = OrtParity.require(model, manager, List.of(sample(1, 4), sample(1, 4), sample(1, 4)));
            assertThat(report.batched()).isTrue();
            assertThat(report.samples()).isEqualTo(3);
            assertThat(report.describe()).endsWith("over 3 samples, one by one and as one batch");
        }
    }

    @Test
    void sentences_of_different_lengths_are_checked_one_by_one() throws Exception {
        OnnxMl.ModelProto relu = new GraphBuilder(3).input("x", FLOAT, -1, -1).output("y", -1, -1)
                .node("Relu", "x", "y").model(14);
        try (TrainableOnnxModel model = TrainableOnnxModel.load(relu, manager)) {
            ParityReport report = OrtParity.require(model, manager, List.of(sample(1, 4), sample(1, 6)));
            assertThat(report.batched()).isFalse();
            assertThat(report.samples()).isEqualTo(2);
        }
    }

    @Test
    void a_graph_that_fixes_its_batch_size_is_checked_one_sample_at_a_time() throws Exception {
        try (TrainableOnnxModel model = TrainableOnnxModel.load(matMul(1, 4), manager)) {
            ParityReport report = OrtParity.require(model, manager, List.of(sample(1, 4), sample(1, 4)));
            assertThat(report.batched()).isFalse();
            assertThat(report.within(OrtParity.TOLERANCE)).isTrue();
        }
    }

    @Test
    void a_single_sample_is_not_batched_again() throws Exception {
        try (TrainableOnnxModel model = TrainableOnnxModel.load(matMul(-1, 4), manager)) {
            assertThat(OrtParity.require(model, manager, List.of(sample(1, 4))).batched()).isFalse();
        }
    }
}
