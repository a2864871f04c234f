package dev.mcs.worker.quantize.smoothquant;

import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.quantize.SmoothQuantParams;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.quantize.core.OnnxModelFiles;
import dev.mcs.worker.quantize.core.QuantizationException;
import dev.mcs.worker.quantize.scoring.CandidateEvaluator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleConsumer;

/**
 * {@code alpha: auto}. The right migration strength depends on the model (0.8 on all-MiniLM-L6-v2, below
 * 0.5 on some other encoders), so it is measured: the activation statistics are collected once, candidate
 * strengths are applied and quantized, and each result is scored against the float model on the
 * calibration samples. A coarse pass over {@link #COARSE} is refined by ±{@link #STEP} around the best. The
 * unsmoothed int8 model competes too, so the result is never further from the float model (on that data)
 * than plain int8 with the same options.
 */
final class AlphaSearch {

    static final double[] COARSE = {0.3, 0.5, 0.7, 0.9};
    static final double STEP = 0.1;

    /**
     * What the search measured.
     *
     * @param chosen the strength kept, or {@code none} when not smoothing scored best
     * @param reason why it was kept
     * @param metric what the scores are (e.g. mean pooled-embedding cosine to the float model)
     * @param samples calibration samples scored on
     * @param candidates every strength tried, with its score
     */
    record Report(String chosen, String reason, String metric, int samples, List<Candidate> candidates) {}

    /**
     * @param alpha the strength, or {@code none}
     * @param score mean similarity to the float model on the calibration samples
     */
    record Candidate(String alpha, double score) {}

    private final SmoothQuantizer quantizer;
    private final SmoothQuantParams params;
    private final DatasetPart dataset;
    private final int maxSamples;
    private final Path folder;
    private final Path smoothedFloat;
    private final List<Candidate> tried = new ArrayList<>();

    AlphaSearch(SmoothQuantizer quantizer, SmoothQuantParams params, DatasetPart dataset, int maxSamples, Path output)
            throws IOException {
        this(quantizer, params, dataset, maxSamples, output, null);
    }

    /** @param smoothedFloat where the chosen float model (smoothed or not) is also written, or null */
    AlphaSearch(SmoothQuantizer quantizer, SmoothQuantParams params, DatasetPart dataset, int maxSamples, Path output,
            Path smoothedFloat) throws IOException {
        this.quantizer = quantizer;
        this.params = params;
        this.dataset = dataset;
        this.maxSamples = maxSamples;
        this.smoothedFloat = smoothedFloat;
        this.folder = Files.createTempDirectory(output.toAbsolutePath().getParent(), "alpha-search-");
    }

    SmoothQuantSummary run(Path input, Path output, EvaluationSettings settings, DoubleConsumer progress)
            throws IOException, QuantizationException {
        try {
            // Calibrating first also refuses a missing dataset before any candidate is scored.
            SmoothQuantizer.Calibrated calibrated = quantizer.calibrate(input, dataset, params, maxSamples,
                    p -> SmoothQuantizer.report(progress, 0.3 * p));
            try (CandidateEvaluator evaluator = CandidateEvaluator.open(input, dataset, settings)) {
                return search(calibrated, evaluator, output, progress);
            }
        } finally {
            deleteFolder();
        }
    }

    private SmoothQuantSummary search(SmoothQuantizer.Calibrated calibrated, CandidateEvaluator evaluator, Path output,
            DoubleConsumer progress) throws IOException, QuantizationException {
        Outcome best = unsmoothed(calibrated, evaluator);
        for (double alpha : COARSE) {
            best = better(best, smoothed(calibrated, alpha, evaluator));
            SmoothQuantizer.report(progress, 0.3 + 0.1 * tried.size());
        }
        best = refine(best, calibrated, evaluator);
        Files.move(best.file(), output, StandardCopyOption.REPLACE_EXISTING);
        if (smoothedFloat != null) {
            OnnxModelFiles.write(best.smoothed().model(), smoothedFloat);
        }
        SmoothQuantizer.report(progress, 1.0);
        return SmoothQuantSummary.of(best.alpha(), best.smoothed(), best.quantization(), report(best, evaluator));
    }

    /** One quantized candidate, kept on disk until the search ends. */
    private record Outcome(Double alpha, SmoothQuantizer.Smoothed smoothed, Record quantization, Path file,
                           double score) {}

    private Outcome refine(Outcome best, SmoothQuantizer.Calibrated calibrated, CandidateEvaluator evaluator)
            throws IOException, QuantizationException {
        if (best.alpha() == null) {
            return best;
        }
        double center = best.alpha();
        for (double alpha : new double[] {center - STEP, center + STEP}) {
            double rounded = Math.round(alpha * 100) / 100.0;
            if (rounded > 0 && rounded < 1 && tried.stream().noneMatch(c -> c.alpha().equals(label(rounded)))) {
                best = better(best, smoothed(calibrated, rounded, evaluator));
            }
        }
        return best;
    }

    private Outcome unsmoothed(SmoothQuantizer.Calibrated c, CandidateEvaluator evaluator)
            throws IOException, QuantizationException {
        SmoothQuantizer.Smoothed plain = new SmoothQuantizer.Smoothed(c.model(), c.samples(), c.calibrationMs(),
                List.of(), List.of(), c.found().size());
        return measure(null, plain, evaluator);
    }

    private Outcome smoothed(SmoothQuantizer.Calibrated c, double alpha, CandidateEvaluator evaluator)
            throws IOException, QuantizationException {
        return measure(alpha, SmoothQuantizer.smooth(c, alpha), evaluator);
    }

    private Outcome measure(Double alpha, SmoothQuantizer.Smoothed smoothed, CandidateEvaluator evaluator)
            throws IOException, QuantizationException {
        Path file = folder.resolve("candidate-" + tried.size() + ".onnx");
        Record quantization = SmoothQuantizer.int8(smoothed.model(), file, dataset, params, maxSamples);
        double score = evaluator.score(file).cosineMean();
        tried.add(new Candidate(alpha == null ? "none" : label(alpha), score));
        return new Outcome(alpha, smoothed, quantization, file, score);
    }

    /** Strictly better wins, so on a tie the earlier candidate (not smoothing first) is kept. */
    private static Outcome better(Outcome current, Outcome challenger) throws IOException {
        Outcome loser = challenger.score() > current.score() ? current : challenger;
        Files.deleteIfExists(loser.file());
        return loser == current ? challenger : current;
    }

    private Report report(Outcome best, CandidateEvaluator evaluator) {
        String reason = best.alpha() == null
                ? "unsmoothed int8 was at least as close to the float model as every smoothing strength"
                : "closest to the float model of " + tried.size() + " candidates, unsmoothed int8 included";
        return new Report(best.alpha() == null ? "none" : label(best.alpha()), reason,
                evaluator.metric() + " on " + evaluator.sampleSource() + " samples", evaluator.sampleCount(),
                List.copyOf(tried));
    }

    private static String label(double alpha) {
        return String.format(Locale.ROOT, "%.2f", alpha);
    }

    private void deleteFolder() throws IOException {
        try (var files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(folder);
    }
}
