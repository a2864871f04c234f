package dev.mcs.worker.train.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteBackTest {

    /** getManagedArrays counts the sub-managers' arrays too, the model's among them. */
    @Test
    void repeatedForwardPassesLeaveNothingBehindInTheModelsManager() throws Exception {
        Path model = Executors.fixture("digits_mlp.onnx");
        var batch = Executors.batches(model, Executors.fixture("digits_mlp_holdout.npz"), 8, 8).get(0);
        try (NDManager manager = Executors.torch(); TrainableOnnxModel executor = TrainableOnnxModel.load(model, manager)) {
            forward(executor, manager, batch);
            int before = manager.getManagedArrays().size();
            for (int i = 0; i < 5; i++) {
                forward(executor, manager, batch);
            }

            assertThat(manager.getManagedArrays().size()).isEqualTo(before);
        }
    }

    private static void forward(TrainableOnnxModel executor, NDManager manager, dev.mcs.worker.engine.Sample batch) {
        try (NDManager scope = manager.newSubManager()) {
            executor.forward(scope, HostArrays.of(scope, batch));
        }
    }


    @TempDir
    Path temp;

    @Test
    void untrainedWeightsWriteBackToTheSameGraphWithTheSameValues() throws Exception {
        OnnxMl.ModelProto original = Executors.read(Executors.fixture("digits_cnn.onnx"));
        try (NDManager manager = Executors.torch(); TrainableOnnxModel executor = TrainableOnnxModel.load(original, manager)) {
            OnnxMl.ModelProto written = executor.withTrainedWeights();

            assertThat(written.getGraph().getNodeList()).isEqualTo(original.getGraph().getNodeList());
            assertThat(written.getOpsetImportList()).isEqualTo(original.getOpsetImportList());
            assertThat(written.getGraph().getInitializerCount()).isEqualTo(original.getGraph().getInitializerCount());
            for (int i = 0; i < original.getGraph().getInitializerCount(); i++) {
                OnnxMl.TensorProto before = original.getGraph().getInitializer(i);
                OnnxMl.TensorProto after = written.getGraph().getInitializer(i);
                assertThat(after.getName()).isEqualTo(before.getName());
                assertThat(after.getDimsList()).isEqualTo(before.getDimsList());
                assertThat(TensorProtos.toArray(manager, after).toFloatArray())
                        .containsExactly(TensorProtos.toArray(manager, before).toFloatArray());
            }
        }
    }

    @Test
    void aChangedParameterReachesOnnxRuntimeThroughTheSavedFile() throws Exception {
        Path model = Executors.fixture("digits_cnn.onnx");
        var batches = Executors.batches(model, Executors.fixture("digits_cnn_holdout.npz"), 32, 32);
        Path saved = temp.resolve("changed.onnx");
        try (NDManager manager = Executors.torch(); TrainableOnnxModel executor = TrainableOnnxModel.load(model, manager)) {
            String last = executor.parameters().keySet().stream().reduce((a, b) -> b).orElseThrow();
            executor.parameters().get(last).getArray().addi(3f);
            executor.save(saved);

            float[] before = Executors.ort(model, batches.get(0)).get("logits");
            float[] after = Executors.ort(saved, batches.get(0)).get("logits");
            for (int i = 0; i < before.length; i++) {
                assertThat(after[i]).isCloseTo(before[i] + 3f, org.assertj.core.data.Offset.offset(1e-4f));
            }
            try (TrainableOnnxModel reloaded = TrainableOnnxModel.load(saved, manager)) {
                assertThat(OrtParity.require(reloaded, manager, List.of(batches.get(0))).worst().relative())
                        .isLessThan(OrtParity.TOLERANCE);
            }
        }
    }
}
