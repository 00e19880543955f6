package io.spanflow.tracegen;

import io.spanflow.runtime.config.ConfigBinder;
import io.spanflow.tracegen.load.LoadGenerator;
import io.spanflow.tracegen.load.LoadSummary;
import io.spanflow.tracegen.send.Protocol;
import io.spanflow.tracegen.send.SpanSender;
import io.spanflow.tracegen.traces.RandomCallTrees;
import io.spanflow.tracegen.traces.RandomTraceSource;
import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code ./spanflow tracegen}: offers synthetic traces at a rate through one client protocol and
 * prints what was sent, acknowledged, pushed back and retried. Exits 1 when spans were rejected.
 */
public final class TracegenMain {
  private TracegenMain() {}

  public static void main(String[] args) throws Exception {
    TracegenOptions o = ConfigBinder.bind("spanflow tracegen", new TracegenOptions(), args);
    Protocol protocol;
    RandomCallTrees trees;
    try {
      protocol = Protocol.fromFlag(o.protocol);
      trees = new RandomCallTrees(o.services, o.depth, o.fanout);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(ConfigBinder.USAGE_EXIT_CODE);
      return;
    }
    String endpoint = o.endpoint != null ? o.endpoint : "127.0.0.1:" + protocol.defaultPort();
    // A fresh seed per run: repeating ids would be deduplicated downstream and found at once.
    long seed = o.seed != null ? o.seed : new SecureRandom().nextLong();
    System.err.printf(
        "tracegen: %s to %s, %s, %d spans per trace (%d services, depth %d, fan-out %d), seed"
            + " %d%n",
        protocol.flag(),
        endpoint,
        o.spansPerSecond > 0
            ? o.spansPerSecond + " spans/s"
            : (o.tracesPerSecond > 0 ? o.tracesPerSecond + " traces/s" : "unpaced"),
        trees.spansPerTrace(),
        o.services,
        o.depth,
        o.fanout,
        seed);
    try (SpanSender sender = protocol.newSender(endpoint)) {
      LoadGenerator.Builder load =
          LoadGenerator.builder()
              .sender(sender, protocol.flag())
              .sources(
                  worker ->
                      new RandomTraceSource(
                          trees, o.errorFraction, o.slowFraction, seed * 1_000_003L + worker))
              .workers(o.workers)
              .duration(o.duration)
              .traceCount(o.traces)
              .tracesPerRequest(o.tracesPerRequest)
              .maxAttempts(o.maxAttempts)
              .traceLog(o.traceLog)
              .progressInterval(o.progressInterval);
      if (o.spansPerSecond > 0) {
        load.spansPerSecond(o.spansPerSecond);
      } else {
        load.tracesPerSecond(o.tracesPerSecond);
      }
      if (o.probeUrl != null) {
        load.searchProbe(o.probeApi, o.probeUrl, o.probeInterval, o.probeTimeout);
      }
      LoadGenerator generator = load.build();
      CountDownLatch printed = new CountDownLatch(1);
      // Ctrl-C stops the workers and still prints the summary.
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    generator.stop();
                    try {
                      printed.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  },
                  "tracegen-stop"));
      LoadSummary summary = generator.run();
      System.out.print(summary);
      if (o.summaryFile != null) {
        writeSummary(o, summary);
      }
      printed.countDown();
      if (summary.spansRejected() > 0) {
        System.exit(1);
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println(e.getMessage());
      System.exit(ConfigBinder.USAGE_EXIT_CODE);
    }
  }

  private static void writeSummary(TracegenOptions o, LoadSummary summary) throws IOException {
    Files.writeString(
        o.summaryFile,
        summary.toProperties().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n"))
            + "\n");
  }
}
