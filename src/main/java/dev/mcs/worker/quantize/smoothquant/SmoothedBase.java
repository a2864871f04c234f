package dev.mcs.worker.quantize.smoothquant;

import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.quantize.SmoothQuantParams;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.quantize.core.QuantizationException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code smoothquant} with its defaults ({@code alpha: auto}) as the starting point of another method: the
 * calibration and the alpha search run once, and the float model the chosen result was quantized from is kept
 * too. Quantizing that float model with {@code dynamic_int8} and the same (default) options gives the same int8
 * model, so variants with some nodes kept in float cost one dynamic quantization each, not a new search.
 */
public final class SmoothedBase {

    /**
     * What the search chose.
     *
     * @param alpha the strength kept, or null when the unsmoothed int8 model scored best
     * @param quantization the int8 step's summary of the fully quantized result (it names the quantized nodes)
     * @param reason why that candidate was kept
     * @param metric what the scores are, and on which samples
     * @param samples samples each candidate was scored on
     * @param candidates every strength tried ({@code none}: not smoothed) with its score
     */
    public record Result(Double alpha, Record quantization, String reason, String metric, int samples,
            List<Scored> candidates) {

        public Result {
            candidates = List.copyOf(candidates);
        }
    }

    /** @param alpha a strength, or {@code none}; @param score mean similarity to the float model */
    public record Scored(String alpha, double score) {}

    /**
     * Samples each strength is scored on here (the calibration still reads all of them). The caller confirms the
     * result on its own evaluation data, so the search only has to rank strengths; scoring costs one inference
     * per sample per strength and was most of the search's time.
     */
    public static final int RANKING_SAMPLES = 32;

    private SmoothedBase() {}

    /**
     * @param quantized where the fully quantized result is written
     * @param smoothedFloat where the float model it was quantized from is written
     * @param excludeNodes nodes kept in float in every candidate of the search
     */
    public static Result build(Path input, Path quantized, Path smoothedFloat, DatasetPart dataset,
            List<String> excludeNodes, EvaluationSettings settings) throws IOException, QuantizationException {
        SmoothQuantParams params = new SmoothQuantParams(SmoothQuantParams.NAME, null, null, null, excludeNodes, null,
                null, null).withDefaults();
        SmoothQuantSummary summary = new AlphaSearch(SmoothQuantMethod.quantizer(), params, dataset,
                settings.maxSamples(), quantized, smoothedFloat).run(input, quantized, ranking(settings), share -> { });
        AlphaSearch.Report report = summary.alphaSearch();
        return new Result(summary.alpha(), summary.quantization(), report.reason(), report.metric(), report.samples(),
                report.candidates().stream().map(c -> new Scored(c.alpha(), c.score())).toList());
    }

    private static EvaluationSettings ranking(EvaluationSettings s) {
        return new EvaluationSettings(s.warmupRuns(), s.timedRuns(), s.intraOpThreads(),
                Math.min(s.maxSamples(), RANKING_SAMPLES), s.syntheticSamples(), s.seed());
    }
}
