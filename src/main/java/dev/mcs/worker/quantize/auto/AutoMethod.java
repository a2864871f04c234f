package dev.mcs.worker.quantize.auto;

import dev.mcs.shared.technique.JobType;
import dev.mcs.shared.technique.MethodKey;
import dev.mcs.shared.technique.quantize.AutoParams;
import dev.mcs.worker.quantize.core.QuantizationException;
import dev.mcs.worker.quantize.scoring.CandidateEvaluator;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.MethodRunner;
import dev.mcs.worker.technique.TechniqueException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * {@code auto}: accuracy-targeted mixed precision. Chooses the base ({@link AutoBase}) and quantizes fully with
 * it; if that misses the target, ranks the quantized nodes by sensitivity in groups, as far as needed
 * ({@link GroupedSensitivity}), while keeping the fewest most sensitive nodes in float that meet the target
 * ({@link AutoSearch}). Never returns a model with nothing
 * quantized: when no such candidate exists the job fails with the best value reached.
 */
public final class AutoMethod implements MethodRunner {

    static final String AUTO = AutoParams.NAME;

    @Override
    public MethodKey key() {
        return new MethodKey(JobType.QUANTIZE, AUTO);
    }

    @Override
    public Record apply(MethodRun request) throws IOException, TechniqueException {
        long started = System.nanoTime();
        AutoParams params = request.params(AutoParams.class).withDefaults();
        AutoTarget target = AutoTarget.of(params.target());
        if (AUTO.equals(params.base())) {
            throw new QuantizationException("'auto' cannot be its own base method");
        }
        List<String> alwaysFloat = params.excludeNodes();
        try (CandidateEvaluator evaluator = CandidateEvaluator.open(request.input(), request.evaluation(), request.settings())) {
            if (target.onAccuracy() && !evaluator.labelled()) {
                throw new QuantizationException("'target.maxAccuracyDrop' needs evaluation data with 'labels' (the"
                        + " evaluation dataset, else the job's dataset) and a model whose first float output is"
                        + " [batch, classes]");
            }
            try (AutoBase base = AutoBase.choose(request, params.base(), alwaysFloat);
                    AutoCandidates candidates = new AutoCandidates(request, base.runner(), base.source(), alwaysFloat,
                            evaluator)) {
                return new AutoRun(request, base, target, evaluator, candidates, started).execute();
            }
        }
    }

    static String format(double value) {
        return String.format(Locale.ROOT, "%.8f", value);
    }

    static void moveToOutput(AutoCandidates.Candidate chosen, MethodRun request) throws IOException {
        Files.move(chosen.model(), request.output(), StandardCopyOption.REPLACE_EXISTING);
    }
}
