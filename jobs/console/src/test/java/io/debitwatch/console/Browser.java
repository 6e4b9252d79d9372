package io.debitwatch.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through its chromedriver, with a fresh profile. Missing
 * packages are a test failure that says how to install them, never a skip.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM =
            Path.of(System.getProperty("debitwatch.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER =
            Path.of(System.getProperty("debitwatch.chromedriver", "/usr/bin/chromedriver"));

    final WebDriver driver;
    private final Path profile;

    Browser() throws IOException {
        requireInstalled(CHROMIUM);
        requireInstalled(CHROMEDRIVER);
        profile = Files.createTempDirectory("console-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1400,1000",
                "--lang=en-US",
                "--user-data-dir=" + profile);
        ChromeDriverService service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(CHROMEDRIVER.toFile())
                        .usingAnyFreePort()
                        .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    private static void requireInstalled(Path executable) {
        if (!Files.isExecutable(executable)) {
            throw new AssertionError(
                    executable
                            + " is missing: the browser test needs Debian's chromium and"
                            + " chromium-driver packages (apt-get install -y chromium"
                            + " chromium-driver; .ci/run installs them when missing)");
        }
    }

    /**
     * Saves a screenshot as {@code name} in the directory of the system property {@code
     * debitwatch.screenshots} (relative to the repository's root), else in {@code
     * target/screenshots}.
     */
    Path screenshot(String name) throws IOException {
        return save(name, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    private static Path save(String name, byte[] png) throws IOException {
        String configured = System.getProperty("debitwatch.screenshots");
        Path dir =
                configured == null || configured.isBlank()
                        ? Path.of("target", "screenshots")
                        : repositoryRoot().resolve(configured);
        Files.createDirectories(dir);
        Path file = dir.resolve(name);
        Files.write(file, png);
        return file;
    }

    /**
     * {@link #screenshot} of the whole page: the viewport is made as tall as the page for the shot
     * (Chrome DevTools protocol's device metrics override), then restored.
     */
    Path screenshotOfWholePage(String name) throws IOException {
        ChromeDriver chrome = (ChromeDriver) driver;
        chrome.executeScript("window.scrollTo(0, 0);");
        Number width = (Number) chrome.executeScript("return window.innerWidth;");
        Number height =
                (Number) chrome.executeScript("return document.documentElement.scrollHeight;");
        chrome.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of(
                        "width",
                        width.intValue(),
                        "height",
                        height.intValue(),
                        "deviceScaleFactor",
                        1,
                        "mobile",
                        false));
        try {
            return screenshot(name);
        } finally {
            chrome.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("mvnw"))) {
                return p;
            }
        }
        return dir;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> paths = Files.walk(profile)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
