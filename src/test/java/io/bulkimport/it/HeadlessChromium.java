package io.bulkimport.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's {@code chromium} driven headless by its {@code chromium-driver} through Selenium WebDriver, both found at
 * fixed paths ({@code CHROMIUM_BIN}, {@code CHROMEDRIVER_BIN} to override) so Selenium Manager never looks for a
 * driver on the network. Downloads land in a temporary folder; screenshots go to {@code target/ui-screenshots/}.
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final ChromeDriver driver;
    private final Path downloads;

    private HeadlessChromium(ChromeDriver driver, Path downloads) {
        this.driver = driver;
        this.downloads = downloads;
    }

    /** Why the browser tests cannot run here (no chromium or no chromium-driver), or null when they can. */
    static String missing() {
        Path browser = browserPath();
        Path chromedriver = driverPath();
        return Files.isExecutable(browser) && Files.isExecutable(chromedriver) ? null
                : "browser tests skipped: no " + browser + " or " + chromedriver
                        + " (install Debian's chromium and chromium-driver; .ci/run does)";
    }

    private static Path browserPath() {
        return Path.of(System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium"));
    }

    private static Path driverPath() {
        return Path.of(System.getenv().getOrDefault("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"));
    }

    /** Starts the browser; call only when {@link #missing()} is null. */
    static HeadlessChromium start() throws IOException {
        Path browser = browserPath();
        Path chromedriver = driverPath();
        Path downloads = Files.createTempDirectory("bulk-import-downloads-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        // root in a container: no sandbox; a small /dev/shm: use /tmp
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1400", "--lang=en-US");
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toString(),
                "download.prompt_for_download", false,
                "safebrowsing.enabled", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver.toString())).usingAnyFreePort().build();
        Files.createDirectories(SCREENSHOTS);
        return new HeadlessChromium(new ChromeDriver(service, options), downloads);
    }

    WebDriver driver() {
        return driver;
    }

    Path downloads() {
        return downloads;
    }

    /** Opens the page and waits until its script has filled the pipeline select (the modules ran under the CSP). */
    void open(String url) {
        driver.get(url);
        await().until(d -> !d.findElements(By.cssSelector("#pipeline option")).isEmpty());
    }

    WebDriverWait await() {
        WebDriverWait wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(100));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    WebElement visible(By by) {
        return await().until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Saves a screenshot of the window as {@code target/ui-screenshots/<name>.png}. */
    Path screenshot(String name) throws IOException {
        Path target = SCREENSHOTS.resolve(name + ".png");
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    /** Scrolls the element to the top of the window, so a screenshot shows it. */
    void scrollTo(WebElement element) {
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView(true)", element);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
