package dev.mcs.worker.inspect;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.mcs.shared.format.ModelFormat;
import dev.mcs.worker.engine.InvalidModelException;
import dev.mcs.worker.engine.OrtRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads a TorchScript module with DJL's PyTorch engine and reads its parameters. */
final class TorchScriptInspector {

    private TorchScriptInspector() {}

    static ModelInspection inspect(Path file) throws InvalidModelException {
        OrtRuntime.preferOfflineEngines();
        try (Model model = Model.newInstance("inspect", Device.cpu(), "PyTorch")) {
            load(model, file);
            List<ParameterInfo> parameters = new ArrayList<>();
            long count = 0;
            long bytes = 0;
            for (Pair<String, Parameter> parameter : model.getBlock().getParameters()) {
                NDArray array = parameter.getValue().getArray();
                parameters.add(new ParameterInfo(parameter.getKey(), asList(array.getShape().getShape()),
                        array.getDataType().toString()));
                count += array.size();
                bytes += array.size() * array.getDataType().getNumOfBytes();
            }
            SmokeTest smoke = TorchScriptSmoke.run(model, parameters);
            return new ModelInspection(ModelFormat.TORCHSCRIPT, count, bytes, null, new TorchScriptDetails(parameters), smoke);
        }
    }

    private static void load(Model model, Path file) throws InvalidModelException {
        // libtorch reading the file itself gives clearer errors than reading DJL's stream.
        try {
            model.load(file.toAbsolutePath().getParent(), file.getFileName().toString());
        } catch (MalformedModelException | EngineException e) {
            throw new InvalidModelException(EngineMessages.concise(e, file), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Long> asList(long[] dims) {
        List<Long> list = new ArrayList<>(dims.length);
        for (long dim : dims) {
            list.add(dim);
        }
        return List.copyOf(list);
    }
}
