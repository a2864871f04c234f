package dev.mcs.worker.quantize.scoring;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.FloatOutputs;
import dev.mcs.worker.engine.OrtRuntime;
import dev.mcs.worker.evaluate.PooledEmbedding;
import dev.mcs.worker.evaluate.Similarity;
import dev.mcs.worker.quantize.core.QuantizationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Scores candidate models against the float model on fixed evaluation samples, the way the service's
 * evaluation does (first float output, per-sample cosine, mean over samples; top-1 accuracy with labels), except
 * that a sentence-embedding model (an {@code attention_mask} input and a [batch, tokens, width] output) is compared
 * on its attention-mask mean-pooled embedding, the vector its users actually consume.
 */
public final class CandidateEvaluator implements AutoCloseable {

    private static final String MASK = "attention_mask";

    private final OrtEnvironment env;
    private final ScoringSamples samples;
    private final String output;
    private final boolean pooled;
    private final boolean classifier;
    private final List<float[]> reference = new ArrayList<>();
    private CandidateScore referenceScore;

    private CandidateEvaluator(OrtEnvironment env, ScoringSamples samples, String output, long[] outputShape) {
        this.env = env;
        this.samples = samples;
        this.output = output;
        this.pooled = outputShape.length == 3 && samples.hasInput(MASK);
        // Labels count only for [batch, classes] outputs, as in the service's accuracy.
        this.classifier = outputShape.length == 2 && outputShape[1] != 1;
    }

    public static CandidateEvaluator open(Path floatModel, DatasetPart dataset, EvaluationSettings settings)
            throws QuantizationException {
        OrtEnvironment env = OrtRuntime.environment(settings.intraOpThreads());
        try (OrtSession.SessionOptions options = OrtRuntime.sessionOptions();
                OrtSession session = env.createSession(floatModel.toString(), options)) {
            String output = firstFloatOutput(session);
            long[] shape = ((TensorInfo) session.getOutputInfo().get(output).getInfo()).getShape();
            CandidateEvaluator evaluator = new CandidateEvaluator(env,
                    ScoringSamples.load(env, session.getInputInfo(), dataset, settings), output, shape);
            evaluator.referenceScore = evaluator.run(session, true, evaluator.samples.size());
            return evaluator;
        } catch (OrtException e) {
            throw new QuantizationException("ONNX Runtime cannot run the float model: " + e.getMessage(), e);
        }
    }

    /** The float model's own score: cosine 1 and its accuracy. */
    public CandidateScore reference() {
        return referenceScore;
    }

    public CandidateScore score(Path candidate) throws QuantizationException {
        return score(candidate, samples.size());
    }

    /** Scored on the first {@code limit} samples only: cheaper, for ranking candidates that a full score confirms. */
    public CandidateScore score(Path candidate, int limit) throws QuantizationException {
        try (OrtSession.SessionOptions options = OrtRuntime.sessionOptions();
                OrtSession session = env.createSession(candidate.toString(), options)) {
            return run(session, false, Math.min(limit, samples.size()));
        } catch (OrtException e) {
            throw new QuantizationException("ONNX Runtime cannot run a candidate model: " + e.getMessage(), e);
        }
    }

    /** What is compared: {@code pooledEmbeddingCosine} or {@code outputCosine}, and over how many samples. */
    public String metric() {
        return pooled ? "pooledEmbeddingCosine" : "outputCosine";
    }

    public int sampleCount() {
        return samples.size();
    }

    public String sampleSource() {
        return samples.source();
    }

    public boolean labelled() {
        return referenceScore.labelled() > 0;
    }

    private CandidateScore run(OrtSession session, boolean isReference, int count) throws OrtException {
        double cosines = 0;
        int hits = 0;
        int labelled = 0;
        for (int i = 0; i < count; i++) {
            float[] values = outputOf(session, i);
            float[] compared = pooled ? pool(values, i) : values;
            if (isReference) {
                reference.add(compared);
            }
            cosines += Similarity.cosine(reference.get(i), compared);
            Long label = samples.label(i);
            if (label != null && classifier) {
                labelled++;
                hits += Similarity.argmax(values, 0, values.length) == label ? 1 : 0;
            }
        }
        return new CandidateScore(cosines / count, hits, labelled);
    }

    private float[] outputOf(OrtSession session, int sample) throws OrtException {
        try (OrtSession.Result result = session.run(samples.inputs(sample), Set.of(output))) {
            return FloatOutputs.values((OnnxTensor) result.get(0));
        }
    }

    private float[] pool(float[] hidden, int sample) {
        long[] mask = samples.longValues(sample, MASK);
        return PooledEmbedding.pool(hidden, mask);
    }

    private static String firstFloatOutput(OrtSession session) throws OrtException, QuantizationException {
        return FloatOutputs.first(session).orElseThrow(() ->
                new QuantizationException("the model has no float output to compare candidates on"));
    }

    @Override
    public void close() {
        samples.close();
    }
}
