package io.github.httpcache.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.httpcache.testing.RedisFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin dashboard in a real browser: Debian's headless {@code chromium}, driven by Selenium
 * through Debian's {@code chromedriver}, against the demo WAR in the launcher's Jetty with a real
 * Redis and an admin token. Writes {@code target/dashboard.png}.
 *
 * <p>Run: {@code mvn -pl jetty-launcher -am install -DskipTests && mvn -pl jetty-launcher test
 * -Dtest=DashboardBrowserTest}. Needs {@code apt-get install chromium chromium-driver}; without them
 * the tests are skipped, unless {@code CI=true}, where they fail. Other binaries:
 * {@code -Dchromium.binary=...} and {@code -Dwebdriver.chrome.driver=...}.
 */
class DashboardBrowserTest {
  private static final String TOKEN = "dashboard-browser-token";
  private static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER = Path.of(System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver"));
  private static final Path SCREENSHOT = Path.of(System.getProperty("basedir", "."), "target", "dashboard.png");
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final Duration WAIT = Duration.ofSeconds(15);

  private static String missingBinaries;
  private static RedisFixture redis;
  private static ChromeDriverService driverService;
  private static ChromeDriver browser;
  private DemoServer demo;

  @BeforeAll
  static void startBrowserAndRedis() throws IOException {
    missingBinaries = missingBinaries();
    if (!missingBinaries.isEmpty()) {
      if ("true".equals(System.getenv("CI"))) {
        fail(missingBinaries + " (CI=true: .ci/run installs them, so the browser tests must run)");
      }
      return; // each test reports itself skipped, with the reason
    }
    redis = RedisFixture.start();
    // Selenium Manager downloads drivers; nothing may be downloaded here, so name Debian's binaries.
    driverService = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1280,1400");
    browser = new ChromeDriver(driverService, options);
  }

  /** Empty when both binaries are there, else what is missing and how to install it. */
  private static String missingBinaries() {
    String missing = Stream.of(CHROMIUM, CHROMEDRIVER).filter(binary -> !Files.isExecutable(binary))
        .map(Path::toString).collect(Collectors.joining(", "));
    return missing.isEmpty() ? "" : "Not installed: " + missing + "; install with apt-get install chromium chromium-driver";
  }

  @AfterAll
  static void stopBrowserAndRedis() {
    if (browser != null) {
      browser.quit();
    }
    if (driverService != null) {
      driverService.stop();
    }
    if (redis != null) {
      redis.close();
    }
  }

  /** A fresh deployment per test, so the per-route counters start at zero. */
  @BeforeEach
  void startDemo() throws Exception {
    Assumptions.assumeTrue(missingBinaries.isEmpty(), missingBinaries);
    redis.flushAll();
    System.setProperty("REDIS_URL", redis.url());
    System.setProperty("CACHE_ADMIN_TOKEN", TOKEN);
    demo = DemoServer.start(0);
  }

  @AfterEach
  void stopDemo() throws IOException {
    try {
      if (demo != null) {
        demo.close();
      }
    } finally {
      System.clearProperty("REDIS_URL");
      System.clearProperty("CACHE_ADMIN_TOKEN");
    }
  }

  @Test
  void pageShowsNoFiguresUntilTheRightTokenIsEntered() throws Exception {
    assertEquals(List.of("MISS", "HIT"), xCache("/api/users/1", "/api/users/1"));
    browser.get(demo.uri().resolve("/api/invalidate/dashboard").toString());
    waitForText(By.id("status"), "Enter the admin token (Missing or wrong bearer token)");

    connect("not-the-token");
    waitForText(By.id("status"), "Wrong admin token (Missing or wrong bearer token)");

    assertFalse(browser.findElement(By.id("panels")).isDisplayed());
    assertEquals(0, browser.findElements(By.cssSelector("#routes tr")).size());
    assertEquals(0, browser.findElements(By.cssSelector("#top-keys li")).size());
  }

  @Test
  void pageShowsPerRouteCountsTheHitRatioChartAndTopKeys() throws Exception {
    assertEquals(List.of("MISS", "HIT", "HIT", "MISS", "HIT"),
        xCache("/api/users/1", "/api/users/1", "/api/users/1", "/api/posts/", "/api/posts/"));

    openWithToken();

    waitForText(By.cssSelector("#routes tr[data-route='user'] td.hits"), "2");
    assertEquals("1", text("#routes tr[data-route='user'] td.misses"));
    assertEquals("1", text("#routes tr[data-route='user'] td.stores"));
    assertEquals("66.7%", text("#routes tr[data-route='user'] td.hit-ratio"));
    assertEquals("1", text("#routes tr[data-route='posts'] td.hits"));
    assertEquals("1", text("#routes tr[data-route='posts'] td.misses"));
    assertEquals("50.0%", text("#routes tr[data-route='posts'] td.hit-ratio"));
    assertEquals("60.0%", text("#hit-ratio"));
    assertTrue(browser.findElement(By.id("hit-ratio-chart")).isDisplayed());
    assertFalse(browser.findElements(By.cssSelector("#chart-data circle.point")).isEmpty(), "no point in the chart");
    assertEquals("GET:/api/users/1", text("#top-keys li:first-child code.key"));
    assertEquals("×3", text("#top-keys li:first-child .count"));
    writeScreenshot();
  }

  @Test
  void deleteKeyButtonRemovesTheEntryAndReportsTheCount() throws Exception {
    assertEquals(List.of("MISS", "HIT"), xCache("/api/posts/", "/api/posts/"));
    openWithToken();

    type("invalidate-key", "GET:/api/posts/");
    browser.findElement(By.id("invalidate-key-button")).click();

    waitForText(By.id("invalidate-deleted"), "1");
    assertEquals("key GET:/api/posts/", text("#invalidate-target"));
    assertEquals("200", text("#invalidate-status"));
    assertEquals("Cache key deleted", text("#invalidate-message"));
    assertEquals(List.of("MISS"), xCache("/api/posts/"));
  }

  @Test
  void deletePatternButtonRemovesEveryMatchingEntryAndNothingElse() throws Exception {
    assertEquals(List.of("MISS", "MISS", "MISS"), xCache("/api/users/1", "/api/users/2", "/api/posts/"));
    openWithToken();

    type("invalidate-pattern", "GET:/api/users/*");
    browser.findElement(By.id("invalidate-pattern-button")).click();

    waitForText(By.id("invalidate-deleted"), "2");
    assertEquals("pattern GET:/api/users/*", text("#invalidate-target"));
    assertEquals("200", text("#invalidate-status"));
    assertEquals(List.of("MISS", "MISS", "HIT"), xCache("/api/users/1", "/api/users/2", "/api/posts/"));
  }

  private void openWithToken() {
    browser.get(demo.uri().resolve("/api/invalidate/dashboard").toString());
    connect(TOKEN);
    new WebDriverWait(browser, WAIT)
        .withMessage(() -> "the panels never showed; status: " + browser.findElement(By.id("status")).getText())
        .until(driver -> driver.findElement(By.id("panels")).isDisplayed());
  }

  private static void connect(String token) {
    type("token", token);
    browser.findElement(By.id("connect")).click();
  }

  private static void type(String inputId, String value) {
    WebElement input = browser.findElement(By.id(inputId));
    input.clear();
    input.sendKeys(value);
  }

  /** The element's text now, read again if a poll re-rendered it mid-read. */
  private static String text(String cssSelector) {
    return new WebDriverWait(browser, WAIT)
        .ignoring(StaleElementReferenceException.class)
        .until(driver -> driver.findElement(By.cssSelector(cssSelector)).getText());
  }

  /** Waits (bounded) until the element reads exactly {@code expected}; the page re-renders as it polls. */
  private static void waitForText(By locator, String expected) {
    new WebDriverWait(browser, WAIT)
        .ignoring(NoSuchElementException.class)
        .ignoring(StaleElementReferenceException.class)
        .withMessage(() -> locator + " should read \"" + expected + "\" but reads \"" + currentText(locator) + "\"")
        .until(driver -> expected.equals(driver.findElement(locator).getText()));
  }

  private static String currentText(By locator) {
    List<WebElement> found = browser.findElements(locator);
    return found.isEmpty() ? "(no such element)" : found.get(0).getText();
  }

  /** The X-Cache header of a GET of each path, in order. */
  private List<String> xCache(String... paths) throws IOException, InterruptedException {
    List<String> answers = new ArrayList<>();
    for (String path : paths) {
      answers.add(DemoContractTest.send(demo, "GET", path, null).headers().firstValue("X-Cache").orElse("(none)"));
    }
    return answers;
  }

  private static void writeScreenshot() throws IOException {
    byte[] png = browser.getScreenshotAs(OutputType.BYTES);
    Files.createDirectories(SCREENSHOT.getParent());
    Files.write(SCREENSHOT, png);

    byte[] written = Files.readAllBytes(SCREENSHOT);
    assertTrue(written.length > PNG_SIGNATURE.length, "empty screenshot at " + SCREENSHOT);
    assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(written, PNG_SIGNATURE.length), "not a PNG: " + SCREENSHOT);
  }
}
