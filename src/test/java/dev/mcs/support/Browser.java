package dev.mcs.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.service.DriverFinder;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, both named by path so that Selenium Manager
 * never looks for (or downloads) a browser or driver; Selenium's log must say it skipped it, or the start fails. Missing packages fail the test with the command that installs
 * them: a browser test that skips itself would let the dashboard rot unnoticed.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String INSTALL = "apt-get install -y chromium chromium-driver";

    private final ChromeDriver driver;
    private final String base;

    public Browser(int port) {
        requireInstalled(CHROMIUM, CHROMEDRIVER);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1000", "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        this.driver = withoutSeleniumManager(() -> new ChromeDriver(service, options));
        this.base = "http://localhost:" + port + "/";
    }

    /**
     * Starts the driver and proves from Selenium's own log that it took the given driver path instead of asking
     * Selenium Manager (which would try to download a browser or driver).
     */
    private static ChromeDriver withoutSeleniumManager(java.util.function.Supplier<ChromeDriver> start) {
        Logger finder = Logger.getLogger(DriverFinder.class.getName());
        List<String> messages = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                messages.add(String.valueOf(record.getMessage()));
            }

            @Override
            public void flush() { }

            @Override
            public void close() { }
        };
        handler.setLevel(Level.ALL);
        Level before = finder.getLevel();
        finder.setLevel(Level.FINE);
        finder.addHandler(handler);
        try {
            ChromeDriver started = start.get();
            if (messages.stream().noneMatch(m -> m.startsWith("Skipping Selenium Manager"))) {
                started.quit();
                throw new AssertionError("Selenium did not report skipping Selenium Manager: " + messages);
            }
            return started;
        } finally {
            finder.removeHandler(handler);
            finder.setLevel(before);
        }
    }

    /** Fails, naming the install command, unless every path is an executable file. */
    public static void requireInstalled(Path... programs) {
        for (Path needed : programs) {
            if (!Files.isExecutable(needed)) {
                throw new AssertionError(needed + " is missing: the dashboard's browser tests need Debian's Chromium and"
                        + " its driver; install them with `" + INSTALL + "`");
            }
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens a dashboard route, e.g. {@code #/models}. */
    public void open(String route) {
        driver.get(base + route);
    }

    public WebElement await(By by, Duration timeout) {
        return new WebDriverWait(driver, timeout).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    public WebElement await(By by) {
        return await(by, Duration.ofSeconds(20));
    }

    public <T> T until(Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout).pollingEvery(Duration.ofMillis(100)).until(condition);
    }

    public Object script(String code, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(code, args);
    }

    public void size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Writes target/screenshots/{name}.png, a test artifact: the whole page, as tall as it is (up to 3000 px). */
    public Path screenshot(String name) {
        Dimension window = driver.manage().window().getSize();
        long height = ((Number) script("return document.documentElement.scrollHeight")).longValue();
        try {
            Files.createDirectories(SCREENSHOTS);
            size(window.getWidth(), (int) Math.min(3000, Math.max(window.getHeight(), height + 120)));
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            size(window.getWidth(), window.getHeight());
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
