package dev.mcs.service.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.technique.JobType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class JobMetricsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void flattenNamesEveryNumericLeafByItsDottedPath() {
        Map<String, Double> rows = JobMetrics.flatten(tree("""
                {"sampleCount": 32,
                 "original": {"sizeBytes": 4000, "latencyP50Ms": 1.5},
                 "fidelity": {"cosine": {"mean": 0.999, "min": 0.98}}}
                """));

        assertThat(rows).containsExactlyInAnyOrderEntriesOf(Map.of(
                "sampleCount", 32.0,
                "original.sizeBytes", 4000.0,
                "original.latencyP50Ms", 1.5,
                "fidelity.cosine.mean", 0.999,
                "fidelity.cosine.min", 0.98));
    }

    @Test
    void flattenSkipsStringsArraysBooleansAndNulls() {
        Map<String, Double> rows = JobMetrics.flatten(tree("""
                {"inputSource": "dataset",
                 "shape": [1, 28, 28],
                 "quantized": true,
                 "top1Accuracy": null,
                 "environment": {"cpu": "x86_64", "threads": 1, "versions": ["1.2", 3]},
                 "ratio": 0.25}
                """));

        assertThat(rows).containsExactlyInAnyOrderEntriesOf(Map.of("environment.threads", 1.0, "ratio", 0.25));
    }

    @Test
    void flattenKeepsTheDocumentOrder() {
        Map<String, Double> rows = JobMetrics.flatten(tree("{\"b\": 2, \"a\": {\"z\": 26, \"y\": 25}, \"c\": 3}"));

        assertThat(rows.keySet()).containsExactly("b", "a.z", "a.y", "c");
    }

    @Test
    void flattenReturnsNothingForAnEmptyDocument() {
        assertThat(JobMetrics.flatten(tree("{}"))).isEmpty();
    }

    @Test
    void flattenKeepsLargeIntegersAndNegativeNumbers() {
        Map<String, Double> rows = JobMetrics.flatten(tree("{\"sizeBytes\": 3000000000, \"delta\": -0.5}"));

        assertThat(rows).containsEntry("sizeBytes", 3.0e9).containsEntry("delta", -0.5);
    }

    @Test
    void documentCopiesTheReportAndComputesCompressedOverOriginalRatios() {
        JsonNode metrics = workerMetrics(report(4000, 2.0, 4.0), report(1000, 1.0, 3.0));

        ObjectNode doc = JobMetrics.document(JSON, metrics, tree("{\"compressionMs\": 120}"), plan(Duration.ofMillis(750)), 9000);

        assertThat(doc.path("original").path("sizeBytes").asLong()).isEqualTo(4000);
        assertThat(doc.path("compressed").path("sizeBytes").asLong()).isEqualTo(1000);
        assertThat(doc.path("inputSource").asString()).isEqualTo("synthetic");
        assertThat(doc.path("technique").path("matMulsQuantized").asInt()).isEqualTo(3);
        JsonNode ratios = doc.path("ratios");
        assertThat(ratios.path("size").asDouble()).isCloseTo(1000.0 / 4000.0, within(1e-12));
        assertThat(ratios.path("latencyP50").asDouble()).isCloseTo(1.0 / 2.0, within(1e-12));
        assertThat(ratios.path("latencyP95").asDouble()).isCloseTo(3.0 / 4.0, within(1e-12));
    }

    @Test
    void documentCollectsQueueWaitWorkerTimingsAndAttemptWallTime() {
        JsonNode metrics = workerMetrics(report(4000, 2.0, 4.0), report(1000, 1.0, 3.0));

        ObjectNode doc = JobMetrics.document(JSON, metrics, tree("{\"workerStartMs\": 400, \"compressionMs\": 120}"),
                plan(Duration.ofSeconds(2)), 9000);

        JsonNode timings = doc.path("timingsMs");
        assertThat(timings.path("queueWaitMs").asLong()).isEqualTo(2000);
        assertThat(timings.path("workerStartMs").asLong()).isEqualTo(400);
        assertThat(timings.path("compressionMs").asLong()).isEqualTo(120);
        assertThat(timings.path("attemptWallMs").asLong()).isEqualTo(9000);
    }

    @Test
    void documentLeavesOutRatiosWhoseInputsAreMissingZeroOrNotNumbers() {
        ObjectNode original = report(0, 2.0, 4.0);
        original.put("latencyP50Ms", "fast");
        original.remove("latencyP95Ms");
        JsonNode metrics = workerMetrics(original, report(1000, 1.0, 3.0));

        ObjectNode doc = JobMetrics.document(JSON, metrics, tree("{}"), plan(Duration.ZERO), 1);

        assertThat(doc.path("ratios").isObject()).isTrue();
        assertThat(doc.path("ratios").propertyNames()).isEmpty();
    }

    @Test
    void flatteningADocumentNamesRatiosAndTimingsByPath() {
        JsonNode metrics = workerMetrics(report(4000, 2.0, 4.0), report(1000, 1.0, 3.0));
        ObjectNode doc = JobMetrics.document(JSON, metrics, tree("{\"compressionMs\": 120}"), plan(Duration.ofMillis(5)), 77);

        Map<String, Double> rows = JobMetrics.flatten(doc);

        assertThat(rows)
                .containsEntry("ratios.size", 0.25)
                .containsEntry("ratios.latencyP50", 0.5)
                .containsEntry("timingsMs.queueWaitMs", 5.0)
                .containsEntry("timingsMs.compressionMs", 120.0)
                .containsEntry("timingsMs.attemptWallMs", 77.0)
                .containsEntry("original.sizeBytes", 4000.0)
                .containsEntry("technique.matMulsQuantized", 3.0)
                .containsEntry("sampleCount", 32.0)
                .doesNotContainKey("inputSource");
    }

    private static ObjectNode report(long sizeBytes, double p50, double p95) {
        ObjectNode measurement = JSON.createObjectNode();
        measurement.put("sizeBytes", sizeBytes);
        measurement.put("latencyP50Ms", p50);
        measurement.put("latencyP95Ms", p95);
        return measurement;
    }

    private static JsonNode workerMetrics(ObjectNode original, ObjectNode compressed) {
        ObjectNode metrics = JSON.createObjectNode();
        ObjectNode report = metrics.putObject("report");
        report.set("original", original);
        report.set("compressed", compressed);
        report.put("inputSource", "synthetic");
        report.put("sampleCount", 32);
        metrics.putObject("technique").put("matMulsQuantized", 3);
        return metrics;
    }

    private static AttemptPlan plan(Duration queuedFor) {
        return new AttemptPlan(UUID.randomUUID(), 1, UUID.randomUUID(), "m.onnx", Path.of("m.onnx"), ModelFormat.ONNX,
                null, null, JobType.QUANTIZE, tools.jackson.databind.json.JsonMapper.builder().build().createObjectNode().put("method", "dynamic_int8"), queuedFor);
    }

    private static JsonNode tree(String json) {
        return JSON.readTree(json);
    }

    @Test
    void aTrainingCurveBecomesOneRowPerEpochAndNumberWhileOtherArraysStayOut() {
        JsonNode doc = tree("""
                {"technique": {"epochsRun": 2, "widths": [4, 8], "curve": [
                  {"epoch": 1, "trainLoss": 0.9, "validationLoss": 0.8},
                  {"epoch": 2, "trainLoss": 0.5, "validationLoss": 0.6, "note": "text"}]}}""");

        List<JobMetrics.EpochValue> rows = JobMetrics.epochValues(doc);

        assertThat(rows).containsExactly(
                new JobMetrics.EpochValue("technique.curve.trainLoss", 1, 0.9),
                new JobMetrics.EpochValue("technique.curve.validationLoss", 1, 0.8),
                new JobMetrics.EpochValue("technique.curve.trainLoss", 2, 0.5),
                new JobMetrics.EpochValue("technique.curve.validationLoss", 2, 0.6));
        assertThat(JobMetrics.flatten(doc)).containsOnlyKeys("technique.epochsRun");
    }
}
