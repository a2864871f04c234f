package dev.mcs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.service.tenant.Tenant;
import dev.mcs.support.Browser;
import dev.mcs.support.ServiceTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The dashboard's speed targets (issue 12) in headless Chromium against the real service: the models list with 200
 * models renders in under a second from navigation (median of five loads), and the Compare page with 100 artifacts
 * handles every mouse move within a frame. Rows are seeded straight into the database (their files are never read) and removed after.
 * Results and the command: docs/benchmarks.md.
 */
@Tag("benchmark")
@ServiceTest
class DashboardBenchmarkTest {

    private static final int RUNS = 5;
    private static final String INSPECTION = """
            {"format": "ONNX", "parameterCount": 6570, "parameterBytes": 26280, "onnx": {"irVersion": 7,
             "opsetImports": {"": 13}, "inputs": [{"name": "input", "elementType": "float", "shape": ["batch", "64"]}],
             "outputs": [{"name": "logits", "elementType": "float", "shape": ["batch", "10"]}],
             "nodeCountByOpType": {"Gemm": 3, "Relu": 2}}}""";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private final List<UUID> seededModels = new ArrayList<>();
    private final List<UUID> seededJobs = new ArrayList<>();

    @AfterEach
    void removeSeededRows() {
        seededJobs.forEach(id -> jdbc.update("delete from job where id = ?", id));
        seededModels.forEach(id -> jdbc.update("delete from model where id = ?", id));
    }

    @Test
    void the_models_list_with_200_models_renders_in_under_a_second() {
        for (int i = 0; i < 200; i++) {
            seedModel("bench-" + i + ".onnx", null);
        }
        try (Browser browser = new Browser(port)) {
            double[] millis = new double[RUNS + 1];
            double[] scripts = new double[RUNS + 1];
            double[] apiCall = new double[RUNS + 1];
            double[] afterAnswer = new double[RUNS + 1];
            for (int run = 0; run <= RUNS; run++) {
                browser.driver().get("about:blank");
                browser.open("#/models");
                browser.until(Duration.ofSeconds(10), d -> "200".equals(
                        d.findElement(By.cssSelector("table.models")).getAttribute("data-count")));
                millis[run] = mark(browser, "mcs:models-rendered");
                scripts[run] = number(browser, "return performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd");
                apiCall[run] = number(browser, "return performance.getEntriesByType('resource')"
                        + ".find(r => r.name.includes('api/v1/models')).duration");
                afterAnswer[run] = millis[run] - number(browser, "return performance.getEntriesByType('resource')"
                        + ".find(r => r.name.includes('api/v1/models')).responseEnd");
            }
            double[] measured = Arrays.copyOfRange(millis, 1, millis.length);
            report("models list, 200 rows, navigation to rendered (ms, first load excluded)", millis[0], measured);
            report("  of which: page and modules loaded (DOMContentLoaded, ms)", scripts[0],
                    Arrays.copyOfRange(scripts, 1, scripts.length));
            report("  of which: GET /api/v1/models?size=200 (ms)", apiCall[0], Arrays.copyOfRange(apiCall, 1, apiCall.length));
            report("  of which: answer received to list rendered (ms)", afterAnswer[0],
                    Arrays.copyOfRange(afterAnswer, 1, afterAnswer.length));
            // the median of five loads: one run can meet a burst of the parallel builds sharing these two cores
            assertThat(median(measured)).isLessThan(1000);
        }
    }

    @Test
    void past_the_first_200_models_the_list_offers_the_next_ones() {
        for (int i = 0; i < 201; i++) {
            seedModel("more-" + i + ".onnx", null);
        }
        try (Browser browser = new Browser(port)) {
            browser.open("#/models");
            browser.until(Duration.ofSeconds(10), d -> "200".equals(
                    d.findElement(By.cssSelector("table.models")).getAttribute("data-count")));
            WebElement more = browser.driver().findElement(By.xpath("//button[starts-with(., 'Show ')]"));
            assertThat(more.getText()).isEqualTo("Show 1 more");

            more.click();

            browser.until(Duration.ofSeconds(10), d -> "201".equals(
                    d.findElement(By.cssSelector("table.models")).getAttribute("data-count")));
            assertThat(browser.driver().findElements(By.xpath("//button[starts-with(., 'Show ')]"))).isEmpty();
        }
    }

