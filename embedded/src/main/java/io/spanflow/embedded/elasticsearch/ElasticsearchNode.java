package io.spanflow.embedded.elasticsearch;

import io.spanflow.embedded.files.DataDirectories;
import io.spanflow.embedded.net.LoopbackPorts;
import io.spanflow.runtime.lifecycle.CheckResult;
import io.spanflow.runtime.lifecycle.Component;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Elasticsearch node running in a child JVM, bound to 127.0.0.1.
 *
 * <p>The child runs {@link ElasticsearchLauncher} on the distribution's module path with the same
 * {@code java} binary as this JVM. It dies with this JVM: a shutdown hook stops it, and if this JVM
 * is killed outright the child sees its stdin close and exits by itself.
 *
 * <p>Everything the node writes lives under one directory ({@code data/}, {@code logs/}, {@code
 * config/}, {@code tmp/}); a node started again on the same directory finds its indices. Without a
 * directory a temporary one is used and deleted on {@link #close()}.
 */
public final class ElasticsearchNode implements Component {

  private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchNode.class);
  private static final Pattern HEAP = Pattern.compile("\\d+[kKmMgG]");
  private static final Pattern HEALTH_STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"");
  private static final String LAUNCHER_CLASS_FILE =
      ElasticsearchLauncher.class.getName().replace('.', '/') + ".class";
  private static final String CONSOLE_LOG = "console.log";
  private static final int LOG_TAIL_LINES = 40;

  private final String name;
  private final Path configuredDir;
  private final int configuredHttpPort;
  private final String heap;
  private final Duration startTimeout;
  private final ElasticsearchDistribution configuredDistribution;
  private final Map<String, String> settings;
  private final List<String> jvmOptions;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Object lock = new Object();
  private Process process;
  private Thread shutdownHook;
  private Path dir;
  private boolean temporaryDir;
  private int httpPort = -1;
  private boolean closed;

  private ElasticsearchNode(Builder builder) {
    this.name = builder.name;
    this.configuredDir = builder.dir;
    this.configuredHttpPort = builder.httpPort;
    this.heap = builder.heap;
    this.startTimeout = builder.startTimeout;
    this.configuredDistribution = builder.distribution;
    this.settings = Map.copyOf(builder.settings);
    this.jvmOptions = List.copyOf(builder.jvmOptions);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * Starts the child JVM and returns once the cluster health is yellow or green. On failure or
   * timeout the child is stopped and the exception carries the tail of its log.
   */
  @Override
  public void start() throws Exception {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException(name + " is closed");
      }
      if (process != null) {
        return;
      }
      long startNanos = System.nanoTime();
      ElasticsearchDistribution distribution =
          configuredDistribution != null
              ? configuredDistribution
              : ElasticsearchDistribution.locate();
      temporaryDir = configuredDir == null;
      dir =
          temporaryDir
              ? DataDirectories.createTemporary("spanflow-es-")
              : Files.createDirectories(configuredDir).toAbsolutePath();
      Path logs = Files.createDirectories(dir.resolve("logs"));
      Files.createDirectories(dir.resolve("data"));
      Files.createDirectories(dir.resolve("tmp"));
      Path config = writeConfig(distribution);
      Path launcherClasses = copyLauncher();
      Files.deleteIfExists(logs.resolve("http.ports"));

      List<String> command = command(distribution, config, launcherClasses);
      LOG.debug("{}: starting {}", name, command);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(CONSOLE_LOG).toFile()))
              .redirectInput(ProcessBuilder.Redirect.PIPE);
      process = builder.start();
      shutdownHook = new Thread(this::stopProcess, name + "-shutdown");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
      try {
        awaitHealthy(logs);
      } catch (Exception | Error e) {
        stopProcess();
        removeShutdownHook();
        process = null;
        throw e;
      }
      LOG.info(
          "{} serving on {} (pid {}, dir {}) after {} ms",
          name,
          httpUrl(),
          process.pid(),
          dir,
          Duration.ofNanos(System.nanoTime() - startNanos).toMillis());
    }
  }

  /** {@code http://127.0.0.1:port}; only valid after {@link #start()}. */
  public String httpUrl() {
    synchronized (lock) {
      if (httpPort < 0) {
        throw new IllegalStateException(name + " has not been started");
      }
      return "http://" + LoopbackPorts.HOST + ":" + httpPort;
    }
  }

  /** The node's directory (data, logs, config); a temporary one if none was configured. */
  public Path dir() {
    synchronized (lock) {
      if (dir == null) {
        throw new IllegalStateException(name + " has not been started");
      }
      return dir;
    }
  }

  /** The child process, e.g. to check it is gone after {@link #close()}; empty before start. */
  public java.util.Optional<ProcessHandle> processHandle() {
    synchronized (lock) {
      return java.util.Optional.ofNullable(process).map(Process::toHandle);
    }
  }

  /** Healthy while the child is alive and its cluster health is yellow or green. */
  @Override
  public CheckResult check() {
    Process current;
    synchronized (lock) {
      if (process == null) {
        return CheckResult.failed(closed ? name + " is closed" : name + " is not started");
      }
      current = process;
    }
    if (!current.isAlive()) {
      return CheckResult.failed(name + " exited with code " + current.exitValue());
    }
    String status = healthStatus();
    if (status == null) {
      return CheckResult.failed(name + " does not answer on " + httpUrl());
    }
    return "red".equals(status)
        ? CheckResult.failed(name + " cluster health is red")
        : CheckResult.ok();
  }

  /** The last lines the child wrote to stdout/stderr. */
  public String logTail() {
    synchronized (lock) {
      return dir == null ? "" : tail(dir.resolve("logs").resolve(CONSOLE_LOG), LOG_TAIL_LINES);
    }
  }

  /**
   * Stops the child (closing its stdin lets it shut down cleanly; it is killed if it does not),
   * then deletes a temporary directory. Idempotent.
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      if (process != null) {
        stopProcess();
        removeShutdownHook();
      }
      if (temporaryDir && dir != null) {
        try {
          DataDirectories.deleteRecursively(dir);
        } catch (IOException e) {
          LOG.warn("{}: could not delete {}", name, dir, e);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "ElasticsearchNode{name="
        + name
        + ", dir="
        + (configuredDir == null ? "<temporary>" : configuredDir)
        + ", httpPort="
        + configuredHttpPort
        + ", heap="
        + heap
        + ", startTimeout="
        + startTimeout
        + ", settings="
        + settings
        + ", jvmOptions="
        + jvmOptions
        + '}';
  }

  private Path writeConfig(ElasticsearchDistribution distribution) throws IOException {
    Path config = Files.createDirectories(dir.resolve("config"));
    Files.copy(
        distribution.config().resolve("log4j2.properties"),
        config.resolve("log4j2.properties"),
        StandardCopyOption.REPLACE_EXISTING);
    Map<String, String> effective = new LinkedHashMap<>();
    effective.put("cluster.name", "spanflow");
    effective.put("node.name", name);
    effective.put("discovery.type", "single-node");
    effective.put("network.host", LoopbackPorts.HOST);
    // Port 0 lets the node bind any free port and report it in logs/http.ports: no race.
    effective.put("http.port", String.valueOf(configuredHttpPort));
    effective.put("transport.port", "0");
    effective.put("node.portsfile", "true");
    effective.put("path.data", dir.resolve("data").toString());
    effective.put("path.logs", dir.resolve("logs").toString());
    effective.put("xpack.security.enabled", "false");
    effective.put("cluster.routing.allocation.disk.threshold_enabled", "false");
    // A small heap plus bulk load trips the real-memory breaker spuriously.
    effective.put("indices.breaker.total.use_real_memory", "false");
    effective.put("action.destructive_requires_name", "false");
    effective.putAll(settings);
    StringBuilder yaml = new StringBuilder("# Written by spanflow ElasticsearchNode.\n");
    effective.forEach((k, v) -> yaml.append(k).append(": ").append(quote(v)).append('\n'));
    Files.writeString(config.resolve("elasticsearch.yml"), yaml, StandardCharsets.UTF_8);
    return config;
  }

  /** The launcher goes onto the child's class path alone, never with our other dependencies. */
  private Path copyLauncher() throws IOException {
    Path classes = dir.resolve("launcher");
    Path target = classes.resolve(LAUNCHER_CLASS_FILE);
    Files.createDirectories(target.getParent());
    try (InputStream in =
        ElasticsearchLauncher.class.getResourceAsStream("/" + LAUNCHER_CLASS_FILE)) {
      if (in == null) {
        throw new IllegalStateException("class file not found: " + LAUNCHER_CLASS_FILE);
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return classes;
  }

  private List<String> command(
      ElasticsearchDistribution distribution, Path config, Path launcherClasses) {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.add("-Xms64m");
    command.add("-Xmx" + heap);
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.add("-XX:-OmitStackTraceInFastThrow");
    command.add("-Xss1m");
    command.add("-Djava.awt.headless=true");
    command.add("-Dfile.encoding=UTF-8");
    command.add("-Djava.io.tmpdir=" + dir.resolve("tmp"));
    command.add("-Djava.locale.providers=CLDR");
    command.add("-Djna.nosys=true");
    command.add("-Dio.netty.noUnsafe=true");
    command.add("-Dio.netty.noKeySetOptimization=true");
    command.add("-Dio.netty.recycler.maxCapacityPerThread=0");
    command.add("-Dlog4j.shutdownHookEnabled=false");
    command.add("-Dlog4j2.disable.jmx=true");
    command.add("-Dlog4j2.formatMsgNoLookups=true");
    command.add("-Des.networkaddress.cache.ttl=60");
    command.add("-Des.networkaddress.cache.negative.ttl=10");
    command.add("-Des.distribution.type=tar");
    command.add("-Des.path.home=" + distribution.home());
    command.add("-Des.path.conf=" + config);
    command.addAll(jvmOptions);
    command.add("--module-path");
    command.add(distribution.lib().toString());
    command.add("--add-modules");
    command.add("org.elasticsearch.server");
    command.add("-cp");
    command.add(launcherClasses.toString());
    command.add(ElasticsearchLauncher.class.getName());
    return command;
  }

  private static String javaExecutable() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  private void awaitHealthy(Path logs) throws Exception {
    long deadline = System.nanoTime() + startTimeout.toNanos();
    Path portsFile = logs.resolve("http.ports");
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name
                + " exited with code "
                + process.exitValue()
                + " while starting; last lines of "
                + logs.resolve(CONSOLE_LOG)
                + ":\n"
                + tail(logs.resolve(CONSOLE_LOG), LOG_TAIL_LINES));
      }
      if (httpPort < 0) {
        httpPort = readPort(portsFile);
      }
      if (httpPort >= 0) {
        String status = healthStatus();
        if ("green".equals(status) || "yellow".equals(status)) {
          return;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            name
                + " was not healthy within "
                + startTimeout
                + "; last lines of "
                + logs.resolve(CONSOLE_LOG)
                + ":\n"
                + tail(logs.resolve(CONSOLE_LOG), LOG_TAIL_LINES));
      }
      process.waitFor(200, TimeUnit.MILLISECONDS);
    }
  }

  /** The port written by {@code node.portsfile}, or -1 before the node has bound it. */
  private static int readPort(Path portsFile) throws IOException {
    if (!Files.exists(portsFile)) {
      return -1;
    }
    for (String line : Files.readAllLines(portsFile, StandardCharsets.UTF_8)) {
      String address = line.trim();
      if (address.startsWith(LoopbackPorts.HOST + ":")) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
      }
    }
    return -1;
  }

  /** green / yellow / red, or null when the node does not answer. */
  private String healthStatus() {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(httpUrl() + "/_cluster/health?timeout=1s"))
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      Matcher m = HEALTH_STATUS.matcher(response.body());
      return m.find() ? m.group(1) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private void stopProcess() {
    Process current = process;
    if (current == null || !current.isAlive()) {
      return;
    }
    try {
      current.getOutputStream().close(); // the launcher closes the node on end-of-file
      if (!current.waitFor(30, TimeUnit.SECONDS)) {
        LOG.warn("{}: no clean exit within 30 s, terminating pid {}", name, current.pid());
        current.destroy();
        if (!current.waitFor(10, TimeUnit.SECONDS)) {
          current.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
    } catch (IOException e) {
      current.destroyForcibly();
    } catch (InterruptedException e) {
      current.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void removeShutdownHook() {
    if (shutdownHook == null) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook is running or has run
    }
    shutdownHook = null;
  }

  private static String quote(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private static String tail(Path file, int lines) {
    if (!Files.exists(file)) {
      return "(no output yet)";
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long length = raf.length();
      long from = Math.max(0, length - 16 * 1024);
      byte[] bytes = new byte[(int) (length - from)];
      raf.seek(from);
      raf.readFully(bytes);
      String[] all = new String(bytes, StandardCharsets.UTF_8).split("\n");
      int start = Math.max(0, all.length - lines);
      return String.join("\n", java.util.Arrays.asList(all).subList(start, all.length));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Configuration of an {@link ElasticsearchNode}. */
  public static final class Builder {
    private String name = "elasticsearch";
    private Path dir;
    private int httpPort;
    private String heap = "256m";
    private Duration startTimeout = Duration.ofMinutes(3);
    private ElasticsearchDistribution distribution;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>();

    private Builder() {}

    /** Node name, also used in logs and health reasons. Default {@code elasticsearch}. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Directory for data, logs and config. Default: a temporary one removed on close. */
    public Builder dir(Path dir) {
      this.dir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** HTTP port on 127.0.0.1. Default 0: a free port chosen by the node itself. */
    public Builder httpPort(int httpPort) {
      if (httpPort < 0 || httpPort > 65535) {
        throw new IllegalArgumentException("port out of range: " + httpPort);
      }
      this.httpPort = httpPort;
      return this;
    }

    /** Maximum heap of the child JVM, e.g. {@code 256m} (the default) or {@code 1g}. */
    public Builder heap(String heap) {
      if (!HEAP.matcher(Objects.requireNonNull(heap, "heap")).matches()) {
        throw new IllegalArgumentException("heap must look like 256m or 1g: " + heap);
      }
      this.heap = heap;
      return this;
    }

    /**
     * How long {@link #start()} waits for a healthy node. Default 3 minutes (generous: CI machines
     * are often busy).
     */
    public Builder startTimeout(Duration startTimeout) {
      if (startTimeout.isNegative() || startTimeout.isZero()) {
        throw new IllegalArgumentException("startTimeout must be positive: " + startTimeout);
      }
      this.startTimeout = startTimeout;
      return this;
    }

    /** The distribution to run. Default {@link ElasticsearchDistribution#locate()}. */
    public Builder distribution(ElasticsearchDistribution distribution) {
      this.distribution = Objects.requireNonNull(distribution, "distribution");
      return this;
    }

    /** Any {@code elasticsearch.yml} setting; wins over the defaults chosen here. */
    public Builder setting(String key, String value) {
      settings.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** An extra option for the child JVM, e.g. {@code -XX:+UseSerialGC}. */
    public Builder jvmOption(String option) {
      jvmOptions.add(Objects.requireNonNull(option, "option"));
      return this;
    }

    public ElasticsearchNode build() {
      return new ElasticsearchNode(this);
    }
  }
}
