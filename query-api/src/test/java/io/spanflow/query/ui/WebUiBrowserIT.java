package io.spanflow.query.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.query.app.QueryApp;
import io.spanflow.query.app.QueryOptions;
import io.spanflow.query.app.QueryServices;
import io.spanflow.query.storage.es.EsConnection;
import io.spanflow.query.storage.es.EsDependencyReader;
import io.spanflow.query.storage.es.EsFixtureLoader;
import io.spanflow.query.storage.es.EsMetricsReader;
import io.spanflow.query.storage.es.EsReaderOptions;
import io.spanflow.query.storage.es.EsSpanReader;
import io.spanflow.schemas.es.DependenciesDocument;
import io.spanflow.schemas.es.SpanMetricsDocument;
import io.spanflow.schemas.fixtures.TestTraces;
import io.spanflow.schemas.ids.TraceIds;
import io.spanflow.testsupport.SharedElasticsearch;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web UI in headless Chromium against the real query app over the real Elasticsearch, loaded
 * with the shared fixture traces (including a 10,000-span trace) through the ES layout's mapper.
 * Served under a base path, so every URL the UI builds must be relative. Screenshots of each page
 * go to {@code target/screenshots/} for review.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiBrowserIT {

  private static final Logger LOG = LoggerFactory.getLogger(WebUiBrowserIT.class);
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final int LARGE_SIZE = 10_000;
  private static final String BASE_PATH = "/jaeger";

  private final Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
  private final String twoServiceId = TraceIds.toHex(TestTraces.TWO_SERVICE_TRACE_ID);
  private final String allTypesId = TraceIds.toHex(TestTraces.ALL_TYPES_TRACE_ID);
  private final String largeId = TraceIds.toHex(TestTraces.LARGE_TRACE_ID);

  private static final String TOKEN = "ui-test-token";

  private EsConnection connection;
  private QueryServices services;
  private Javalin app;
  private WebDriver driver;
  private String root;
  private Path profile;

  @BeforeAll
  void start() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "browser tests need Debian's chromium and chromium-driver: apt-get install chromium"
            + " chromium-driver (.ci/run installs them)");
    String prefix = "ui" + Long.toHexString(System.nanoTime());
    connection =
        EsConnection.builder()
            .serverUrls(List.of(SharedElasticsearch.httpUrl()))
            .timeout(Duration.ofSeconds(120))
            .build();
    EsFixtureLoader loader = new EsFixtureLoader(connection.client(), prefix);
    loader.spans(TestTraces.twoServiceTrace(base));
    loader.spans(TestTraces.allTypesTrace(base.plusSeconds(60)));
    loader.spans(TestTraces.zipkinSharedSpanTrace(base.plusSeconds(120)));
    List<Span> large = TestTraces.largeTrace(LARGE_SIZE, base.plusSeconds(180));
    loader.spans(large);
    Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    loader.dependencies(
        List.of(
            DependenciesDocument.of(
                minute.minusSeconds(300),
                new DependenciesDocument.Link("frontend", "backend", 120, 6, "jaeger")),
            DependenciesDocument.of(
                minute.minusSeconds(300),
                new DependenciesDocument.Link("backend", "mysql", 340, "jaeger")),
            DependenciesDocument.of(
                minute.minusSeconds(300),
                new DependenciesDocument.Link("backend", "redis", 95, "jaeger")),
            DependenciesDocument.of(
                minute.minusSeconds(300),
                new DependenciesDocument.Link("frontend", "auth", 60, "jaeger"))));
    loader.metrics(metrics(minute));
    loader.refresh();

    EsReaderOptions options = EsReaderOptions.builder().indexPrefix(prefix).build();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    services =
        QueryServices.builder()
            .spans(new EsSpanReader(connection.client(), options, Clock.systemUTC(), registry))
            .dependencies(new EsDependencyReader(connection.client(), options, registry))
            .metrics(new EsMetricsReader(connection.client(), options, registry))
            .meterRegistry(registry)
            .build();
    app =
        QueryApp.create(
            services, QueryOptions.builder().basePath(BASE_PATH).bindHost("127.0.0.1").build());
    app.start(0);
    root = "http://127.0.0.1:" + app.port() + BASE_PATH + "/";

    profile = Files.createTempDirectory("spanflow-chromium");
    ChromeOptions chrome = new ChromeOptions();
    chrome.setBinary(CHROMIUM.toFile());
    chrome.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1440,900",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, chrome);
    Files.createDirectories(SCREENSHOTS);
  }

  /** Thirty minutes of "frontend" server traffic with a slow, error-prone checkout. */
  private static List<SpanMetricsDocument> metrics(Instant minute) {
    List<Long> bounds = List.of(1_000L, 10_000L, 100_000L, 1_000_000L);
    List<SpanMetricsDocument> docs = new ArrayList<>();
    for (int m = 1; m <= 30; m++) {
      Instant ts = minute.minusSeconds(60L * m);
      long calls = 100 + (m * 37 % 40);
      docs.add(
          new SpanMetricsDocument(
              ts,
              "frontend",
              "GET /",
              "server",
              calls,
              m % 5,
              calls * 3_000,
              400,
              90_000,
              bounds,
              List.of(calls / 2, calls / 2 - 5, 5L, 0L, 0L)));
      docs.add(
          new SpanMetricsDocument(
              ts,
              "frontend",
              "POST /checkout",
              "server",
              20,
              3,
              20 * 80_000,
              20_000,
              900_000,
              bounds,
              List.of(0L, 0L, 12L, 8L, 0L)));
    }
    return docs;
  }

  @AfterAll
  void stop() throws IOException {
    if (driver != null) {
      driver.quit();
    }
    if (app != null) {
      app.stop();
    }
    if (connection != null) {
      connection.close();
    }
  }

  private WebDriverWait waiting() {
    return new WebDriverWait(driver, Duration.ofSeconds(60));
  }

  private WebElement await(String css) {
    return waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  private List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  private void screenshot(String name) throws IOException {
    byte[] png = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    Files.write(SCREENSHOTS.resolve(name + ".png"), png);
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  @Test
  void search_listsServices_findsTraces_andPutsTheQueryInTheUrl() throws IOException {
    driver.get(root + "search");
    Select service = new Select(await("#service"));
    List<String> names = service.getOptions().stream().map(WebElement::getText).toList();
    assertThat(names).contains("frontend", "backend", "all-types");
    assertThat(names).containsAll(TestTraces.LARGE_TRACE_SERVICES);
    assertThat(await(".results .state").getText()).contains("Pick a service");

    service.selectByVisibleText("frontend");
    waiting().until(d -> new Select(d.findElement(By.id("operation"))).getOptions().size() > 1);
    driver.findElement(By.id("lookback")).sendKeys("Last 2 hours");
    driver.findElement(By.id("find-traces")).click();

    WebElement first = await(".result");
    assertThat(driver.getCurrentUrl()).contains("service=frontend").contains("lookback=");
    assertThat(first.findElement(By.cssSelector(".result-title")).getText()).contains("frontend");
    assertThat(first.getText()).contains("spans").contains("backend");
    assertThat(all(".scatter circle.dot")).hasSameSizeAs(all(".result"));
    screenshot("search-results");

    // The URL alone reproduces the search.
    String shared = driver.getCurrentUrl();
    driver.get(shared);
    await(".result");
    assertThat(new Select(driver.findElement(By.id("service"))).getFirstSelectedOption().getText())
        .isEqualTo("frontend");
  }

  @Test
  void search_saysWhatToDo_whenNothingMatchesOrInputIsBad() throws IOException {
    driver.get(root + "search?service=frontend&lookback=1h&minDuration=1h");
    assertThat(await(".results .state.empty").getText())
        .contains("No traces found")
        .contains("longer lookback");
    driver.get(root + "search?service=frontend&lookback=1h");
    WebElement min = await("input[name=minDuration]");
    min.sendKeys("soon");
    driver.findElement(By.id("find-traces")).click();
    assertThat(await(".results .state.error").getText()).contains("not a duration");
    screenshot("search-bad-input");
  }

  @Test
  void trace_expandsAndCollapses_andShowsSpanDetails() throws IOException {
    driver.get(root + "search?service=all-types&lookback=2h");
    await(".result .result-head").click();
    waiting().until(ExpectedConditions.urlContains("/trace/" + allTypesId));
    await(".span-row");
    int rows = all(".span-row").size();
    assertThat(rows).isGreaterThan(1);
    assertThat(driver.findElement(By.cssSelector(".trace-span-count")).getText())
        .contains(Integer.toString(rows));

    WebElement rootTwisty = driver.findElement(By.cssSelector(".span-row .twisty"));
    rootTwisty.click();
    waiting().until(d -> d.findElements(By.cssSelector(".span-row")).size() == 1);
    assertThat(driver.findElement(By.cssSelector(".span-row .child-count")).getText())
        .isEqualTo("+" + (rows - 1));
    driver.findElement(By.cssSelector(".span-row .twisty")).click();
    waiting().until(d -> d.findElements(By.cssSelector(".span-row")).size() == rows);

    // A span with logs, references and every tag type.
    WebElement withLogs =
        all(".span-row").stream()
            .filter(r -> !r.findElements(By.cssSelector(".op-name")).isEmpty())
            .reduce((a, b) -> b)
            .orElseThrow();
    withLogs.click();
    WebElement detail = await(".span-detail");
    assertThat(detail.findElement(By.cssSelector(".detail-operation")).getText()).isNotBlank();
    assertThat(detail.getText()).contains("Tags").contains("Process").contains("Logs");
    assertThat(detail.getText()).contains("References").contains("Span ID");
    screenshot("trace-details");

    // Every span's details open; the all-types trace has logs and a FOLLOWS_FROM reference.
    boolean sawLog = false;
    boolean sawFollows = false;
    for (int i = 0; i < rows; i++) {
      all(".span-row").get(i).click();
      String text = await(".span-detail").getText();
      sawLog |= text.contains("into span");
      sawFollows |= text.contains("FOLLOWS_FROM");
    }
    assertThat(sawLog).as("a log with its timestamp").isTrue();
    assertThat(sawFollows).as("a FOLLOWS_FROM reference").isTrue();

    driver.findElement(By.cssSelector(".span-detail .close")).click();
    waiting()
        .until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".span-detail")));
  }

  @Test
  void largeTrace_rendersFast_andOnlyVisibleRowsAreInTheDom() throws Exception {
    // The API call alone, for comparison with what the browser sees.
    HttpClient http = HttpClient.newHttpClient();
    long t0 = System.nanoTime();
    HttpResponse<String> api =
        http.send(
            HttpRequest.newBuilder(URI.create(root + "api/traces/" + largeId)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(api.statusCode()).isEqualTo(200);
    LOG.warn(
        "10,000-span trace: GET api/traces/{id} took {} ms from Java ({} KB)",
        (System.nanoTime() - t0) / 1_000_000,
        api.body().length() / 1024);
    driver.get(root + "search");
    await("#service");
    driver.get(root + "trace/" + largeId);
    waiting().until(d -> js("return document.body.dataset.traceRenderMs") != null);
    long fetch = Long.parseLong((String) js("return document.body.dataset.traceFetchMs"));
    long render = Long.parseLong((String) js("return document.body.dataset.traceRenderMs"));
    long total = Long.parseLong((String) js("return document.body.dataset.traceTotalMs"));
    LOG.warn(
        "10,000-span trace: on screen {} ms after the request = API call and JSON parse {} ms +"
            + " tree, critical path and first paint {} ms",
        total,
        fetch,
        render);
    assertThat(driver.findElement(By.cssSelector(".trace-span-count .fact-value")).getText())
        .isEqualTo("10,000");
    int domRows = all(".span-row").size();
    assertThat(domRows).isBetween(10, 200);
    screenshot("trace-10000-spans");

    // Scroll to the end: the last spans appear, still few rows in the DOM.
    js("const v = document.querySelector('.waterfall-viewport'); v.scrollTop = v.scrollHeight;");
    waiting()
        .until(
            d ->
                d.findElements(By.cssSelector(".span-row")).stream()
                    .anyMatch(r -> r.getText().contains("op-")));
    assertThat(all(".span-row").size()).isLessThan(200);

    // Find-in-trace: op-13 is one of 20 operations.
    WebElement find = driver.findElement(By.cssSelector("input.find"));
    find.sendKeys("op-13");
    waiting()
        .until(d -> d.findElement(By.cssSelector(".find-count")).getText().equals("500 matches"));
    find.sendKeys(org.openqa.selenium.Keys.ENTER);
    WebElement detail = await(".span-detail");
    assertThat(detail.findElement(By.cssSelector(".detail-operation")).getText())
        .isEqualTo("op-13");
    screenshot("trace-find");

    // Collapse all leaves the root and its direct children.
    driver.findElement(By.id("collapse-all")).click();
    waiting().until(d -> d.findElements(By.cssSelector(".span-row")).size() == 3);
    screenshot("trace-10000-collapsed");
  }

  @Test
  void serviceGraph_showsServicesAndCalls_andAClickFilters() throws IOException {
    driver.get(root + "dependencies");
    await("svg.graph .node");
    List<String> nodes =
        all("svg.graph .node").stream().map(n -> n.getAttribute("data-service")).toList();
    assertThat(nodes).containsExactlyInAnyOrder("frontend", "backend", "mysql", "redis", "auth");
    assertThat(all("svg.graph .edge")).hasSize(4);
    assertThat(all("svg.graph .edge-label").stream().map(WebElement::getText))
        .contains("340", "120 · 5.0% err", "95", "60");
    // The erroring call is drawn red; the others keep the neutral colour.
    assertThat(all("svg.graph .edge.has-errors"))
        .singleElement()
        .satisfies(e -> assertThat(e.getAttribute("data-child")).isEqualTo("backend"))
        .satisfies(e -> assertThat(e.getAttribute("data-errors")).isEqualTo("6"));
    assertThat(
            driver
                .findElement(By.cssSelector("svg.graph .node[data-service=backend] .node-errors"))
                .getText())
        .isEqualTo("5.0%");
    assertThat(all("svg.graph .node .node-errors")).hasSize(1);
    driver.findElement(By.cssSelector("svg.graph .node[data-service=backend]")).click();
    WebElement side = await(".graph-selected");
    assertThat(side.getText()).isEqualTo("backend");
    assertThat(driver.findElement(By.cssSelector(".graph-side")).getText())
        .contains("mysql")
        .contains("340 calls")
        .contains("frontend")
        .contains("120 calls · 5.0% errors");
    assertThat(all("svg.graph .edge.faded")).hasSize(1);
    screenshot("service-graph");
  }

  @Test
  void bearerTokens_theUiAsksForOne_keepsItForTheTab_andSendsIt() throws Exception {
    Javalin secured =
        QueryApp.create(
            services,
            QueryOptions.builder().bindHost("127.0.0.1").bearerTokens(Set.of(TOKEN)).build());
    secured.start(0);
    try {
      String securedRoot = "http://127.0.0.1:" + secured.port() + "/";
      HttpResponse<String> refused =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(securedRoot + "api/services")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(401);

      driver.get(securedRoot + "search");
      assertThat(await("#token-dialog").getText()).contains("Token required");
      await("#token-input").sendKeys("not-the-token");
      driver.findElement(By.id("token-submit")).click();
      assertThat(await("#token-dialog .token-problem").getText()).contains("not accepted");
      await("#token-input").sendKeys(TOKEN);
      screenshot("token-prompt");
      driver.findElement(By.id("token-submit")).click();
      waiting()
          .until(
              d ->
                  new Select(d.findElement(By.id("service")))
                      .getOptions().stream().anyMatch(o -> o.getText().equals("frontend")));
      assertThat(await("#sign-out").getText()).isEqualTo("Sign out");

      // Other pages of the same tab send the kept token without asking again.
      driver.get(securedRoot + "dependencies");
      await("svg.graph .node");
      assertThat(all("#token-dialog")).isEmpty();

      // Signing out forgets it; cancelling the prompt says what is missing.
      driver.findElement(By.id("sign-out")).click();
      await("#token-dialog");
      driver.findElement(By.id("token-cancel")).click();
      assertThat(await(".state.error").getText()).contains("needs a bearer token");
      assertThat(all("#sign-out").get(0).isDisplayed()).isFalse();
    } finally {
      secured.stop();
    }
  }

  @Test
  void performance_chartsRatesAndLatency_perOperation() throws IOException {
    driver.get(root + "monitor?service=frontend&lookback=1h&spanKind=server");
    WebElement table = await("#operations-table");
    assertThat(table.getText()).contains("GET /").contains("POST /checkout");
    assertThat(all(".chart-card")).hasSize(3);
    assertThat(all(".chart polyline.line")).hasSizeGreaterThanOrEqualTo(5);
    screenshot("performance");

    driver.get(root + "monitor?service=backend&lookback=1h&spanKind=server");
    assertThat(await(".state.empty").getText()).contains("No server spans from backend");
  }

  @Test
  void compare_showsWhatOneTraceHasThatTheOtherLacks() throws IOException {
    driver.get(root + "compare?a=" + twoServiceId + "&b=" + allTypesId);
    await(".compare-summary");
    assertThat(all("tr.removed")).isNotEmpty();
    assertThat(all("tr.added")).isNotEmpty();
    screenshot("compare");
  }

  @Test
  void uploadedJson_opensAsATrace() throws Exception {
    HttpResponse<String> api =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(root + "api/traces/" + twoServiceId)).build(),
                HttpResponse.BodyHandlers.ofString());
    Path file = Files.createTempFile(profile.getParent(), "trace", ".json");
    Files.writeString(file, api.body());
    driver.get(root + "upload");
    assertThat(await(".state.empty").getText()).contains("No file opened");
    driver.findElement(By.id("upload-input")).sendKeys(file.toAbsolutePath().toString());
    await(".span-row");
    assertThat(driver.findElement(By.cssSelector(".trace-title")).getText())
        .contains("frontend")
        .contains(twoServiceId);
    assertThat(all(".span-row")).hasSize(4);
    Files.delete(file);
  }
}
