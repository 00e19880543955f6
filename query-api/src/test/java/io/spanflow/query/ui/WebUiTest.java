package io.spanflow.query.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.spanflow.query.app.QueryApp;
import io.spanflow.query.app.QueryOptions;
import io.spanflow.query.app.QueryServices;
import io.spanflow.query.storage.memory.InMemorySpanStore;
import java.io.IOException;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** The page and assets as the query app serves them, at the root and under a base path. */
class WebUiTest {

  private static Javalin app(String basePath) {
    InMemorySpanStore store = new InMemorySpanStore();
    return QueryApp.create(
        QueryServices.builder().spans(store).dependencies(store).build(),
        QueryOptions.builder().basePath(basePath).bindHost("127.0.0.1").build());
  }

  private static String body(Response r) {
    try {
      return r.body().string();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void rootServesThePageWithRootBase() {
    JavalinTest.test(
        app("/"),
        (server, client) -> {
          Response r = client.get("/");
          assertThat(r.code()).isEqualTo(200);
          assertThat(r.header("Content-Type")).startsWith("text/html");
          String html = body(r);
          assertThat(html).contains("<base href=\"/\">").contains("static/app.js");
          assertThat(html).doesNotContain("__BASE_HREF__");
        });
  }

  @Test
  void clientRoutesServeThePage_soSharedLinksOpen() {
    JavalinTest.test(
        app("/"),
        (server, client) -> {
          for (String path :
              new String[] {"/search?service=a", "/trace/abc123", "/dependencies", "/monitor"}) {
            Response r = client.get(path);
            assertThat(r.code()).as(path).isEqualTo(200);
            assertThat(body(r)).as(path).contains("<base href=\"/\">");
          }
        });
  }

  @Test
  void basePathIsTheBaseOfEveryUrl() {
    JavalinTest.test(
        app("/jaeger"),
        (server, client) -> {
          assertThat(body(client.get("/jaeger/trace/abc"))).contains("<base href=\"/jaeger/\">");
          Response js = client.get("/jaeger/static/app.js");
          assertThat(js.code()).isEqualTo(200);
          assertThat(js.header("Content-Type")).startsWith("text/javascript");
          assertThat(client.get("/static/app.js").code()).isEqualTo(404);
        });
  }

  @Test
  void everyAssetThePageNamesIsServed() {
    JavalinTest.test(
        app("/"),
        (server, client) -> {
          for (String asset :
              new String[] {
                "app.js",
                "util.js",
                "model.js",
                "search.js",
                "trace.js",
                "graph.js",
                "monitor.js",
                "compare.js",
                "app.css",
                "logo.svg"
              }) {
            Response r = client.get("/static/" + asset);
            assertThat(r.code()).as(asset).isEqualTo(200);
            assertThat(body(r)).as(asset).isNotBlank();
          }
          assertThat(client.get("/static/app.css").header("Content-Type")).startsWith("text/css");
        });
  }

  @Test
  void nothingOutsideTheUiFolderIsServed() {
    JavalinTest.test(
        app("/"),
        (server, client) -> {
          assertThat(client.get("/static/index.html").code()).isEqualTo(404);
          assertThat(client.get("/static/..%2Fapp%2FQueryApp.class").code()).isEqualTo(404);
          assertThat(client.get("/static/missing.js").code()).isEqualTo(404);
        });
  }
}
