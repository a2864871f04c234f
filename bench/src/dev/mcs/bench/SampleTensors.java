package dev.mcs.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Batch-1 input tensors, one map per sample, built once from NPZ arrays named like the model's inputs. */
final class SampleTensors {

    private SampleTensors() {}

    static List<Map<String, OnnxTensor>> build(OrtEnvironment env, Map<String, NdArray> data, Set<String> inputNames)
            throws OrtException {
        int samples = -1;
        for (String name : inputNames) {
            NdArray a = data.get(name);
            if (a == null) {
                throw new IllegalArgumentException("the NPZ has no array for model input " + name);
            }
            samples = samples < 0 ? a.rows() : Math.min(samples, a.rows());
        }
        List<Map<String, OnnxTensor>> out = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            Map<String, OnnxTensor> sample = new LinkedHashMap<>();
            for (String name : inputNames) {
                sample.put(name, tensor(env, data.get(name), i));
            }
            out.add(sample);
        }
        return out;
    }

    private static OnnxTensor tensor(OrtEnvironment env, NdArray a, int row) throws OrtException {
        long[] shape = a.shape().clone();
        shape[0] = 1;
        switch (a.descr()) {
            case "<f4":
                return OnnxTensor.createTensor(env, a.row(row).asFloatBuffer(), shape);
            case "<i8":
                return OnnxTensor.createTensor(env, a.row(row).asLongBuffer(), shape);
            case "<i4":
                return OnnxTensor.createTensor(env, a.row(row).asIntBuffer(), shape);
            default:
                throw new IllegalArgumentException("unsupported dtype " + a.descr() + " of shape "
                        + Arrays.toString(a.shape()));
        }
    }
}
