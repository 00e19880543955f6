package io.spanflow.runtime;

import io.spanflow.runtime.admin.AdminServer;
import io.spanflow.runtime.lifecycle.CheckResult;
import io.spanflow.runtime.lifecycle.Component;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a process's components: starts them in order, closes them in reverse.
 *
 * <p>{@link #run()} is what a {@code main} calls: it starts the admin server, then each component;
 * if one fails to start, the started ones are closed in reverse and the process exits with status 1
 * and the reason in the log. Otherwise it installs one shutdown hook (SIGTERM, SIGINT) that marks
 * the process unavailable on the admin port, closes the components in reverse order (each {@code
 * close()} stops accepting and flushes) within a bounded total time, then closes the admin server;
 * {@code run()} blocks until that has happened.
 *
 * <p>An application is itself a {@link Component}, so the all-in-one can compose the applications
 * of several components in one JVM: build the inner ones with {@code installShutdownHook(false)}
 * and add them as components of the outer one, which alone installs the hook.
 */
public final class Application implements Component {
  /** Default bound on the whole shutdown; Kubernetes' default grace period is 30 s. */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(25);

  private static final Logger log = LoggerFactory.getLogger(Application.class);

  private final String name;
  private final AdminServer admin;
  private final List<Component> components;
  private final boolean installShutdownHook;
  private final Duration shutdownTimeout;
  private final IntConsumer exit;

  private final Object lock = new Object();
  private final Deque<Component> started = new ArrayDeque<>();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final CompletableFuture<Void> closeDone = new CompletableFuture<>();
  private boolean startCalled;
  private boolean closing;
  private volatile boolean startInterrupted; // close() began before start() finished
  private Thread shutdownHook;

  private Application(Builder builder) {
    this.name = builder.name;
    this.admin = builder.admin;
    this.components = List.copyOf(builder.components);
    this.installShutdownHook = builder.installShutdownHook;
    this.shutdownTimeout = builder.shutdownTimeout;
    this.exit = builder.exit;
    if (admin != null) {
      components.forEach(admin::addCheck);
    }
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  @Override
  public String name() {
    return name;
  }

  /** The admin server, or null when this application has none (e.g. an inner one). */
  public AdminServer admin() {
    return admin;
  }

  /** Components in start order, without the admin server. */
  public List<Component> components() {
    return components;
  }

  /**
   * Starts, installs the shutdown hook (if enabled), and blocks until the application has been
   * closed. On a start failure it logs the reason, closes what was started and exits with status 1.
   */
  public void run() {
    try {
      start();
    } catch (Exception e) {
      if (startInterrupted) {
        // A signal arrived while starting; the hook owns the exit, not the start failure.
        log.info("{} stopped while starting", name);
      } else {
        log.error("{} failed to start: {}", name, describe(e), e);
        exit.accept(1);
        return;
      }
    }
    awaitTermination();
  }

  /**
   * Starts the admin server, then each component in order. If one fails, the already-started ones
   * are closed in reverse order and the failure is rethrown. Installs the shutdown hook if enabled.
   */
  @Override
  public void start() throws Exception {
    synchronized (lock) {
      if (startCalled) {
        throw new IllegalStateException(name + " already started");
      }
      startCalled = true;
    }
    if (installShutdownHook) {
      installHook();
    }
    log.info("Starting {}", name);
    long begin = System.nanoTime();
    try {
      if (admin != null) {
        admin.markUnavailable("starting");
        startOne(admin);
      }
      for (Component component : components) {
        startOne(component);
      }
    } catch (Exception e) {
      synchronized (lock) {
        startInterrupted = closing;
      }
      if (!startInterrupted) {
        log.error("{}: start failed, closing what was started", name);
      }
      close();
      throw e;
    }
    if (admin != null) {
      admin.markReady();
    }
    log.info("Started {} in {} ms", name, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
  }

  private void startOne(Component component) throws Exception {
    synchronized (lock) {
      if (closing) {
        throw new IllegalStateException(
            name + " is shutting down; not starting " + component.name());
      }
    }
    log.info("Starting {}", component.name());
    long begin = System.nanoTime();
    try {
      component.start();
    } catch (Exception e) {
      // Closing a half-started component lets it release whatever it did acquire.
      closeQuietly(component);
      throw new ComponentStartException(component.name(), e);
    }
    log.debug(
        "Started {} in {} ms",
        component.name(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
    boolean closeNow;
    synchronized (lock) {
      started.push(component);
      closeNow = closing;
    }
    if (closeNow) {
      // Shutdown began while this component was starting; close() is idempotent, so closing it
      // here cannot double-close even if the shutdown sequence also reaches it.
      closeQuietly(component);
      throw new IllegalStateException(name + " shut down while starting " + component.name());
    }
  }

  /** Healthy when every component (and the admin server) is; the first failure otherwise. */
  @Override
  public CheckResult check() {
    synchronized (lock) {
      if (!startCalled) {
        return CheckResult.failed(name + " not started");
      }
      if (closing) {
        return CheckResult.failed(name + " shutting down");
      }
    }
    List<Component> all = new ArrayList<>();
    if (admin != null) {
      all.add(admin);
    }
    all.addAll(components);
    for (Component component : all) {
      CheckResult result;
      try {
        result = component.check();
      } catch (RuntimeException e) {
        result = CheckResult.failed(e);
      }
      if (result == null || !result.healthy()) {
        return CheckResult.failed(
            component.name() + ": " + (result == null ? "no result" : result.reason()));
      }
    }
    return CheckResult.ok();
  }

  /**
   * Closes the started components in reverse order, then the admin server, within the shutdown
   * timeout. Idempotent: a second call (e.g. the shutdown hook after a test's close) waits for the
   * first to finish.
   */
  @Override
  public void close() {
    boolean first;
    synchronized (lock) {
      first = !closing;
      closing = true;
    }
    if (first) {
      Thread closer = new Thread(this::closeAll, name + "-shutdown");
      closer.setDaemon(true);
      closer.start();
    }
    awaitClosed();
  }

  private void awaitClosed() {
    try {
      closeDone.get(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      List<String> pending = new ArrayList<>();
      synchronized (lock) {
        started.forEach(c -> pending.add(c.name()));
      }
      log.error(
          "{}: shutdown timed out after {}; still closing: {}", name, shutdownTimeout, pending);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      log.error("{}: shutdown failed", name, e.getCause());
    } finally {
      terminated.countDown();
      removeHook();
    }
  }

  private void closeAll() {
    try {
      log.info("Stopping {}", name);
      long begin = System.nanoTime();
      if (admin != null) {
        admin.markUnavailable("shutting down");
      }
      while (true) {
        Component next;
        synchronized (lock) {
          // The admin server goes last so health and metrics stay visible while flushing.
          next = started.stream().filter(c -> c != admin).findFirst().orElse(null);
        }
        if (next == null) {
          break;
        }
        closeQuietly(next);
        synchronized (lock) {
          started.remove(next);
        }
      }
      if (admin != null) {
        closeQuietly(admin);
        synchronized (lock) {
          started.remove(admin);
        }
      }
      log.info(
          "Stopped {} in {} ms", name, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
      closeDone.complete(null);
    } catch (Throwable t) {
      closeDone.completeExceptionally(t);
    }
  }

  private static void closeQuietly(Component component) {
    long begin = System.nanoTime();
    try {
      component.close();
      log.info(
          "Closed {} in {} ms",
          component.name(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
    } catch (RuntimeException e) {
      log.warn("Closing {} failed: {}", component.name(), describe(e), e);
    }
  }

  /** Blocks until {@link #close()} has finished (or timed out). */
  public void awaitTermination() {
    try {
      terminated.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void installHook() {
    Thread hook =
        new Thread(
            () -> {
              log.info("Shutdown signal received, stopping {}", name);
              close();
            },
            name + "-shutdown-hook");
    synchronized (lock) {
      shutdownHook = hook;
    }
    Runtime.getRuntime().addShutdownHook(hook);
  }

  private void removeHook() {
    Thread hook;
    synchronized (lock) {
      hook = shutdownHook;
      shutdownHook = null;
    }
    if (hook != null && hook != Thread.currentThread()) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // The JVM is exiting; the hook is running or about to, and close() is idempotent.
      }
    }
  }

  private static String describe(Throwable e) {
    Throwable root =
        e instanceof ComponentStartException && e.getCause() != null ? e.getCause() : e;
    String message = root.getMessage();
    String prefix = e instanceof ComponentStartException s ? s.component() + ": " : "";
    return prefix + root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  @Override
  public String toString() {
    List<String> names = new ArrayList<>();
    components.forEach(c -> names.add(c.name()));
    return "Application{name="
        + name
        + ", components="
        + names
        + ", admin="
        + admin
        + ", shutdownHook="
        + installShutdownHook
        + ", shutdownTimeout="
        + shutdownTimeout
        + "}";
  }

  /** Assembles an {@link Application}. */
  public static final class Builder {
    private final String name;
    private AdminServer admin;
    private final List<Component> components = new ArrayList<>();
    private boolean installShutdownHook = true;
    private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
    private IntConsumer exit = System::exit;

    private Builder(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("application name must not be blank");
      }
      this.name = name;
    }

    /** The admin server; started first, closed last, checks every component. */
    public Builder admin(AdminServer admin) {
      this.admin = Objects.requireNonNull(admin, "admin");
      return this;
    }

    /** Adds a component; components start in the order added and close in reverse. */
    public Builder component(Component component) {
      components.add(Objects.requireNonNull(component, "component"));
      return this;
    }

    /**
     * Whether {@link #start()} installs the SIGTERM/SIGINT hook (default true). Inner applications
     * composed into another one pass false so that only the outermost owns shutdown.
     */
    public Builder installShutdownHook(boolean install) {
      this.installShutdownHook = install;
      return this;
    }

    /** Bound on the whole close sequence (default 25 s); what is still closing is logged. */
    public Builder shutdownTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("shutdownTimeout must be positive: " + timeout);
      }
      this.shutdownTimeout = timeout;
      return this;
    }

    /** What {@link #run()} calls on a start failure (default {@link System#exit}); for tests. */
    public Builder onExit(IntConsumer exit) {
      this.exit = Objects.requireNonNull(exit, "exit");
      return this;
    }

    public Application build() {
      return new Application(this);
    }
  }
}
