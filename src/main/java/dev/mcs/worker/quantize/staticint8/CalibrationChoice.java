package dev.mcs.worker.quantize.staticint8;

import ai.onnx.proto.OnnxMl;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.quantize.calibration.TensorStats;
import dev.mcs.worker.quantize.core.OnnxModelFiles;
import dev.mcs.worker.quantize.core.QuantizationException;
import dev.mcs.worker.quantize.scoring.CandidateEvaluator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Calibration {@code auto}: which range estimator suits a model is measured, not assumed. One calibration pass
 * collects min, max and a histogram per activation; each candidate estimator turns them into ranges, its QDQ
 * model is scored against the float model on the calibration samples (mean output cosine, as the service's
 * evaluation computes it), and the best is kept. Measured on PaddleOCR's three models the best estimator
 * differs per model (docs/benchmarks.md), so no single default is right for a model family.
 */
final class CalibrationChoice {

    /** One range estimator; {@code percentile} only for {@code percentile}. */
    record Candidate(String calibration, Double percentile) {

        String label() {
            return percentile == null ? calibration : calibration + " " + percentile;
        }
    }

    /** The estimators {@code static_int8} offers, with the documented percentile and one step below it. */
    static final List<Candidate> CANDIDATES = List.of(new Candidate("minmax", null),
            new Candidate("percentile", 99.999), new Candidate("percentile", 99.99), new Candidate("entropy", null));

    /** Writes the QDQ graph that a set of ranges gives. */
    interface Rewrite {
        OnnxMl.GraphProto apply(Map<String, StaticRange.Uint8> ranges) throws QuantizationException;
    }

    /**
     * @param chosen the estimator kept
     * @param graph its QDQ graph
     * @param scores "estimator: cosine" for every candidate, in the order tried
     */
    record Result(Candidate chosen, OnnxMl.GraphProto graph, List<String> scores) {
    }

    private CalibrationChoice() {
    }

    static Result choose(OnnxMl.ModelProto floatModel, Map<String, TensorStats> stats, Rewrite rewrite,
                         DatasetPart data, EvaluationSettings settings, Path workDir)
            throws IOException, QuantizationException {
        if (!hasFloatOutput(floatModel)) { // nothing to compare candidates on: keep the simplest estimator
            Candidate minmax = CANDIDATES.get(0);
            return new Result(minmax, rewrite.apply(ranges(stats, minmax)),
                    List.of(minmax.label() + ": not scored, the model has no float output to compare"));
        }
        Path dir = Files.createTempDirectory(workDir, "calibration-choice");
        try {
            Path reference = dir.resolve("float.onnx");
            OnnxModelFiles.write(floatModel, reference);
            try (CandidateEvaluator evaluator = CandidateEvaluator.open(reference, data, settings)) {
                return best(floatModel, stats, rewrite, evaluator, dir.resolve("candidate.onnx"));
            }
        } finally {
            deleteTree(dir);
        }
    }

    private static Result best(OnnxMl.ModelProto floatModel, Map<String, TensorStats> stats, Rewrite rewrite,
                               CandidateEvaluator evaluator, Path file) throws IOException, QuantizationException {
        List<String> scores = new ArrayList<>();
        Candidate best = null;
        OnnxMl.GraphProto bestGraph = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Candidate c : CANDIDATES) {
            OnnxMl.GraphProto graph = rewrite.apply(ranges(stats, c));
            OnnxModelFiles.write(floatModel.toBuilder().setGraph(graph).build(), file);
            double score = evaluator.score(file).cosineMean();
            scores.add(String.format(Locale.ROOT, "%s: %.5f", c.label(), score));
            if (score > bestScore) { // ties keep the earlier, simpler estimator
                best = c;
                bestGraph = graph;
                bestScore = score;
            }
        }
        return new Result(best, bestGraph, scores);
    }

    private static boolean hasFloatOutput(OnnxMl.ModelProto model) {
        return model.getGraph().getOutputList().stream()
                .anyMatch(v -> v.getType().getTensorType().getElemType() == OnnxMl.TensorProto.DataType.FLOAT_VALUE);
    }

    static Map<String, StaticRange.Uint8> ranges(Map<String, TensorStats> stats, Candidate c) {
        Map<String, StaticRange.Uint8> ranges = new LinkedHashMap<>();
        double percentile = c.percentile() == null ? 100 : c.percentile();
        stats.forEach((name, s) -> ranges.put(name, StaticRange.of(s, c.calibration(), percentile)));
        return ranges;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }
}
