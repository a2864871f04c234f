package dev.mcs.worker.distill;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtException;
import dev.mcs.worker.engine.DatasetInputs;
import dev.mcs.worker.engine.InvalidDatasetException;
import dev.mcs.worker.engine.ModelInput;
import dev.mcs.worker.engine.Sample;
import dev.mcs.worker.technique.MethodRun;
import java.util.List;

/**
 * Where a layers student's pooled cosine to the teacher is reported before and after training: the job's evaluation
 * samples (its evaluation dataset or the held-out fifth, at most the evaluation's sample limit), which neither
 * training nor checkpoint choice sees; without them, the validation slice (said so in {@code source}).
 *
 * @param source {@code evaluation-dataset}, {@code held-out} or {@code validation-slice}
 * @param agreement the teacher's pooled outputs on those samples, to compare students with
 */
record HeldOut(String source, PooledAgreement agreement) {

    static HeldOut of(MethodRun run, OnnxMl.ModelProto teacher, List<Sample> training, EncoderSplit split)
            throws OrtException, InvalidDatasetException {
        if (run.evaluation() == null) {
            return new HeldOut("validation-slice",
                    PooledAgreement.against(teacher, split.validation().stream().map(training::get).toList()));
        }
        List<Sample> samples = DatasetInputs.read(run.evaluation(), ModelInput.fed(teacher.getGraph()),
                run.settings().maxSamples(), "the evaluation data has no samples").samples();
        return new HeldOut(run.evaluation().source(), PooledAgreement.against(teacher, samples));
    }

    int samples() {
        return agreement.samples();
    }
}
