package io.spanflow.collector;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs npm jaeger-client (installed once into {@code target/npm-jaeger-client}) as a real Node.js
 * client. Returns false when node or npm is not installed, so the test can be skipped there.
 */
final class NpmJaegerClient {
  private static final Path DIR = Path.of("target", "npm-jaeger-client").toAbsolutePath();

  private NpmJaegerClient() {}

  static boolean available() {
    return run(List.of("node", "--version"), Path.of("."), 30) == 0
        && run(List.of("npm", "--version"), Path.of("."), 30) == 0;
  }

  /** Installs the pinned version if needed; false if npm could not (e.g. no registry access). */
  static boolean install() throws IOException {
    String version = System.getProperty("jaeger-client-npm.version", "3.19.0");
    if (Files.exists(DIR.resolve("node_modules/jaeger-client/package.json"))) {
      return true;
    }
    Files.createDirectories(DIR);
    int exit =
        run(
            List.of(
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--prefix",
                DIR.toString(),
                "jaeger-client@" + version),
            DIR,
            300);
    return exit == 0;
  }

  /** Reports a parent and a child span for {@code service} to {@code endpoint}. */
  static void reportTwoSpans(String endpoint, String service) throws IOException {
    Path script = DIR.resolve("report-two-spans.js");
    try (InputStream in = NpmJaegerClient.class.getResourceAsStream("/npm/report-two-spans.js")) {
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    int exit = run(List.of("node", script.toString(), endpoint, service), DIR, 60);
    if (exit != 0) {
      throw new AssertionError("node jaeger-client script exited with " + exit);
    }
  }

  private static int run(List<String> command, Path dir, int timeoutSeconds) {
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(DIR.getParent().resolve("npm-jaeger-client.log").toFile())
              .start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  static String log() throws IOException {
    Path log = DIR.getParent().resolve("npm-jaeger-client.log");
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }
}
