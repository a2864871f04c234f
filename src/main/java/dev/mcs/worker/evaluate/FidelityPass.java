package dev.mcs.worker.evaluate;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.mcs.worker.engine.FloatOutputs;
import dev.mcs.worker.engine.InputTensors;
import dev.mcs.worker.engine.Sample;
import dev.mcs.worker.engine.SampleSet;
import java.util.List;
import java.util.Set;

/** Runs both models on every sample and compares their first float output. */
final class FidelityPass {

    private FidelityPass() {}

    static FidelityTally run(OrtEnvironment env, OrtSession original, OrtSession compressed, SampleSet inputs,
            Progress progress) throws OrtException, EvaluationException {
        String output = firstFloatOutput(original);
        if (!compressed.getOutputNames().contains(output)) {
            throw new EvaluationException("the compressed model has no output '" + output + "'; its outputs are "
                    + compressed.getOutputNames());
        }
        FidelityTally tally = new FidelityTally(output);
        List<Sample> samples = inputs.samples();
        for (int i = 0; i < samples.size(); i++) {
            try (InputTensors tensors = InputTensors.of(env, samples.get(i));
                    OrtSession.Result a = original.run(tensors.tensors(), Set.of(output));
                    OrtSession.Result b = compressed.run(tensors.tensors(), Set.of(output))) {
                OnnxTensor outA = floatTensor(a.get(0), output);
                float[] valuesA = FloatOutputs.values(outA);
                float[] valuesB = FloatOutputs.values(floatTensor(b.get(0), output));
                long[] shape = outA.getInfo().getShape();
                tally.add(valuesA, valuesB, shape, inputs.label(i));
                PooledEmbedding.mask(samples.get(i), shape).ifPresent(mask ->
                        tally.addPooled(PooledEmbedding.pool(valuesA, mask), PooledEmbedding.pool(valuesB, mask)));
            }
            progress.step();
            progress.step();
        }
        return tally;
    }

    private static String firstFloatOutput(OrtSession session) throws OrtException, EvaluationException {
        return FloatOutputs.first(session).orElseThrow(() -> new EvaluationException(
                "the original model has no float output to compare; outputs are " + session.getOutputNames()));
    }

    private static OnnxTensor floatTensor(OnnxValue value, String output) throws EvaluationException {
        if (value instanceof OnnxTensor tensor && tensor.getInfo().type == OnnxJavaType.FLOAT) {
            return tensor;
        }
        throw new EvaluationException("output '" + output + "' of the compressed model is not a float tensor");
    }
}