    @Test
    void the_compare_plot_with_100_artifacts_renders_and_follows_the_mouse_within_a_frame() {
        UUID source = seedModel("bench-source.onnx", null);
        Random random = new Random(12);
        for (int i = 0; i < 100; i++) {
            seedSucceededJob(source, random);
        }
        try (Browser browser = new Browser(port)) {
            double[] render = new double[RUNS];
            double[] perMove = new double[RUNS];
            for (int run = 0; run < RUNS; run++) {
                browser.driver().get("about:blank");
                browser.open("#/compare/" + source);
                browser.until(Duration.ofSeconds(10), d -> !d.findElements(By.cssSelector("[data-plot='size-fidelity'] .u-over")).isEmpty()
                        && (Boolean) browser.script("return performance.getEntriesByName('mcs:compare-rendered').length > 0"));
                assertThat(browser.driver().findElement(By.cssSelector("[data-plot='size-fidelity']")).getAttribute("data-points"))
                        .isEqualTo("100");
                render[run] = mark(browser, "mcs:compare-rendered");
                perMove[run] = ((Number) browser.script(SWEEP)).doubleValue();
                assertThat(browser.driver().findElement(By.cssSelector("[data-plot='size-fidelity'] .tooltip")).getText())
                        .as("the sweep ends on a point whose label shows").contains("static_int8");
            }
            browser.screenshot("11-compare-100-artifacts");
            report("compare, 100 artifacts, navigation to both plots drawn (ms)", Double.NaN, render);
            report("compare, 100 artifacts, one mouse move handled incl. tooltip and layout (ms)", Double.NaN, perMove);
            // "stays responsive": every mouse move is handled within one 60 Hz frame; the page load is reported
            assertThat(Arrays.stream(perMove).max().orElseThrow()).as("one 60 Hz frame").isLessThan(16.7);
            assertThat(median(render)).as("a sanity bound on the page load").isLessThan(2000);
        }
    }

    /** 200 mouse moves across the plot, each followed by a forced layout; the mean time per move in ms. */
    private static final String SWEEP = """
            const over = document.querySelector("[data-plot='size-fidelity'] .u-over");
            const box = over.getBoundingClientRect();
            const moves = 200;
            const start = performance.now();
            for (let i = 0; i < moves; i++) {
              const x = box.left + box.width * (i + 0.5) / moves, y = box.top + box.height * ((i * 37) % moves) / moves;
              over.dispatchEvent(new MouseEvent('mousemove', {clientX: x, clientY: y, bubbles: true}));
              document.body.getBoundingClientRect();
            }
            return (performance.now() - start) / moves;
            """;

    private double mark(Browser browser, String name) {
        return number(browser, "return performance.getEntriesByName(arguments[0])[0].startTime", name);
    }

    private static double number(Browser browser, String script, Object... args) {
        return ((Number) browser.script(script, args)).doubleValue();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void report(String what, double first, double[] values) {
        System.out.printf(Locale.ROOT, "DASHBOARD BENCHMARK %s: median %.1f, max %.1f, runs %s%s%n", what,
                median(values), Arrays.stream(values).max().orElseThrow(), Arrays.toString(values),
                Double.isNaN(first) ? "" : String.format(Locale.ROOT, ", first load %.1f", first));
    }

    private UUID seedModel(String name, UUID parent) {
        UUID id = UUID.randomUUID();
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("insert into model (id, tenant_id, name, format, size_bytes, sha256, blob_key, status, inspection,"
                + " parent_model_id, created_at, updated_at) values (?, ?, ?, 'ONNX', ?, ?, ?, 'READY', ?::jsonb, ?, ?, ?)",
                id, Tenant.DEFAULT_ID, name, 27_210, "ab".repeat(32), "bench/" + id, INSPECTION, parent, now, now);
        seededModels.add(id);
        return id;
    }

    private void seedSucceededJob(UUID source, Random random) {
        UUID id = UUID.randomUUID();
        long size = 6_000 + random.nextInt(20_000);
        double cosine = 1 - Math.pow(10, -2 - 4 * random.nextDouble());
        double latency = 0.005 + 0.02 * random.nextDouble();
        String params = String.format(Locale.ROOT, "{\"method\": \"static_int8\", \"calibration\": \"percentile\","
                + " \"percentile\": %.3f}", 99 + random.nextDouble());
        String metrics = String.format(Locale.ROOT, "{\"original\": {\"sizeBytes\": 27210, \"latencyP50Ms\": 0.0137},"
                + " \"compressed\": {\"sizeBytes\": %d, \"latencyP50Ms\": %.5f}, \"fidelity\": {\"cosineMean\": %.8f},"
                + " \"ratios\": {\"size\": %.4f}}", size, latency, cosine, size / 27_210.0);
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("insert into job (id, tenant_id, model_id, type, params, status, attempt, max_attempts, progress, stage,"
                + " metrics, created_at, finished_at, updated_at) values (?, ?, ?, 'QUANTIZE', ?::jsonb, 'SUCCEEDED', 1, 2,"
                + " 1, 'done', ?::jsonb, ?, ?, ?)", id, Tenant.DEFAULT_ID, source, params, metrics, now, now, now);
        seededJobs.add(id);
    }
}
