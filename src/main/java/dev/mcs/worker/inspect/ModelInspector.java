package dev.mcs.worker.inspect;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.worker.engine.InvalidModelException;
import dev.mcs.worker.engine.OnnxModelFile;
import java.nio.file.Path;

/**
 * Inspects an uploaded model in a worker process: structure, parameter count and one smoke inference.
 * Loads native engines, so it must never run in the API process.
 */
public final class ModelInspector {

    /**
     * @throws InvalidModelException if the file is not a loadable model of that format; the message is the
     *     engine's reason
     */
    public ModelInspection inspect(Path model, ModelFormat format) throws InvalidModelException {
        return switch (format) {
            case ONNX -> inspectOnnx(model);
            case TORCHSCRIPT -> TorchScriptInspector.inspect(model);
        };
    }

    private static ModelInspection inspectOnnx(Path model) throws InvalidModelException {
        // Parsing first also refuses external data before ONNX Runtime ever opens the file.
        OnnxModelFile file = OnnxModelFile.read(model);
        OnnxDetails details = OnnxDetailsReader.read(file.proto());
        SmokeTest smoke = OnnxSmoke.run(model);
        return new ModelInspection(ModelFormat.ONNX, file.parameterCount(), file.parameterBytes(), details, null, smoke);
    }
}
