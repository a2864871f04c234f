package dev.mcs.worker.quantize;

import ai.djl.engine.Engine;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs models with the real ONNX Runtime, all graph optimizations on. */
public final class Ort {

    /** One named input: either float or int64 data. */
    public record Input(String name, float[] floats, long[] longs, long... shape) {

        public static Input floats(String name, float[] data, long... shape) {
            return new Input(name, data, null, shape);
        }

        public static Input longs(String name, long[] data, long... shape) {
            return new Input(name, null, data, shape);
        }
    }

    private static OrtEnvironment environment;

    private Ort() {
    }

    public static synchronized OrtEnvironment env() {
        if (environment == null) {
            System.setProperty("ai.djl.offline", "true");
            System.setProperty("ai.djl.onnx.disable_alternative", "true");
            Engine.getEngine("OnnxRuntime");
            environment = OrtEnvironment.getEnvironment();
        }
        return environment;
    }

    /** Every output, flattened, in the model's output order. */
    public static List<float[]> run(Path model, Input... inputs) throws OrtException {
        try (OrtSession session = session(model)) {
            return run(env(), session, inputs);
        }
    }

    /** A session with every graph optimization on, for many runs of one model; the caller closes it. */
    public static OrtSession session(Path model) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            return env().createSession(model.toString(), options);
        }
    }

    /** Every output of an open session, flattened, in the model's output order. */
    public static List<float[]> run(OrtSession session, Input... inputs) throws OrtException {
        return run(env(), session, inputs);
    }

    private static List<float[]> run(OrtEnvironment env, OrtSession session, Input... inputs) throws OrtException {
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            for (Input in : inputs) {
                feed.put(in.name(), in.floats() != null
                        ? OnnxTensor.createTensor(env, FloatBuffer.wrap(in.floats()), in.shape())
                        : OnnxTensor.createTensor(env, LongBuffer.wrap(in.longs()), in.shape()));
            }
            try (OrtSession.Result result = session.run(feed)) {
                List<float[]> outputs = new ArrayList<>();
                for (var entry : result) {
                    FloatBuffer values = ((OnnxTensor) entry.getValue()).getFloatBuffer();
                    float[] copy = new float[values.remaining()];
                    values.get(copy);
                    outputs.add(copy);
                }
                return outputs;
            }
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    public static double cosine(float[] a, float[] b) {
        return dev.mcs.worker.evaluate.Similarity.cosine(a, b);
    }
}
