package dev.mcs.worker.engine;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.util.Optional;

/**
 * The output a fidelity number is taken on. Evaluation and {@code auto}'s candidate scoring must compare the
 * same one, or {@code auto} would meet its target on a tensor the job's report never looks at.
 */
public final class FloatOutputs {

    private FloatOutputs() {}

    /** The first output the session declares as a float tensor. */
    public static Optional<String> first(OrtSession session) throws OrtException {
        for (NodeInfo output : session.getOutputInfo().values()) {
            if (output.getInfo() instanceof TensorInfo info && info.type == OnnxJavaType.FLOAT) {
                return Optional.of(output.getName());
            }
        }
        return Optional.empty();
    }

    /** A float tensor's values, copied out of native memory. */
    public static float[] values(OnnxTensor tensor) {
        FloatBuffer buffer = tensor.getFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }
}
