package dev.mcs.worker.train.onnx;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl;
import dev.mcs.worker.engine.DatasetInputs;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.ModelInput;
import dev.mcs.worker.engine.OnnxModelFile;
import dev.mcs.worker.engine.OrtRuntime;
import dev.mcs.worker.engine.Sample;
import dev.mcs.worker.evaluate.TestModels;
import java.nio.file.Path;
import java.util.List;

/** Engines in the order the worker starts them (ONNX Runtime first), fixtures and dataset batches. */
final class Executors {

    private Executors() {
    }

    static NDManager torch() {
        OrtRuntime.environment();
        return NDManager.newBaseManager(Device.cpu(), "PyTorch");
    }

    static Path fixture(String name) {
        return TestModels.fixture(name);
    }

    static OnnxMl.ModelProto read(Path model) throws Exception {
        return OnnxModelFile.read(model).proto();
    }

    /** The first {@code count} samples of the dataset, in batches of {@code batch}. */
    static List<Sample> batches(Path model, Path npz, int count, int batch) throws Exception {
        List<ModelInput> inputs = ModelInput.fed(read(model).getGraph());
        List<Sample> samples = DatasetInputs.read(DatasetPart.whole(npz), inputs, count, "no samples").samples();
        return SampleBatches.of(samples, batch);
    }
}
