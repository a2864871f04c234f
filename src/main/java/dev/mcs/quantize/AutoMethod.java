package dev.mcs.quantize;

import dev.mcs.job.QuantizeParams;
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
final class AutoMethod implements QuantizationMethod {

    static final String AUTO = "auto";

    @Override
    public String name() {
        return AUTO;
    }

    @Override
    public Record apply(QuantizationRequest request) throws IOException, QuantizationException {
        long started = System.nanoTime();
        QuantizeParams params = request.params();
        AutoTarget target = AutoTarget.of(params.target());
        String base = params.base() == null ? OnnxDynamicQuantizer.DYNAMIC_INT8 : params.base();
        if (base.equals(AUTO)) {
            throw new QuantizationException("'auto' cannot be its own base method");
        }
        List<String> alwaysFloat = params.excludeNodes() == null ? List.of() : params.excludeNodes();
        try (AutoEvaluator evaluator = AutoEvaluator.open(request.input(), request.dataset(), request.settings());
                AutoCandidates candidates = new AutoCandidates(request, base, alwaysFloat, evaluator)) {
            if (target.onAccuracy() && !evaluator.labelled()) {
                throw new QuantizationException("'target.maxAccuracyDrop' needs a dataset with 'labels' and a model"
                        + " whose first float output is [batch, classes]");
            }
            AutoRun run = new AutoRun(request, base, target, evaluator, candidates, started);
            return run.execute();
        }
    }

    static String format(double value) {
        return String.format(Locale.ROOT, "%.8f", value);
    }

    static void moveToOutput(AutoCandidates.Candidate chosen, QuantizationRequest request) throws IOException {
        Files.move(chosen.model(), request.output(), StandardCopyOption.REPLACE_EXISTING);
    }
}
