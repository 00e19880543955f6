package io.spanflow.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.spanflow.agent.udp.AgentEndpoint;
import io.spanflow.proto.jaeger.Span;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** --reporter.grpc.tls.*: the agent trusts the collector's certificate from a PEM file. */
class TlsCollectorIT {
  private static final Path DIR = Path.of("target", "tls-it");
  private static final char[] PASSWORD = "changeit".toCharArray();

  @BeforeAll
  static void makeCertificate() throws Exception {
    Files.createDirectories(DIR);
    Files.deleteIfExists(DIR.resolve("collector.p12"));
    Files.deleteIfExists(DIR.resolve("collector.pem"));
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    run(
        keytool,
        "-genkeypair",
        "-alias",
        "collector",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=dns:localhost,ip:127.0.0.1",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        DIR.resolve("collector.p12").toString(),
        "-storepass",
        "changeit",
        "-keypass",
        "changeit");
    run(
        keytool,
        "-exportcert",
        "-rfc",
        "-alias",
        "collector",
        "-keystore",
        DIR.resolve("collector.p12").toString(),
        "-storepass",
        "changeit",
        "-file",
        DIR.resolve("collector.pem").toString());
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  private static ServerCredentials serverCredentials() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(DIR.resolve("collector.p12"))) {
      store.load(in, PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, PASSWORD);
    return TlsServerCredentials.newBuilder().keyManager(kmf.getKeyManagers()).build();
  }

  @Test
  void spansReachATlsCollector() throws Exception {
    try (TestCollector collector = TestCollector.start(0, serverCredentials());
        AgentUnderTest agent =
            AgentUnderTest.start(
                "--reporter.grpc.host-port=localhost:" + collector.port(),
                "--reporter.grpc.tls.enabled=true",
                "--reporter.grpc.tls.ca=" + DIR.resolve("collector.pem"))) {

      JavaClient.send(agent.udpPort(AgentEndpoint.JAEGER_COMPACT), "secure-svc", "over-tls");

      await().atMost(Duration.ofSeconds(20)).until(() -> collector.spans().size() == 1);
      List<Span> spans = collector.spans();
      assertThat(spans.get(0).getOperationName()).isEqualTo("over-tls");
      assertThat(spans.get(0).getProcess().getServiceName()).isEqualTo("secure-svc");
    }
  }
}
