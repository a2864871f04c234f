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
 * {@code auto}: accuracy-targeted mixed precision. Quantizes fully with the base method; if that misses the
 * target, measures each quantized node's sensitivity ({@link SensitivityProbe}), then keeps the fewest most
 * sensitive nodes in float that meet the target ({@link AutoSearch}). Never returns a model with nothing
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
        String base = params.base();
        if (base.equals(AUTO)) {
            throw new QuantizationException("'auto' cannot be its own base method");
        }
        List<String> alwaysFloat = params.excludeNodes();
        try (CandidateEvaluator evaluator = CandidateEvaluator.open(request.input(), request.evaluation(), request.settings());
                AutoCandidates candidates = new AutoCandidates(request, base, alwaysFloat, evaluator)) {
            if (target.onAccuracy() && !evaluator.labelled()) {
                throw new QuantizationException("'target.maxAccuracyDrop' needs evaluation data with 'labels' (the"
                        + " evaluation dataset, else the job's dataset) and a model whose first float output is"
                        + " [batch, classes]");
            }
            AutoRun run = new AutoRun(request, base, target, evaluator, candidates, started);
            return run.execute();
        }
    }

    static String format(double value) {
        return String.format(Locale.ROOT, "%.8f", value);
    }

    static void moveToOutput(AutoCandidates.Candidate chosen, MethodRun request) throws IOException {
        Files.move(chosen.model(), request.output(), StandardCopyOption.REPLACE_EXISTING);
    }
}
