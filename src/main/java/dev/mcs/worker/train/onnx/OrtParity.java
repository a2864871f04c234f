package dev.mcs.worker.train.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.mcs.worker.engine.InputTensors;
import dev.mcs.worker.engine.OrtRuntime;
import dev.mcs.worker.engine.Sample;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The check before any training: the executor and ONNX Runtime run the same samples, and every graph output
 * must agree within {@value #TOLERANCE} relative ({@link OutputParity#relative}). ONNX Runtime runs the model
 * with the executor's current weights written back, so the same check also proves a write-back.
 *
 * <p>The samples are run one by one and, where their shapes allow and the graph does not fix its batch size, once more
 * as one batch: training runs batches, and libtorch's kernels differ by batch size (its oneDNN Conv path, taken from
 * batch 2 up, gave outputs 26-60 % off with some channel counts, while each sample alone was right; training.md).
 */
public final class OrtParity {

    public static final double TOLERANCE = 1e-4;

    private OrtParity() {
    }

    /** @throws ParityException naming the worst output and its values when parity is not within the tolerance */
    public static ParityReport require(TrainableOnnxModel model, NDManager manager, List<Sample> samples)
            throws OrtException, ParityException {
        ParityReport report = measure(model, manager, samples);
        if (!report.within(TOLERANCE)) {
            throw new ParityException(report, TOLERANCE);
        }
        return report;
    }

    public static ParityReport measure(TrainableOnnxModel model, NDManager manager, List<Sample> samples) throws OrtException {
        Map<String, OutputParity> worst = new LinkedHashMap<>();
        try (OrtSession.SessionOptions options = OrtRuntime.sessionOptions();
                OrtSession session = OrtRuntime.environment().createSession(model.withTrainedWeights().toByteArray(), options)) {
            Optional<Sample> batch = ParityBatch.of(model, samples);
            for (Sample sample : batch.map(b -> append(samples, b)).orElse(samples)) {
                Map<String, double[]> expected = ort(session, sample);
                Map<String, double[]> actual = executor(model, manager, sample);
                expected.forEach((name, ref) -> worst.merge(name, OutputParity.of(name, actual.get(name), ref), OutputParity::merge));
            }
            return new ParityReport(List.copyOf(worst.values()), samples.size(), batch.isPresent());
        }
    }

    private static List<Sample> append(List<Sample> samples, Sample batch) {
        List<Sample> all = new ArrayList<>(samples);
        all.add(batch);
        return all;
    }

    private static Map<String, double[]> ort(OrtSession session, Sample sample) throws OrtException {
        Map<String, double[]> out = new LinkedHashMap<>();
        try (InputTensors inputs = InputTensors.of(OrtRuntime.environment(), sample);
                OrtSession.Result result = session.run(inputs.tensors())) {
            for (Map.Entry<String, OnnxValue> entry : result) {
                out.put(entry.getKey(), values((OnnxTensor) entry.getValue()));
            }
        }
        return out;
    }

    private static double[] values(OnnxTensor tensor) {
        return switch (tensor.getInfo().type) {
            case FLOAT -> {
                FloatBuffer f = tensor.getFloatBuffer();
                double[] d = new double[f.remaining()];
                for (int i = 0; i < d.length; i++) {
                    d[i] = f.get(i);
                }
                yield d;
            }
            case INT64 -> {
                LongBuffer l = tensor.getLongBuffer();
                double[] d = new double[l.remaining()];
                for (int i = 0; i < d.length; i++) {
                    d[i] = l.get(i);
                }
                yield d;
            }
            default -> throw new OnnxExecutionException("parity of " + tensor.getInfo().type + " outputs is not checked");
        };
    }

    private static Map<String, double[]> executor(TrainableOnnxModel model, NDManager manager, Sample sample) {
        Map<String, double[]> out = new LinkedHashMap<>();
        try (NDManager scope = manager.newSubManager()) {
            Map<String, NDArray> outputs = model.forward(scope, HostArrays.of(scope, sample));
            outputs.forEach((name, v) -> out.put(name, v.stopGradient().toType(DataType.FLOAT64, false).toDoubleArray()));
        }
        return out;
    }

}
