package dev.mcs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.support.Api;
import dev.mcs.support.Browser;
import dev.mcs.support.Fixtures;
import dev.mcs.support.OnnxModels;
import dev.mcs.support.ServiceTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard in a real headless Chromium against the whole service (real worker, real PostgreSQL): what a
 * person does, click by click, with a screenshot of each page in target/screenshots/.
 */
@ServiceTest
class DashboardEndToEndTest {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

    static Browser browser;

    @LocalServerPort
    int port;

    @TempDir
    Path dir;

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    private Browser browser() {
        if (browser == null) {
            browser = new Browser(port);
        }
        browser.size(1280, 1000);
        return browser;
    }

    @Test
    void a_person_uploads_a_model_submits_a_static_int8_job_from_the_generated_form_and_finds_its_point_on_compare()
            throws Exception {
        Browser b = browser();
        String name = "dashboard-" + UUID.randomUUID() + ".onnx";
        Path model = Files.copy(Fixtures.MLP_ONNX, dir.resolve(name));
        b.open("#/models");
        b.await(By.cssSelector("main h1"));
        b.driver().findElement(By.id("model-file")).sendKeys(model.toAbsolutePath().toString());
        WebElement row = b.until(Duration.ofSeconds(60), d -> d.findElements(By.xpath(
                "//table[contains(@class,'models')]//tr[td/a[text()='" + name + "']][.//span[text()='READY']]"))
                .stream().findFirst().orElse(null));
        assertThat(row.getText()).contains("ONNX", "27.2 KB", "6,570");
        b.screenshot("01-models");

        row.findElement(By.linkText(name)).click();
        b.await(By.id("inspection-h"));
        assertThat(b.driver().findElement(By.tagName("main")).getText()).contains("Gemm", "Uploaded, not produced by a job");
        b.screenshot("02-model");

        b.driver().findElement(By.linkText("New job")).click();
        WebElement method = b.await(By.id("job-method"));
        new Select(b.driver().findElement(By.id("job-type"))).selectByValue("QUANTIZE");
        new Select(method).selectByValue("static_int8");
        assertThat(b.await(By.cssSelector("[data-field='params.calibration'] select")).getAttribute("value"))
                .as("the default comes from the API description").isEqualTo("auto");
        WebElement dataset = b.driver().findElement(By.cssSelector("select[data-datasets='datasetId']"));
        Path npz = Files.copy(Fixtures.MLP_HOLDOUT, dir.resolve("holdout-" + UUID.randomUUID() + ".npz"));
        b.driver().findElement(By.id(dataset.getAttribute("id") + "-upload")).sendKeys(npz.toAbsolutePath().toString());
        b.until(Duration.ofSeconds(30), d -> !dataset.getAttribute("value").isEmpty());
        b.screenshot("03-new-job");
        b.driver().findElement(By.cssSelector("form.job-form button[type=submit]")).click();

        b.until(Duration.ofSeconds(20), d -> d.getCurrentUrl().matches(".*#/jobs/[0-9a-f-]{36}$"));
        String jobId = b.driver().getCurrentUrl().replaceAll(".*#/jobs/", "");
        b.until(JOB_TIMEOUT, d -> "SUCCEEDED".equals(d.findElement(By.cssSelector("section.live")).getAttribute("data-status")));
        assertThat(b.driver().findElement(By.id("job-progress")).getAttribute("value")).isEqualTo("1");
        assertThat(b.driver().findElement(By.id("job-stage")).getText()).isEqualTo("done");
        assertThat(b.driver().findElement(By.cssSelector("table.metrics")).getText())
                .contains("Original", "Compressed", "Size", "Latency p50");
        b.screenshot("04-job");

        b.driver().findElement(By.linkText("Compare with other artifacts")).click();
        WebElement plot = b.await(By.cssSelector("[data-plot='size-fidelity'] canvas")).findElement(By.xpath(
                "ancestor::div[@data-plot='size-fidelity']"));
        assertThat(plot.getAttribute("data-hrefs")).contains("#/jobs/" + jobId);
        hoverPoint(b, "#/jobs/" + jobId);
        assertThat(b.await(By.cssSelector("[data-plot='size-fidelity'] .tooltip")).getText()).startsWith("static_int8");
        b.screenshot("05-compare");
        b.driver().findElement(By.cssSelector("[data-plot='size-fidelity'] .u-over")).click();
        b.until(Duration.ofSeconds(10), d -> d.getCurrentUrl().endsWith("#/jobs/" + jobId));
    }

