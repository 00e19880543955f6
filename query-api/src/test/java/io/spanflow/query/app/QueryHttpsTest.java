package io.spanflow.query.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import io.spanflow.query.storage.SearchFixtures;
import io.spanflow.query.storage.memory.InMemorySpanStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --query.http.tls.*}: the API and UI over HTTPS with a certificate made at test time. */
class QueryHttpsTest {

  @TempDir static Path dir;
  private static SelfSignedPem pem;

  @BeforeAll
  static void certificate() throws Exception {
    pem = SelfSignedPem.create(dir);
  }

  private static Javalin start(TlsFiles tls) {
    InMemorySpanStore store = new InMemorySpanStore().writeAll(SearchFixtures.all());
    return QueryApp.create(
            QueryServices.builder().spans(store).dependencies(store).build(),
            QueryOptions.builder().bindHost("127.0.0.1").tls(tls).build())
        .start(0);
  }

  private static HttpResponse<String> get(SSLContext ssl, String url) throws Exception {
    HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    if (ssl != null) {
      client.sslContext(ssl);
    }
    return client
        .build()
        .send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void https_servesApiAndUi_toAClientTrustingTheCertificate() throws Exception {
    Javalin app = start(new TlsFiles(pem.cert(), pem.key(), null));
    try {
      String base = "https://127.0.0.1:" + app.port() + "/";
      HttpResponse<String> services = get(pem.clientContext(false), base + "api/services");
      assertThat(services.statusCode()).isEqualTo(200);
      assertThat(services.body()).contains("\"frontend\"");
      HttpResponse<String> ui = get(pem.clientContext(false), base + "search");
      assertThat(ui.statusCode()).isEqualTo(200);
      assertThat(ui.body()).contains("<base href=\"/\">");

      // The port speaks TLS only: a default client (not trusting the cert) and plain HTTP fail.
      assertThatThrownBy(() -> get(null, base + "api/services")).isInstanceOf(IOException.class);
      assertThat(plainHttpStatus("http://127.0.0.1:" + app.port() + "/api/services"))
          .isNotEqualTo(200);
    } finally {
      app.stop();
    }
  }

  @Test
  void clientCa_requiresAClientCertificate() throws Exception {
    Javalin app = start(new TlsFiles(pem.cert(), pem.key(), pem.cert()));
    try {
      String url = "https://127.0.0.1:" + app.port() + "/api/services";
      assertThat(get(pem.clientContext(true), url).statusCode()).isEqualTo(200);
      assertThatThrownBy(() -> get(pem.clientContext(false), url)).isInstanceOf(IOException.class);
    } finally {
      app.stop();
    }
  }

  @Test
  void badKeyFile_failsAtCreate_namingTheFlag() throws Exception {
    Path rsa = dir.resolve("pkcs1.key");
    Files.writeString(
        rsa, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    assertThatThrownBy(() -> start(new TlsFiles(pem.cert(), rsa, null)))
        .hasMessageContaining("--query.http.tls.key")
        .hasMessageContaining("PKCS#8");
    assertThatThrownBy(() -> start(new TlsFiles(pem.key(), pem.key(), null)))
        .hasMessageContaining("--query.http.tls.cert");
  }

  /** -1 when the server drops the connection, which is what a TLS-only port may do. */
  private static int plainHttpStatus(String url) {
    try {
      return get(null, url).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }
}
