package io.spanflow.query.ui;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Registers the web UI on the query app: the single page at {@code /} and at every client-side
 * route (so a shared link opens directly), and the assets under {@code /static/}. The page carries
 * a {@code <base href>} with the configured base path, and every URL in the UI is relative to it.
 */
public final class WebUi {

  static final String ROOT = "/io/spanflow/query/ui/";

  /** Client-side routes that answer with the page; the UI's router takes it from there. */
  static final String[] PAGES = {
    "/", "/search", "/trace/{id}", "/compare", "/dependencies", "/monitor", "/upload"
  };

  /** Asset names are flat and plain: nothing outside the UI folder can be named. */
  private static final Pattern ASSET = Pattern.compile("[a-z0-9][a-z0-9-]*\\.(js|css|svg)");

  private static final Map<String, String> TYPES =
      Map.of(
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml");

  private WebUi() {}

  /** Adds the UI routes to {@code app}, whose context path is {@code basePath}. */
  public static void register(Javalin app, String basePath) {
    String page = page(basePath);
    for (String path : PAGES) {
      app.get(path, ctx -> ctx.contentType("text/html; charset=utf-8").result(page));
    }
    app.get("/static/{asset}", WebUi::asset);
  }

  /** index.html with the base path filled in; "/" and "/jaeger" become "/" and "/jaeger/". */
  static String page(String basePath) {
    String base = basePath.endsWith("/") ? basePath : basePath + "/";
    return new String(read("index.html"), StandardCharsets.UTF_8)
        .replace("__BASE_HREF__", escapeAttribute(base));
  }

  private static void asset(Context ctx) {
    String name = ctx.pathParam("asset");
    if (!ASSET.matcher(name).matches() || WebUi.class.getResource(ROOT + name) == null) {
      throw new NotFoundResponse("no such asset: " + name);
    }
    String ext = name.substring(name.lastIndexOf('.') + 1);
    // Assets are small and change with each release; revalidation keeps the UI current.
    ctx.header("Cache-Control", "no-cache");
    ctx.contentType(TYPES.get(ext)).result(read(name));
  }

  private static byte[] read(String name) {
    try (InputStream in = WebUi.class.getResourceAsStream(ROOT + name)) {
      if (in == null) {
        throw new IllegalStateException("UI resource missing from the jar: " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String escapeAttribute(String s) {
    return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
  }
}
