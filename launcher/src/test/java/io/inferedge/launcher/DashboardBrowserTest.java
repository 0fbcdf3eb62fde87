package io.inferedge.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.inferedge.modelzoo.FashionMnist;
import io.inferedge.modelzoo.Frame;
import io.inferedge.modelzoo.FrameSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard in a real browser (Debian's headless Chromium through chromedriver) against the
 * local mode (KRaft Kafka, embedded PostgreSQL, every service from its jar): an operator logs in
 * with the run's API key, a camera registers and streams frames through the API, and the streams
 * table and the charts show them within the 2 s update target; the outcomes telemetry joins reach
 * the accuracy and energy charts; the admin key unlocks the rollback; the page fits a phone's
 * width. Screenshots at 1280x800 and at phone width go to {@code target/screenshots}.
 *
 * <p>Skipped (with the reason) where Chromium or chromedriver is not installed; {@code .ci/run}
 * installs both. Starts its own platform (about the cost of {@link LocalPlatformTest}'s).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  /** The dashboard's update target: a frame's answer shows within this. */
  static final Duration UPDATE_TARGET = Duration.ofSeconds(2);

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path dataDir;
  @TempDir static Path browserProfile;
  private LocalPlatform platform;
  private WebDriver browser;

  @BeforeAll
  void start() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "the dashboard browser test needs Debian's chromium and chromium-driver"
            + " (/usr/bin/chromium, /usr/bin/chromedriver): apt-get install -y chromium"
            + " chromium-driver (.ci/run installs them); skipped here");
    platform =
        LocalPlatform.start(
            new LocalPlatform.Settings(Path.of(".."), dataDir, FreePorts.platform()));
    var options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,800",
        "--user-data-dir=" + browserProfile);
    var logging = new LoggingPreferences();
    logging.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logging);
    var service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().implicitlyWait(Duration.ZERO);
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void anOperatorSeesFramesInTheTableAndChartsWithinTwoSecondsAndOnAPhone() throws Exception {
    try {
      operatorSession();
    } catch (Throwable e) {
      dumpFailure();
      throw e;
    }
  }

  private void operatorSession() throws Exception {
    URI gateway = platform.gatewayUri();
    String apiKey = platform.secrets().apiKey();

    // Navigation without a session lands on the login page.
    browser.get(gateway.resolve("/dashboard/").toString());
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(10))
        .until(() -> browser.getCurrentUrl().endsWith("/login.html"));
    logIn(apiKey);
    assertThat(browser.findElement(By.id("rollback")).isEnabled())
        .as("an API key's session may not roll back")
        .isFalse();

    String stream = "browser-cam";
    HttpResponse<String> registered =
        send(
            HttpRequest.newBuilder(gateway.resolve("/api/v1/streams"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"streamId\":\"" + stream + "\",\"profile\":\"latency-first\"}")),
            apiKey);
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !browser.findElements(row(stream)).isEmpty());
    new Select(browser.findElement(By.id("stream-select"))).selectByValue(stream);

    FrameSource frames = new FrameSource(FashionMnist.testSubset(), 21L);
    int posted = 12;
    String lastPlan = null;
    long answeredNanos = 0;
    for (int i = 0; i < posted; i++) {
      Frame frame = frames.next();
      HttpResponse<String> answer =
          send(
              HttpRequest.newBuilder(
                      gateway.resolve(
                          "/api/v1/streams/" + stream + "/frames?groundTruth=" + frame.label()))
                  .header("Content-Type", "image/png")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(frame.toPng())),
              apiKey);
      answeredNanos = System.nanoTime();
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      JsonNode body = JSON.readTree(answer.body());
      if (!body.path("reused").asBoolean()) {
        lastPlan = body.path("configId").asString();
      }
    }
    String plan = lastPlan;

    // Within the update target of the last answer: the row counts every frame and shows the plan,
    // and the latency and decision charts hold the points.
    await()
        .ignoreExceptions()
        .atMost(UPDATE_TARGET)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              WebElement tr = browser.findElement(row(stream));
              return String.valueOf(posted).equals(tr.getDomAttribute("data-frames"))
                  && plan.equals(tr.getDomAttribute("data-plan"))
                  && points("chart-latency") == posted;
            });
    long shownMillis = Duration.ofNanos(System.nanoTime() - answeredNanos).toMillis();
    System.out.printf("dashboard showed the last frame %d ms after its answer%n", shownMillis);
    assertThat(browser.findElement(row(stream)).findElement(By.className("plan")).getText())
        .isEqualTo(plan);
    assertThat(points("chart-decisions")).isBetween(1, posted);
    assertThat(points("chart-bandwidth")).isEqualTo(points("chart-decisions"));

    // The outcomes come back through Kafka and telemetry-service: accuracy and energy charts.
    long outcomeWait = System.nanoTime();
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> points("chart-energy") > 0 && points("chart-accuracy") > 0);
    System.out.printf(
        "first outcome on the charts %d ms after the wait began%n",
        Duration.ofNanos(System.nanoTime() - outcomeWait).toMillis());
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              WebElement canvas = browser.findElement(By.id("tradeoff"));
              return Integer.parseInt(canvas.getDomAttribute("data-points")) > 10
                  && Integer.parseInt(canvas.getDomAttribute("data-chosen")) >= 1;
            });
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(15))
        .until(() -> browser.findElement(By.id("health-services")).getText().contains("db UP"));
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(15))
        .until(() -> !browser.findElements(By.cssSelector("#policies tbody tr")).isEmpty());

    // Exact viewports (a headless window's size includes no chrome, but set it exactly anyway).
    viewport(1280, 800, false);
    screenshot("dashboard-1280x800.png");
    fullPage("dashboard-1280-full-page.png");
    viewport(390, 844, true);
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                ((Number)
                            ((JavascriptExecutor) browser)
                                .executeScript(
                                    "return document.documentElement.scrollWidth"
                                        + " - window.innerWidth"))
                        .longValue()
                    <= 0);
    screenshot("dashboard-phone-390x844.png");
    ((ChromeDriver) browser).executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());

    // The same session opens the API documentation (Swagger UI), which lists every operation.
    browser.findElement(By.id("api-docs")).click();
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(20))
        .until(() -> browser.findElements(By.cssSelector(".opblock")).size() >= 30);
    screenshot("swagger-ui-1280x800.png");
    browser.navigate().back();
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(10))
        .until(() -> browser.findElement(By.id("logout")).isDisplayed());

    // The admin key's session may roll back; logout ends the session.
    browser.findElement(By.id("logout")).click();
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(10))
        .until(() -> browser.getCurrentUrl().endsWith("/login.html"));
    logIn(platform.secrets().adminKey());
    assertThat(browser.findElement(By.id("rollback")).isEnabled()).isTrue();
  }

  /** What the browser showed and logged when the test failed, next to the screenshots. */
  private void dumpFailure() {
    try {
      Files.createDirectories(SCREENSHOTS);
      screenshot("failure.png");
      StringBuilder text = new StringBuilder("url: " + browser.getCurrentUrl() + "\n");
      for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
        text.append(entry).append('\n');
      }
      text.append(browser.getPageSource());
      Files.writeString(SCREENSHOTS.resolve("failure.txt"), text);
    } catch (Exception e) {
      System.err.println("could not save the browser's state: " + e);
    }
  }

  private void logIn(String key) {
    browser.findElement(By.id("api-key")).sendKeys(key);
    browser.findElement(By.id("login-button")).click();
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(10))
        .until(() -> browser.findElement(By.id("who")).getText().startsWith("logged in as"));
  }

  private int points(String chart) {
    String value = browser.findElement(By.id(chart)).getDomAttribute("data-points");
    return value == null ? 0 : Integer.parseInt(value);
  }

  private static By row(String stream) {
    return By.cssSelector("#streams tbody tr[data-stream-id='" + stream + "']");
  }

  /** Sets the page's viewport through the DevTools protocol (chromedriver's CDP passthrough). */
  private void viewport(int width, int height, boolean mobile) {
    ((ChromeDriver) browser)
        .executeCdpCommand(
            "Emulation.setDeviceMetricsOverride",
            Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
  }

  /** The whole page, beyond the viewport. */
  @SuppressWarnings("unchecked")
  private void fullPage(String name) throws Exception {
    var driver = (ChromeDriver) browser;
    var size =
        (Map<String, Object>)
            driver.executeCdpCommand("Page.getLayoutMetrics", Map.of()).get("cssContentSize");
    Map<String, Object> clip =
        Map.of(
            "x", 0,
            "y", 0,
            "width", ((Number) size.get("width")).doubleValue(),
            "height", ((Number) size.get("height")).doubleValue(),
            "scale", 1);
    var shot =
        driver.executeCdpCommand(
            "Page.captureScreenshot",
            Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
    Files.createDirectories(SCREENSHOTS);
    Files.write(SCREENSHOTS.resolve(name), Base64.getDecoder().decode((String) shot.get("data")));
  }

  private void screenshot(String name) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    Path taken = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(taken, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request, String key)
      throws Exception {
    return HTTP.send(
        request.header("X-API-Key", key).build(), HttpResponse.BodyHandlers.ofString());
  }
}
