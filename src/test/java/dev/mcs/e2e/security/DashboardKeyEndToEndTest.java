package dev.mcs.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.support.Api;
import dev.mcs.support.Browser;
import dev.mcs.support.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.http.ResponseEntity;

/** With keys required, the dashboard's files are open, its data is not, and it shows only the key's tenant. */
class DashboardKeyEndToEndTest extends SecuredService {

    @Test
    void the_dashboards_files_are_open_without_a_key_and_nothing_else_is() throws Exception {
        Api anonymous = anonymous();
        ResponseEntity<byte[]> page = anonymous.download("/", Map.of());
        assertThat(page.getStatusCode().value()).isEqualTo(200);
        assertThat(new String(page.getBody(), StandardCharsets.UTF_8)).contains("<main id=\"view\"");
        for (String asset : new String[] {"/app/main.js", "/app/style.css", "/webjars/uplot/dist/uPlot.esm.js"}) {
            assertThat(anonymous.download(asset, Map.of()).getStatusCode().value()).as(asset).isEqualTo(200);
        }
        assertProblem(anonymous.get("/api/v1/models"), 401, "unauthorized");
        assertProblem(anonymous.get("/not-a-dashboard-file.txt"), 401, "unauthorized");
        assertThat(anonymous.post("/app/main.js", null).getStatusCode().value()).as("only GET is open").isEqualTo(401);
    }

    @Test
    void the_dashboard_asks_for_a_key_keeps_it_in_the_tab_only_and_shows_only_that_tenants_models() throws Exception {
        String tenantA = tenant("dash-a", Map.of());
        String keyA = key(tenantA, "MEMBER");
        Api a = new Api(port, keyA);
        a.uploadReadyModel(Fixtures.MLP_ONNX);
        Api b = member(tenant("dash-b", Map.of()));
        String foreign = b.uploadReadyModel(Fixtures.CNN_ONNX).path("name").asString();

        try (Browser browser = new Browser(port)) {
            browser.open("#/models");
            WebElement input = browser.await(By.id("key-input"));
            browser.screenshot("09-api-key");
            input.sendKeys(keyA);
            browser.driver().findElement(By.cssSelector("#key-form button[type=submit]")).click();

            String table = browser.await(By.cssSelector("table.models"), Duration.ofSeconds(20)).getText();
            assertThat(table).contains("digits_mlp.onnx").doesNotContain(foreign);
            assertThat(browser.script("return sessionStorage.getItem('mcs.apiKey')")).isEqualTo(keyA);
            assertThat(browser.script("return localStorage.length")).isEqualTo(0L);
            assertThat(browser.driver().manage().getCookies()).isEmpty();

            browser.driver().findElement(By.id("forget-key")).click();
            assertThat(browser.await(By.id("key-input")).isDisplayed()).isTrue();
            assertThat(browser.script("return sessionStorage.getItem('mcs.apiKey')")).isNull();
        }
    }
}
