package dev.mcs.worker.distill;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import dev.mcs.worker.engine.TorchRuntime;
import dev.mcs.worker.engine.TorchScriptScope;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An uploaded TorchScript student in libtorch. Loaded with trainable parameters (DJL's {@code trainParam}; without it
 * libtorch loads the module for inference only), trained in place, and saved back as TorchScript with its current
 * weights ({@code JniUtils.writeModule}), which any libtorch reads (DJL, {@code torch.jit.load}). TorchScript's
 * structure cannot change from Java, so the output is the user's module with trained weights. It names no inputs:
 * the student is fed the one input of the teacher's data. Train or eval mode follows each forward call (DJL's
 * module block switches it), and checkpoints are written after validation, in eval mode, so the saved module loads
 * in eval mode in Python too. PRUNE's masks edit a module's parameters through it and save it the same way.
 */
public final class TorchScriptStudent implements TrainableStudent, AutoCloseable {

    private static final String TRAINABLE = "trainParam";

    private final Model model;
    private final TorchScriptScope convPath;
    private final List<Parameter> parameters;

    private TorchScriptStudent(Model model, TorchScriptScope convPath) {
        this.model = model;
        this.convPath = convPath;
        this.parameters = model.getBlock().getParameters().values();
    }

    /**
     * @param trainable with trainable parameters (to train it), or for inference only (to measure a saved file as
     *     a user will load it)
     */
    public static TorchScriptStudent load(Path file, boolean trainable) throws IOException {
        TorchScriptScope convPath = TorchRuntime.torchScriptScope();
        Model model = Model.newInstance("student", Device.cpu(), TorchRuntime.engine().getEngineName());
        try {
            model.load(file.toAbsolutePath().getParent(), file.getFileName().toString(),
                    trainable ? Map.of(TRAINABLE, "true") : Map.of());
            return new TorchScriptStudent(model, convPath);
        } catch (MalformedModelException | EngineException | IOException e) {
            model.close();
            convPath.close();
            throw new IOException("the TorchScript student does not load: " + e.getMessage(), e);
        }
    }

    @Override
    public NDArray forward(NDManager scope, Map<String, NDArray> feed, boolean training) {
        if (feed.size() != 1) {
            throw new IllegalArgumentException("a TorchScript student takes one input (TorchScript names none); the"
                    + " teacher's data has " + feed.keySet());
        }
        return forward(scope, List.of(feed.values().iterator().next()), training);
    }

    /** The first output for {@code inputs}, passed to the module's {@code forward} in their order (an encoder's). */
    NDArray forward(NDManager scope, List<NDArray> inputs, boolean training) {
        return model.getBlock().forward(new ParameterStore(scope, false), new NDList(inputs), training).head();
    }

    /**
     * The first output in eval mode (no dropout, batch statistics untouched) with autograd on, so that gradients
     * flow as in training: DJL's forward turns autograd off in eval mode, so the module is put in eval mode by one
     * such forward and then run directly.
     */
    NDArray evalForwardWithGradients(NDManager scope, Map<String, NDArray> feed) {
        NDList inputs = new NDList(feed.values().iterator().next());
        forward(scope, feed, false);
        return IValueUtils.forward((PtSymbolBlock) model.getBlock(), inputs, true).head();
    }

    /** A manager for one batch's arrays, closed after it. */
    NDManager newScope() {
        return model.getNDManager().newSubManager();
    }

    /** Runs {@code work} with libtorch's oneDNN Conv path on; null when another TorchScript scope is open. */
    <T> T withOneDnn(Supplier<T> work) {
        return convPath.withOneDnn(work);
    }

    /** Marks this module as computed right by libtorch's oneDNN Conv path ({@link OneDnnCheck}). */
    void oneDnnVerified() {
        convPath.verified();
    }

    @Override
    public Collection<Parameter> parameters() {
        return parameters;
    }

    long parameterCount() {
        return parameters.stream().mapToLong(p -> p.getArray().size()).sum();
    }

    @Override
    public void step(Optimizer optimizer) {
        for (Parameter p : parameters) {
            NDArray weight = p.getArray();
            if (p.requiresGradient() && weight.hasGradient()) {
                optimizer.update(p.getName(), weight, weight.getGradient());
            }
        }
    }

    @Override
    public void save(Path output) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), 1 << 20)) {
            JniUtils.writeModule((PtSymbolBlock) model.getBlock(), out, false);
        }
    }

    @Override
    public void close() {
        model.close();
        convPath.close();
    }
}
