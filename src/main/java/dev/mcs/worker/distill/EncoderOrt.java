package dev.mcs.worker.distill;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.mcs.worker.engine.InputTensors;
import dev.mcs.worker.engine.OrtRuntime;
import dev.mcs.worker.engine.Sample;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An encoder graph (teacher, candidate or student) in ONNX Runtime, run on token batches. */
final class EncoderOrt implements AutoCloseable {

    private final OrtSession.SessionOptions options;
    private final OrtSession session;

    EncoderOrt(OnnxMl.ModelProto model) throws OrtException {
        this.options = OrtRuntime.sessionOptions();
        try {
            this.session = OrtRuntime.environment().createSession(model.toByteArray(), options);
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }

    /** The named float outputs, each flattened row-major ({@code [batch, sequence, hidden]} for hidden states). */
    Map<String, float[]> run(Sample batch, List<String> outputs) throws OrtException {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (InputTensors inputs = InputTensors.of(OrtRuntime.environment(), batch);
                OrtSession.Result result = session.run(inputs.tensors(), Set.copyOf(outputs))) {
            for (String name : outputs) {
                FloatBuffer values = ((OnnxTensor) result.get(name).orElseThrow()).getFloatBuffer();
                float[] copy = new float[values.remaining()];
                values.get(copy);
                out.put(name, copy);
            }
        }
        return out;
    }

    /** Whether the model's first output is {@code [batch, hidden]}: pooled inside the graph, compared as it is. */
    static boolean pooledInGraph(OnnxMl.ModelProto model) {
        return model.getGraph().getOutput(0).getType().getTensorType().getShape().getDimCount() == 2;
    }

    /**
     * One row per sample: attention-mask mean pooling of a {@code [batch, sequence, hidden]} output, or the rows of a
     * {@code [batch, hidden]} one that the graph pooled ({@code inGraph}).
     */
    static float[][] pool(float[] hidden, long[] mask, int batch, boolean inGraph) {
        if (inGraph) {
            int width = hidden.length / batch;
            float[][] rows = new float[batch][];
            for (int b = 0; b < batch; b++) {
                rows[b] = Arrays.copyOfRange(hidden, b * width, (b + 1) * width);
            }
            return rows;
        }
        int sequence = mask.length / batch;
        int width = hidden.length / mask.length;
        float[][] pooled = new float[batch][width];
        for (int b = 0; b < batch; b++) {
            int tokens = 0;
            for (int t = 0; t < sequence; t++) {
                if (mask[b * sequence + t] != 0) {
                    tokens++;
                    int at = (b * sequence + t) * width;
                    for (int h = 0; h < width; h++) {
                        pooled[b][h] += hidden[at + h];
                    }
                }
            }
            for (int h = 0; h < width; h++) {
                pooled[b][h] /= Math.max(1, tokens);
            }
        }
        return pooled;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.max(1e-12, Math.sqrt(na) * Math.sqrt(nb));
    }

    @Override
    public void close() throws OrtException {
        try {
            session.close();
        } finally {
            options.close();
        }
    }
}
