import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.spanflow.embedded.elasticsearch.ElasticsearchNode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * Starts the same Elasticsearch 8.19.21 child process the all-in-one runs, for Zipkin's server to
 * store into, behind a small pass-through proxy on PORT. The proxy exists because this minimal
 * distribution has no {@code GET /}, which Zipkin reads the server version from (its health check
 * fails without it); the proxy answers that one request and forwards every other unchanged.
 * Usage: java -cp <all-in-one classpath> ElasticsearchForZipkin.java DIR PORT HEAP.
 * Prints "ready <url>" and runs until SIGTERM, which stops the child.
 */
public final class ElasticsearchForZipkin {
  private static final byte[] ROOT =
      "{\"name\":\"spanflow-bench\",\"cluster_name\":\"bench\",\"version\":{\"number\":\"8.19.21\"},\"tagline\":\"You Know, for Search\"}"
          .getBytes(StandardCharsets.UTF_8);

  public static void main(String[] args) throws Exception {
    ElasticsearchNode node =
        ElasticsearchNode.builder()
            .name("elasticsearch-for-zipkin")
            .dir(Path.of(args[0]))
            .httpPort(0)
            .heap(args[2])
            .stopOnJvmExit(false)
            .build();
    Runtime.getRuntime().addShutdownHook(new Thread(node::close));
    node.start();
    String es = node.httpUrl();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpServer proxy =
        HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1])), 64);
    proxy.setExecutor(Executors.newFixedThreadPool(8));
    proxy.createContext("/", exchange -> forward(exchange, client, es));
    proxy.start();
    System.out.println("ready http://127.0.0.1:" + args[1] + " (elasticsearch at " + es + ")");
    Thread.currentThread().join();
  }

  private static void forward(HttpExchange exchange, HttpClient client, String es) {
    try (exchange) {
      String method = exchange.getRequestMethod();
      URI uri = exchange.getRequestURI();
      if (method.equals("GET") && (uri.getPath().equals("/") || uri.getPath().isEmpty())) {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, ROOT.length);
        exchange.getResponseBody().write(ROOT);
        return;
      }
      byte[] body = exchange.getRequestBody().readAllBytes();
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(es + uri.getRawPath()
                  + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
              .method(
                  method,
                  body.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      if (contentType != null) {
        request.header("Content-Type", contentType);
      }
      HttpResponse<byte[]> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      response
          .headers()
          .firstValue("Content-Type")
          .ifPresent(v -> exchange.getResponseHeaders().add("Content-Type", v));
      byte[] out = response.body();
      boolean head = method.equals("HEAD");
      exchange.sendResponseHeaders(response.statusCode(), head || out.length == 0 ? -1 : out.length);
      if (!head && out.length > 0) {
        exchange.getResponseBody().write(out);
      }
    } catch (Exception e) {
      System.err.println("proxy: " + e);
    }
  }
}
