package dev.mcs.worker.distill;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtException;
import dev.mcs.worker.engine.Sample;
import java.util.ArrayList;
import java.util.List;

/**
 * Mean pooled cosine of an encoder's output to the teacher's on fixed samples, both run in ONNX Runtime: what users
 * of sentence embeddings compare. The teacher's pooled outputs are computed once.
 */
final class PooledAgreement {

    private final List<List<Sample>> batches;
    private final List<float[][]> teacher;

    private PooledAgreement(List<List<Sample>> batches, List<float[][]> teacher) {
        this.batches = batches;
        this.teacher = teacher;
    }

    static PooledAgreement against(OnnxMl.ModelProto teacherModel, List<Sample> samples) throws OrtException {
        List<List<Sample>> batches = new ArrayList<>();
        for (int from = 0; from < samples.size(); from += EncoderTargets.BATCH) {
            batches.add(samples.subList(from, Math.min(samples.size(), from + EncoderTargets.BATCH)));
        }
        return new PooledAgreement(batches, pooled(teacherModel, batches));
    }

    int samples() {
        return batches.stream().mapToInt(List::size).sum();
    }

    /** Mean over the samples of the cosine between the model's pooled output and the teacher's. */
    double of(OnnxMl.ModelProto model) throws OrtException {
        List<float[][]> rows = pooled(model, batches);
        double sum = 0;
        for (int b = 0; b < rows.size(); b++) {
            for (int i = 0; i < rows.get(b).length; i++) {
                sum += EncoderOrt.cosine(rows.get(b)[i], teacher.get(b)[i]);
            }
        }
        return sum / Math.max(1, samples());
    }

    private static List<float[][]> pooled(OnnxMl.ModelProto model, List<List<Sample>> batches) throws OrtException {
        String output = model.getGraph().getOutput(0).getName();
        boolean inGraph = EncoderOrt.pooledInGraph(model);
        List<float[][]> out = new ArrayList<>();
        try (EncoderOrt session = new EncoderOrt(model)) {
            for (List<Sample> samples : batches) {
                Sample batch = TokenBatches.stack(samples);
                out.add(EncoderOrt.pool(session.run(batch, List.of(output)).get(output), TokenBatches.mask(batch),
                        samples.size(), inGraph));
            }
        }
        return out;
    }
}
