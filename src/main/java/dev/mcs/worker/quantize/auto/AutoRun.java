package dev.mcs.worker.quantize.auto;

import dev.mcs.worker.quantize.core.QuantizationException;
import dev.mcs.worker.quantize.scoring.CandidateEvaluator;
import dev.mcs.worker.quantize.scoring.CandidateScore;
import dev.mcs.worker.technique.MethodRun;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One execution of the {@code auto} method: base, sensitivities (as far as the search needs), search, summary. */
final class AutoRun {

    private final MethodRun request;
    private final AutoBase base;
    private final AutoTarget target;
    private final CandidateEvaluator evaluator;
    private final AutoCandidates candidates;
    private final long started;
    private AutoCandidates.Candidate full;
    private List<Sensitivity> ranked = List.of();
    private long sensitivityMs;
    private int probes;
    private long searchMs;

    AutoRun(MethodRun request, AutoBase base, AutoTarget target, CandidateEvaluator evaluator,
            AutoCandidates candidates, long started) {
        this.request = request;
        this.base = base;
        this.target = target;
        this.evaluator = evaluator;
        this.candidates = candidates;
        this.started = started;
    }

    AutoSummary execute() throws IOException, QuantizationException {
        request.progress().accept(0.02);
        full = base.built() != null ? candidates.adopt(base.built(), base.builtSummary(), List.of())
                : candidates.build(List.of());
        request.progress().accept(0.1);
        if (target.met(full.score(), evaluator.reference())) {
            return finish(full);
        }
        long probeStart = System.nanoTime();
        GroupedSensitivity ranking = new GroupedSensitivity(candidates, target, full.quantizedNodes(),
                GroupedSensitivity.RANKING_SAMPLES);
        int mustStayFloat = ranking.leading(score -> !target.met(score, evaluator.reference()));
        request.progress().accept(0.3);
        if (mustStayFloat == ranking.size()) {
            Sensitivity least = ranking.get(ranking.size() - 1);
            throw unreachable(least.alone(), "even with only the least sensitive node '" + least.node()
                    + "' quantized (all others in float)");
        }
        AutoCandidates.Candidate chosen;
        try {
            chosen = new AutoSearch(candidates, target, evaluator.reference()).find(ranking, Math.max(1, mustStayFloat),
                    share -> request.progress().accept(0.3 + 0.7 * share));
        } catch (AutoSearch.Unreachable e) {
            throw unreachable(e.best, "with " + e.keptFloat + " of " + ranking.size() + " nodes kept in float");
        } finally {
            ranked = ranking.ranked();
            probes = ranking.probes();
            sensitivityMs = ranking.millis();
            searchMs = millisSince(probeStart) - sensitivityMs;
        }
        return finish(chosen);
    }

    private QuantizationException unreachable(CandidateScore best, String how) {
        return new QuantizationException("target cannot be met: " + target.describe() + " with base '" + base.method()
                + "'; the best " + (target.onAccuracy() ? "accuracy drop" : "cosine") + " reached is "
                + AutoMethod.format(target.value(best, evaluator.reference())) + ", " + how
                + " (a model with nothing quantized is not returned)");
    }

    private AutoSummary finish(AutoCandidates.Candidate chosen) throws IOException {
        long outputBytes = chosen.bytes();
        long floatBytes = Files.size(request.input());
        AutoMethod.moveToOutput(chosen, request);
        List<AutoSummary.KeptNode> kept = ranked.stream().filter(s -> chosen.keptFloat().contains(s.node()))
                .map(this::keptNode).toList();
        CandidateScore score = chosen.score();
        CandidateScore reference = evaluator.reference();
        request.progress().accept(1.0);
        return new AutoSummary(AutoMethod.AUTO, base.method(), base.choice(), target.describe(), evaluator.metric(),
                target.value(score, reference), score.cosineMean(), full.score().cosineMean(), reference.accuracy(),
                score.accuracy(), full.score().accuracy(), evaluator.sampleCount(), evaluator.sampleSource(), kept,
                kept.size(), chosen.quantizedNodes(), chosen.quantizedNodes().size(), outputBytes, full.bytes(),
                floatBytes, outputBytes - full.bytes(), outputBytes / (double) floatBytes, sensitivityMs, probes, ranked.size(), searchMs,
                millisSince(started), candidates.built());
    }

    private AutoSummary.KeptNode keptNode(Sensitivity s) {
        Double drop = s.alone().accuracy() == null ? null : evaluator.reference().accuracy() - s.alone().accuracy();
        return new AutoSummary.KeptNode(s.node(), s.cosineLoss(), drop);
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
