package io.spanflow.collector.sampling;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.spanflow.proto.jaeger.SamplingStrategyResponse;
import io.spanflow.runtime.lifecycle.CheckResult;
import io.spanflow.runtime.lifecycle.Component;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the current sampling strategies. With a file, {@link #start()} fails on an invalid one
 * (with the file's problem in the message); afterwards, every reload interval, a changed file is
 * parsed again and replaces the strategies only if valid: a bad edit is logged and the last good
 * strategies keep being served.
 */
public final class SamplingStrategyStore implements Component {
  private static final Logger LOG = LoggerFactory.getLogger(SamplingStrategyStore.class);

  private final Path file;
  private final Duration reloadInterval;
  private final Counter reloadsOk;
  private final Counter reloadsFailed;
  private volatile SamplingStrategies current = SamplingStrategies.defaults();
  private volatile String lastReloadError;
  private byte[] lastContent;
  private ScheduledExecutorService scheduler;

  /**
   * @param file the strategies file, or null for Jaeger's default (probabilistic 0.001)
   * @param reloadInterval how often to look for changes; zero or null disables reloading
   */
  public SamplingStrategyStore(Path file, Duration reloadInterval, MeterRegistry registry) {
    this.file = file;
    this.reloadInterval = reloadInterval == null ? Duration.ZERO : reloadInterval;
    Objects.requireNonNull(registry, "registry");
    this.reloadsOk =
        Counter.builder("spanflow_collector_sampling_reloads")
            .description("Reloads of the sampling strategies file, by result")
            .tag("result", "ok")
            .register(registry);
    this.reloadsFailed =
        Counter.builder("spanflow_collector_sampling_reloads")
            .description("Reloads of the sampling strategies file, by result")
            .tag("result", "err")
            .register(registry);
  }

  @Override
  public String name() {
    return "sampling-strategies";
  }

  @Override
  public void start() throws InvalidStrategiesException {
    if (file == null) {
      LOG.info(
          "No sampling strategies file; serving probabilistic {} to every service",
          SamplingStrategies.DEFAULT_SAMPLING_PROBABILITY);
      return;
    }
    byte[] content = read();
    current = StrategiesFileParser.parse(file.toString(), content);
    lastContent = content;
    LOG.info("Loaded sampling strategies from {}: {}", file, current);
    if (!reloadInterval.isZero() && !reloadInterval.isNegative()) {
      scheduler =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "sampling-strategies-reload");
                t.setDaemon(true);
                return t;
              });
      long ms = reloadInterval.toMillis();
      scheduler.scheduleWithFixedDelay(this::reload, ms, ms, TimeUnit.MILLISECONDS);
    }
  }

  /** Re-reads the file now; keeps the current strategies if it is unreadable or invalid. */
  public synchronized void reload() {
    if (file == null) {
      return;
    }
    try {
      byte[] content = read();
      if (Arrays.equals(content, lastContent)) {
        return;
      }
      SamplingStrategies parsed = StrategiesFileParser.parse(file.toString(), content);
      lastContent = content;
      current = parsed;
      lastReloadError = null;
      reloadsOk.increment();
      LOG.info("Reloaded sampling strategies from {}: {}", file, parsed);
    } catch (InvalidStrategiesException e) {
      reloadsFailed.increment();
      if (!e.getMessage().equals(lastReloadError)) {
        LOG.error(
            "Sampling strategies not reloaded, keeping the last good ones: {}", e.getMessage());
      }
      lastReloadError = e.getMessage();
    } catch (RuntimeException e) {
      reloadsFailed.increment();
      LOG.error("Sampling strategies not reloaded, keeping the last good ones", e);
    }
  }

  private byte[] read() throws InvalidStrategiesException {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InvalidStrategiesException(
          file + ": cannot read the sampling strategies file: " + e, e);
    }
  }

  /** The strategy for {@code serviceName}: its own, or the default one. */
  public SamplingStrategyResponse strategyFor(String serviceName) {
    return current.forService(serviceName);
  }

  public SamplingStrategies current() {
    return current;
  }

  /** The last reload's problem, or null; the store stays healthy, serving the last good file. */
  public String lastReloadError() {
    return lastReloadError;
  }

  @Override
  public CheckResult check() {
    return CheckResult.ok();
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