    @Test
    void a_job_that_fails_shows_its_error_and_problem_type() throws Exception {
        Api api = new Api(port);
        // one MatMul whose output is the graph's: an FFN group by operator type, but none the worker can cut
        String created = api.upload("/api/v1/models", "project.onnx", OnnxModels.wideInput(16)).getBody().path("id")
                .asString();
        String modelId = api.awaitModel(created, m -> m.path("status").asString().equals("READY")).path("id").asString();
        JsonNode job = api.post("/api/v1/jobs", Map.of("modelId", modelId, "type", "PRUNE",
                "params", Map.of("method", "structured", "groups", List.of("ffn")))).getBody();
        Browser b = browser();

        b.open("#/jobs/" + job.path("id").asString());

        b.until(JOB_TIMEOUT, d -> "FAILED".equals(d.findElement(By.cssSelector("section.live")).getAttribute("data-status")));
        String error = b.await(By.cssSelector("main .error")).getText();
        assertThat(error).contains("The job failed", "no prunable group", "pruning-failed");
        b.screenshot("06-job-failed");
    }

    @Test
    void a_distill_jobs_page_plots_its_training_curve_one_point_per_epoch() throws Exception {
        Api api = new Api(port);
        String teacher = api.uploadReadyModel(Fixtures.MLP_ONNX).path("id").asString();
        Map<String, Object> params = Map.of("method", "distill", "epochs", 4,
                "student", Map.of("kind", "architecture", "architecture", "mlp", "hidden", List.of(16)));
        JsonNode job = api.awaitFinished(api.post("/api/v1/jobs", Map.of("modelId", teacher, "type", "DISTILL",
                "params", params, "datasetId", api.uploadDataset(Fixtures.DIR.resolve("digits_mlp_train.npz"))))
                .getBody().path("id").asString());
        assertThat(job.path("status").asString()).as("%s", job).isEqualTo("SUCCEEDED");
        int epochs = job.path("metrics").path("technique").path("curve").size();
        Browser b = browser();

        b.open("#/jobs/" + job.path("id").asString());

        b.await(By.cssSelector("[data-plot='curve'] canvas"));
        assertThat(b.driver().findElement(By.cssSelector("[data-plot='curve']")).getAttribute("aria-label"))
                .isEqualTo("Training curve over " + epochs + " epochs");
        assertThat(epochs).isPositive();
        b.screenshot("10-job-distill-curve");
    }

    @Test
    void a_refused_submission_shows_the_servers_reason_next_to_the_field_at_fault() throws Exception {
        Api api = new Api(port);
        String modelId = api.uploadReadyModel(Fixtures.MLP_ONNX).path("id").asString();
        String datasetId = api.uploadDataset(Fixtures.MLP_HOLDOUT);
        Browser b = browser();
        b.open("#/jobs/new?modelId=" + modelId + "&type=QUANTIZE&method=static_int8");
        new Select(b.await(By.cssSelector("select[data-datasets='datasetId']"))).selectByValue(datasetId);
        WebElement opTypes = b.await(By.cssSelector("[data-field='params.opTypes'] input"));
        opTypes.clear();
        opTypes.sendKeys("Softmax");

        b.driver().findElement(By.cssSelector("form.job-form button[type=submit]")).click();

        WebElement message = b.await(By.cssSelector("[data-error-for='params.opTypes']"));
        assertThat(message.getText()).contains("Softmax", "Valid values: Conv, MatMul, Gemm");
        assertThat(opTypes.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(b.driver().getCurrentUrl()).as("nothing was queued").contains("#/jobs/new");
        b.screenshot("07-new-job-refused");
    }

    @Test
    void at_phone_width_the_pages_fit_the_screen_without_sideways_scrolling() throws Exception {
        String modelId = new Api(port).uploadReadyModel(Fixtures.MLP_ONNX).path("id").asString();
        Browser b = browser();
        b.size(375, 812);
        for (String route : List.of("#/models", "#/models/" + modelId, "#/jobs/new?modelId=" + modelId)) {
            b.open(route);
            b.await(By.cssSelector("main h1"));
            b.until(Duration.ofSeconds(20), d -> d.findElements(By.cssSelector("main .loading")).isEmpty());
            long overflow = (Long) b.script("return document.documentElement.scrollWidth - window.innerWidth");
            assertThat(overflow).as(route).isLessThanOrEqualTo(0);
        }
        b.open("#/models");
        b.await(By.cssSelector("main table, main .empty"));
        b.screenshot("08-models-phone");
    }

    /** Moves the mouse onto the plotted point of the given job, where uPlot says it drew it. */
    private static void hoverPoint(Browser b, String href) {
        WebElement over = b.driver().findElement(By.cssSelector("[data-plot='size-fidelity'] .u-over"));
        @SuppressWarnings("unchecked")
        List<Number> at = (List<Number>) b.script("""
                const el = document.querySelector("[data-plot='size-fidelity']");
                const u = el.plot;
                const i = el.dataset.hrefs.split(' ').indexOf(arguments[0]);
                return [u.valToPos(u.data[0][i], 'x'), u.valToPos(u.data[1][i], 'y'), u.over.clientWidth, u.over.clientHeight];
                """, href);
        int dx = (int) Math.round(at.get(0).doubleValue() - at.get(2).doubleValue() / 2);
        int dy = (int) Math.round(at.get(1).doubleValue() - at.get(3).doubleValue() / 2);
        new Actions(b.driver()).moveToElement(over, dx, dy).perform();
    }
}
