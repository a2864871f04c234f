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

    /** ONNX Runtime's float outputs of one sample, by name. */
    static java.util.Map<String, float[]> ort(Path model, Sample sample) throws Exception {
        java.util.Map<String, float[]> out = new java.util.LinkedHashMap<>();
        try (ai.onnxruntime.OrtSession.SessionOptions options = OrtRuntime.sessionOptions();
                ai.onnxruntime.OrtSession session = OrtRuntime.environment().createSession(model.toString(), options);
                dev.mcs.worker.engine.InputTensors inputs = dev.mcs.worker.engine.InputTensors.of(OrtRuntime.environment(), sample);
                ai.onnxruntime.OrtSession.Result result = session.run(inputs.tensors())) {
            for (var entry : result) {
                java.nio.FloatBuffer values = ((ai.onnxruntime.OnnxTensor) entry.getValue()).getFloatBuffer();
                float[] copy = new float[values.remaining()];
                values.get(copy);
                out.put(entry.getKey(), copy);
            }
        }
        return out;
    }
}
