package io.spanflow.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@link ShutdownProbeMain} in a child JVM and sends it real signals. */
@EnabledOnOs({OS.LINUX, OS.MAC})
class SignalShutdownTest {
  /** 128 + SIGTERM(15): how a JVM that ran its shutdown hooks reports a SIGTERM. */
  private static final int SIGTERM_EXIT = 143;

  /** 128 + SIGINT(2). */
  private static final int SIGINT_EXIT = 130;

  @TempDir Path dir;
  private Process child;

  @AfterEach
  void killChild() {
    if (child != null && child.isAlive()) {
      child.destroyForcibly();
    }
  }

  private Process startChild(String mode) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    child =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx64m",
                    "-XX:TieredStopAtLevel=1",
                    // The production logging config, not logback-test.xml.
                    "-Dlogback.configurationFile=logback.xml",
                    "-cp",
                    classpath,
                    ShutdownProbeMain.class.getName(),
                    dir.toString(),
                    mode))
            .redirectOutput(dir.resolve("stdout.txt").toFile())
            .redirectError(dir.resolve("stderr.txt").toFile())
            .start();
    return child;
  }

  @Test
  void sigterm_flushesComponents_andExits143() throws Exception {
    Process process = startChild("ok");
    Path portFile = dir.resolve("admin-port");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Files.exists(portFile) || !process.isAlive());
    assertThat(process.isAlive()).as(diagnostics()).isTrue();
    int adminPort = Integer.parseInt(Files.readString(portFile).trim());
    HttpResponse<String> health =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/"))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).as(health.body()).isEqualTo(200);

    process.destroy(); // SIGTERM on Unix

    await().atMost(Duration.ofSeconds(60)).until(() -> !process.isAlive());
    assertThat(process.exitValue()).as(diagnostics()).isEqualTo(SIGTERM_EXIT);
    assertThat(Files.readAllLines(dir.resolve("events.txt"))).containsExactly("started", "flushed");
    assertThat(Files.readString(dir.resolve("stdout.txt")))
        .contains("Shutdown signal received, stopping shutdown-probe")
        .contains("Closed span-buffer")
        .contains("Stopped shutdown-probe");
  }

  @Test
  void sigint_flushesComponents_andExits130() throws Exception {
    Process process = startChild("ok");
    Path portFile = dir.resolve("admin-port");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Files.exists(portFile) || !process.isAlive());
    assertThat(process.isAlive()).as(diagnostics()).isTrue();

    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start();
    assertThat(kill.waitFor()).isZero();

    await().atMost(Duration.ofSeconds(60)).until(() -> !process.isAlive());
    assertThat(process.exitValue()).as(diagnostics()).isEqualTo(SIGINT_EXIT);
    assertThat(Files.readAllLines(dir.resolve("events.txt"))).containsExactly("started", "flushed");
  }

  @Test
  void failedStart_exits1_withTheReason_andClosesStartedComponents() throws Exception {
    Process process = startChild("fail-start");

    await().atMost(Duration.ofSeconds(60)).until(() -> !process.isAlive());

    assertThat(process.exitValue()).as(diagnostics()).isEqualTo(1);
    assertThat(
            Files.readString(dir.resolve("stdout.txt"))
                + Files.readString(dir.resolve("stderr.txt")))
        .contains("shutdown-probe failed to start")
        .contains("cannot bind 127.0.0.1:6831");
    assertThat(Files.readAllLines(dir.resolve("events.txt"))).containsExactly("started", "flushed");
  }

  private String diagnostics() {
    try {
      return "child stdout:\n"
          + Files.readString(dir.resolve("stdout.txt"))
          + "\nchild stderr:\n"
          + Files.readString(dir.resolve("stderr.txt"));
    } catch (IOException e) {
      return "no child output: " + e;
    }
  }
}
