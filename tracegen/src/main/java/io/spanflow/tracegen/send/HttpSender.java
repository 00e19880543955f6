package io.spanflow.tracegen.send;

import io.spanflow.proto.jaeger.Span;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import zipkin2.codec.SpanBytesEncoder;

/**
 * OTLP/HTTP protobuf ({@code /v1/traces}) or Zipkin JSON v2 ({@code /api/v2/spans}) with the JDK
 * HTTP client. 429 is backpressure, 503 and connection failures are worth a retry, any other
 * non-2xx refuses the request.
 */
final class HttpSender implements SpanSender {
  private final HttpClient client;
  private final URI uri;
  private final String contentType;
  private final Function<List<Span>, byte[]> encoder;

  private HttpSender(String url, String contentType, Function<List<Span>, byte[]> encoder) {
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    this.uri = URI.create(url);
    this.contentType = contentType;
    this.encoder = encoder;
  }

  static HttpSender otlp(String url) {
    return new HttpSender(
        url, "application/x-protobuf", spans -> OtlpEncoding.request(spans).toByteArray());
  }

  static HttpSender zipkin(String url) {
    return new HttpSender(
        url,
        "application/json",
        spans -> SpanBytesEncoder.JSON_V2.encodeList(ZipkinEncoding.spans(spans)));
  }

  @Override
  public Outcome send(List<Span> spans) {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(encoder.apply(spans)))
            .build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      int code = response.statusCode();
      if (code >= 200 && code < 300) {
        return Outcome.ACCEPTED;
      }
      String detail = code + " " + abbreviate(response.body());
      if (code == 429) {
        return Outcome.backpressure(detail);
      }
      return code == 503 ? Outcome.unavailable(detail) : Outcome.rejected(detail);
    } catch (IOException e) {
      return Outcome.unavailable(e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.unavailable("interrupted");
    }
  }

  private static String abbreviate(String body) {
    return body.length() > 200 ? body.substring(0, 200) + "..." : body;
  }

  @Override
  public void close() {
    // The JDK client (Java 17) has no close; its idle connections time out.
  }
}
