package dev.mcs.worker.train.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.mcs.worker.engine.DatasetInputs;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.ModelInput;
import dev.mcs.worker.engine.Sample;
import dev.mcs.worker.engine.SampleSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training through the executor: a few AdamW steps on the digits MLP lower the loss, a frozen parameter keeps its
 * values, and the written-back ONNX file carries the change into ONNX Runtime. The only test class that opens a
 * GradientCollector (one per JVM on this engine); surefire runs test classes one after the other.
 */
class TrainingSmokeTest {

    private static final int STEPS = 20;

    @TempDir
    Path temp;

    @Test
    void aFewAdamWStepsLowerTheLossAndTheWrittenBackModelCarriesTheChangeIntoOnnxRuntime() throws Exception {
        Path model = Executors.fixture("digits_mlp.onnx");
        SampleSet data = DatasetInputs.read(DatasetPart.whole(Executors.fixture("digits_mlp_holdout.npz")),
                ModelInput.fed(Executors.read(model).getGraph()), 360, "no samples");
        Sample batch = SampleBatches.stack(data.samples());
        try (NDManager manager = Executors.torch(); TrainableOnnxModel executor = TrainableOnnxModel.load(model, manager)) {
            NDArray labels = manager.create(data.labels());
            String frozen = executor.parameters().keySet().iterator().next();
            float[] frozenBefore = executor.parameters().get(frozen).getArray().toFloatArray();
            executor.freeze(frozen::equals, true);
            // A noisy start (the fixture is already trained): every weight but the frozen one moves away from its optimum.
            Engine.getEngine("PyTorch").setRandomSeed(1234);
            executor.parameters().forEach((name, p) -> {
                if (!name.equals(frozen)) {
                    p.getArray().addi(p.getArray().getManager().randomNormal(0, 0.2f, p.getShape(), p.getArray().getDataType()));
                }
            });
            Optimizer adamW = Optimizer.adamW().optLearningRateTracker(Tracker.fixed(0.01f)).build();
            float first = trainStep(executor, manager, batch, labels, adamW);
            float last = first;
            for (int i = 1; i < STEPS; i++) {
                last = trainStep(executor, manager, batch, labels, adamW);
            }

            assertThat(last).isLessThan(first * 0.8f);
            assertThat(executor.parameters().get(frozen).getArray().toFloatArray()).containsExactly(frozenBefore);
            Path trained = temp.resolve("trained.onnx");
            executor.save(trained);
            List<Sample> one = List.of(batch);
            try (TrainableOnnxModel reloaded = TrainableOnnxModel.load(trained, manager)) {
                ParityReport againstFile = OrtParity.require(reloaded, manager, one);
                assertThat(againstFile.worst().relative()).isLessThan(OrtParity.TOLERANCE);
            }
            assertThat(ortLogits(trained, batch)).isNotEqualTo(ortLogits(model, batch));
            assertThat(ortLogits(trained, batch)).containsExactly(executorLogits(executor, manager, batch),
                    org.assertj.core.data.Offset.offset(1e-3f));
        }
    }

    private static float trainStep(TrainableOnnxModel executor, NDManager manager, Sample batch, NDArray labels,
            Optimizer optimizer) {
        float loss;
        try (NDManager step = manager.newSubManager()) {
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray logits = executor.forward(step, HostArrays.of(step, batch)).get("logits");
                NDArray value = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(labels), new NDList(logits));
                collector.backward(value);
                loss = value.getFloat();
            }
            executor.step(optimizer);
        }
        return loss;
    }

    private static float[] ortLogits(Path model, Sample batch) throws Exception {
        float[] all = Executors.ort(model, batch).get("logits");
        return all;
    }

    private static float[] executorLogits(TrainableOnnxModel executor, NDManager manager, Sample batch) {
        try (NDManager scope = manager.newSubManager()) {
            Map<String, NDArray> out = executor.forward(scope, HostArrays.of(scope, batch));
            return out.get("logits").stopGradient().toFloatArray();
        }
    }
}
