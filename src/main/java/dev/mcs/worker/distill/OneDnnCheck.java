package dev.mcs.worker.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.mcs.worker.engine.TorchRuntime;
import dev.mcs.worker.train.onnx.OutputParity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether libtorch's oneDNN Conv path computes a TorchScript module right on this CPU, checked on the module's own
 * training data before it trains. That path was wrong from batch 2 up at some channel counts (docs/training.md), so a
 * TorchScript scope starts with it off; it was also 3-5 times faster per training step. The module's output for a
 * batch and its parameters' gradients are computed with libtorch's own kernels and with oneDNN, in eval mode (no
 * dropout, batch statistics untouched); when every one agrees, the module's scope is verified and training runs on
 * oneDNN. Checked at the training batch size and at 2, the smallest batch oneDNN takes (one sample runs libtorch's
 * own kernel either way).
 */
final class OneDnnCheck {

    /**
     * Largest relative difference (largest element difference over largest magnitude) counted as agreement: the two
     * paths sum in different orders, a few 1e-7 apart on the digits CNNs; the faults were 0.3 and more, or Infinity.
     */
    static final double TOLERANCE = 1e-4;

    private static final Logger log = LoggerFactory.getLogger(OneDnnCheck.class);

    private OneDnnCheck() {}

    /**
     * Verifies {@code module}'s scope when oneDNN agrees with libtorch's own kernels on the first samples of
     * {@code data}'s training part.
     *
     * @return whether training will run on oneDNN
     */
    static boolean verify(TorchScriptStudent module, TrainingSet data, int batchSize) {
        List<Integer> training = data.training();
        int largest = Math.min(batchSize, training.size());
        if (largest < 2) {
            return false;
        }
        for (int size : new int[] {largest, 2}) {
            double difference = safeDifference(module, data, training.subList(0, size));
            if (!(difference <= TOLERANCE)) {
                logRefusal(size, difference);
                return false;
            }
        }
        module.oneDnnVerified();
        log.info("TorchScript module trains on libtorch's oneDNN Conv path: it agrees with libtorch's own kernels");
        return true;
    }

    private static void logRefusal(int batch, double difference) {
        if (Double.isNaN(difference)) {
            log.info("TorchScript module trains without libtorch's oneDNN Conv path: it could not be checked at batch"
                    + " {} (another TorchScript module is open, or the module does not run on this data)", batch);
        } else {
            log.info("TorchScript module trains without libtorch's oneDNN Conv path: at batch {} it differs from"
                    + " libtorch's own kernels by {} (relative)", batch, difference);
        }
    }

    /**
     * {@link #difference}, or NaN when the module does not run on this data: training then fails with its own,
     * clearer message.
     */
    private static double safeDifference(TorchScriptStudent module, TrainingSet data, List<Integer> indices) {
        try {
            return difference(module, data, indices);
        } catch (RuntimeException e) {
            log.debug("oneDNN check did not run", e);
            return Double.NaN;
        }
    }

    /** The largest relative difference over the output and every gradient; NaN when oneDNN could not be run. */
    private static double difference(TorchScriptStudent module, TrainingSet data, List<Integer> indices) {
        List<double[]> own = pass(module, data, indices);
        List<double[]> oneDnn = module.withOneDnn(() -> pass(module, data, indices));
        if (oneDnn == null) {
            return Double.NaN;
        }
        double worst = 0;
        for (int i = 0; i < own.size(); i++) {
            worst = Math.max(worst, OutputParity.of("check", oneDnn.get(i), own.get(i)).relative());
        }
        return worst;
    }

    /** The batch's output, then each parameter's gradient of Σ output²; the gradients are zeroed again. */
    private static List<double[]> pass(TorchScriptStudent module, TrainingSet data, List<Integer> indices) {
        List<double[]> values = new ArrayList<>();
        try (NDManager scope = TorchRuntime.engine().newBaseManager()) {
            Map<String, NDArray> feed = data.batch(scope, indices).feed();
            try (GradientCollector collector = TorchRuntime.engine().newGradientCollector()) {
                NDArray out = module.evalForwardWithGradients(scope, feed);
                values.add(doubles(out));
                collector.backward(out.square().sum());
            }
            for (Parameter p : module.parameters()) {
                NDArray weight = p.getArray();
                if (p.requiresGradient() && weight.hasGradient()) {
                    // The gradient handle is the engine's own: read and zeroed in place, not closed.
                    NDArray gradient = weight.getGradient();
                    values.add(doubles(gradient));
                    gradient.set(new NDIndex("..."), 0f);
                }
            }
        }
        return values;
    }

    /** The array's values in double precision (the parity measure's input). */
    static double[] doubles(NDArray array) {
        try (NDArray wide = array.toType(DataType.FLOAT64, true)) {
            return wide.toDoubleArray();
        }
    }
}
