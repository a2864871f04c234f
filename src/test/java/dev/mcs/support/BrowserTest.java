package dev.mcs.support;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BrowserTest {

    @Test
    void a_missing_chromium_fails_the_browser_tests_with_the_command_that_installs_it() {
        assertThatThrownBy(() -> Browser.requireInstalled(Path.of("/nonexistent/chromium")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("/nonexistent/chromium is missing")
                .hasMessageContaining("apt-get install -y chromium chromium-driver");
    }
}
