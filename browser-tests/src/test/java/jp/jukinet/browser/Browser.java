package jp.jukinet.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real Chromium, headless, from Debian's packages ({@code chromium}, {@code chromium-driver}), as a clerk
 * or a resident uses it: Japanese preferred, a window the size of a counter's screen. It checks each page
 * with axe-core (no serious or critical violation) and can save a screenshot into {@code docs/screenshots}.
 * Where Chromium is not installed the test is skipped, unless {@code JUKINET_BROWSER_REQUIRED=true}
 * (CI), where that fails it.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    /** axe-core, installed by {@code npm ci} in {@code src/test/browser} (.ci/run does it). */
    static final Path AXE = Path.of("src/test/browser/node_modules/axe-core/axe.min.js");
    static final Path SCREENSHOTS = Path.of("..", "docs", "screenshots");

    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** A new browser (its own profile: no cookie, no passkey of another). */
    static Browser open() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER) && Files.isReadable(AXE);
        if (!present && "true".equals(System.getenv("JUKINET_BROWSER_REQUIRED"))) {
            throw new IllegalStateException("JUKINET_BROWSER_REQUIRED=true, but " + CHROMIUM + ", " + DRIVER + " or " + AXE
                    + " is missing: apt-get install chromium chromium-driver fonts-noto-cjk; npm ci in browser-tests/src/test/browser");
        }
        assumeTrue(present, "Chromium, chromedriver or axe-core is not installed here");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1600",
                "--lang=ja-JP", "--disable-gpu");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "ja-JP,ja"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(30));
        return new Browser(driver);
    }

    WebDriver driver() {
        return driver;
    }

    ChromeDriver chrome() {
        return driver;
    }

    void go(String url) {
        driver.get(url);
    }

    WebElement find(By by) {
        return driver.findElement(by);
    }

    WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    /** Types {@code text} into the field {@code id}, replacing what was there. */
    void type(String id, String text) {
        WebElement field = byId(id);
        field.clear();
        field.sendKeys(text);
    }

    void choose(String id, String value) {
        new org.openqa.selenium.support.ui.Select(byId(id)).selectByValue(value);
    }

    /** Clicks the form's submit button and waits until the next page has replaced this one. */
    void submit(String formSelector) {
        WebElement page = driver.findElement(By.tagName("html"));
        driver.findElement(By.cssSelector(formSelector + " button[type=submit]")).click();
        awaitReplaced(page);
    }

    /**
     * Waits until {@code page} (the old document's root) is gone and the next page has loaded. Chromium may
     * answer a question about a node of a document being replaced with an "unknown error" (the node does not
     * belong to the document) rather than "stale element": both mean the page was replaced.
     */
    void awaitReplaced(WebElement page) {
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> {
            try {
                page.isEnabled();
                return false;
            } catch (org.openqa.selenium.WebDriverException gone) {
                return true;
            }
        });
        waitForPage();
    }

    void waitForPage() {
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> "complete".equals(
                ((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    String html() {
        return driver.getPageSource();
    }

    String url() {
        return driver.getCurrentUrl();
    }

    /** No serious or critical accessibility violation on the page, by axe-core's rules (WCAG 2.x A and AA). */
    void assertAccessible(String page) {
        String axe;
        try {
            axe = Files.readString(AXE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        driver.executeScript(axe);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> violations = (List<Map<String, Object>>) driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
                   .then(result => done(result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                        .map(v => ({id: v.id, impact: v.impact, help: v.help,
                                    nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))))
                   .catch(e => done([{id: 'axe-failed', impact: 'critical', help: String(e), nodes: []}]));""");
        assertThat(violations).as("axe-core on " + page).isEmpty();
    }

    /**
     * Saves the page as {@code docs/screenshots/<name>.png} when {@code JUKINET_SCREENSHOTS=true} (the README's
     * pictures are taken so; an ordinary test run leaves the committed ones alone).
     */
    void screenshot(String name) {
        if (!"true".equals(System.getenv("JUKINET_SCREENSHOTS"))) {
            return;
        }
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
