package dev.mcs.worker.inspect;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Runs a TorchScript module once. TorchScript stores no input spec, so the input is guessed from the first
 * weight, which usually belongs to the first layer: a linear weight [out, in] suggests [1, in], a convolution
 * weight [out, in, k...] suggests [1, in, 8...].
 */
final class TorchScriptSmoke {

    private static final long SPATIAL = 8;

    private TorchScriptSmoke() {}

    static SmokeTest run(Model model, List<ParameterInfo> parameters) {
        Optional<long[]> guess = parameters.isEmpty() ? Optional.empty() : guessInput(parameters.get(0).shape());
        if (guess.isEmpty()) {
            return SmokeTest.failed("no input spec in TorchScript and no linear or convolution weight to guess one from");
        }
        long[] shape = guess.get();
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDList input = new NDList(manager.randomUniform(0f, 1f, new Shape(shape)));
            Block block = model.getBlock();
            ParameterStore store = new ParameterStore(manager, false);
            block.forward(store, input, false);
            long start = System.nanoTime();
            NDList output = block.forward(store, input, false);
            double latencyMs = (System.nanoTime() - start) / 1e6;
            return SmokeTest.passed(latencyMs, "guessed input float32" + Arrays.toString(shape),
                    Arrays.stream(shape).boxed().toList(), Arrays.stream(output.head().getShape().getShape()).boxed()
                            .toList());
        } catch (RuntimeException e) {
            return SmokeTest.failed("no input spec in TorchScript; guessed input " + Arrays.toString(shape)
                    + " failed: " + EngineMessages.concise(e, null));
        }
    }

    static Optional<long[]> guessInput(List<Long> weight) {
        if (weight.size() < 2 || weight.size() > 5) {
            return Optional.empty();
        }
        long[] shape = new long[weight.size()];
        shape[0] = 1;
        shape[1] = weight.get(1);
        for (int i = 2; i < shape.length; i++) {
            shape[i] = Math.max(SPATIAL, weight.get(i));
        }
        return Optional.of(shape);
    }
}
