package io.spanflow.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spanflow.runtime.admin.AdminServer;
import io.spanflow.runtime.lifecycle.CheckResult;
import io.spanflow.runtime.lifecycle.Component;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ApplicationTest {
  private final List<String> events = new CopyOnWriteArrayList<>();

  /** Records its lifecycle calls into {@link #events}. */
  private class Recording implements Component {
    private final String name;
    private final Exception startFailure;
    private final AtomicInteger closes = new AtomicInteger();

    Recording(String name) {
      this(name, null);
    }

    Recording(String name, Exception startFailure) {
      this.name = name;
      this.startFailure = startFailure;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void start() throws Exception {
      events.add("start " + name);
      if (startFailure != null) {
        throw startFailure;
      }
    }

    @Override
    public CheckResult check() {
      return CheckResult.ok();
    }

    @Override
    public void close() {
      if (closes.getAndIncrement() == 0) {
        events.add("close " + name);
      }
    }
  }

  private static Application.Builder quiet(String name) {
    return Application.builder(name).installShutdownHook(false);
  }

  @Test
  void startsInOrder_closesInReverse() throws Exception {
    Application app =
        quiet("test")
            .component(new Recording("a"))
            .component(new Recording("b"))
            .component(new Recording("c"))
            .build();

    app.start();
    app.close();

    assertThat(events)
        .containsExactly("start a", "start b", "start c", "close c", "close b", "close a");
  }

  @Test
  void close_isIdempotent() throws Exception {
    Recording a = new Recording("a");
    Application app = quiet("test").component(a).build();
    app.start();

    app.close();
    app.close();

    assertThat(a.closes).hasValue(1);
    assertThat(events).containsExactly("start a", "close a");
    assertThat(app.check().healthy()).isFalse();
  }

  @Test
  void failedStart_closesAlreadyStartedInReverse_andRethrowsNamingTheComponent() {
    Application app =
        quiet("test")
            .component(new Recording("a"))
            .component(new Recording("b"))
            .component(new Recording("broken", new IllegalStateException("port 14250 in use")))
            .component(new Recording("never"))
            .build();

    assertThatThrownBy(app::start)
        .isInstanceOf(ComponentStartException.class)
        .hasMessageContaining("broken")
        .hasMessageContaining("port 14250 in use");

    assertThat(events)
        .containsExactly(
            "start a", "start b", "start broken", "close broken", "close b", "close a");
  }

  @Test
  void run_exitsWith1_whenStartFails() {
    AtomicInteger exitCode = new AtomicInteger(-1);
    Application app =
        quiet("test")
            .component(new Recording("broken", new java.io.IOException("disk full")))
            .onExit(exitCode::set)
            .build();

    app.run();

    assertThat(exitCode).hasValue(1);
    assertThat(events).containsExactly("start broken", "close broken");
  }

  @Test
  void run_blocksUntilClosed() throws Exception {
    Application app = quiet("test").component(new Recording("a")).build();
    CountDownLatch returned = new CountDownLatch(1);
    Thread runner =
        new Thread(
            () -> {
              app.run();
              returned.countDown();
            });
    runner.start();
    org.awaitility.Awaitility.await().until(() -> events.contains("start a"));
    assertThat(returned.getCount()).isEqualTo(1);

    app.close();

    org.awaitility.Awaitility.await().until(() -> returned.getCount() == 0);
    assertThat(events).containsExactly("start a", "close a");
  }

  @Test
  void closeDuringStart_closesTheStartingComponent_andDoesNotExit() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Component slow =
        new Recording("slow") {
          @Override
          public void start() throws Exception {
            super.start();
            release.await();
          }
        };
    AtomicInteger exitCode = new AtomicInteger(-1);
    Application app =
        quiet("test").component(new Recording("a")).component(slow).onExit(exitCode::set).build();
    Thread runner = new Thread(app::run);
    runner.start();
    org.awaitility.Awaitility.await().until(() -> events.contains("start slow"));

    app.close(); // as the shutdown hook would, while "slow" is still starting
    release.countDown();
    org.awaitility.Awaitility.await().until(() -> !runner.isAlive());

    assertThat(exitCode).hasValue(-1);
    assertThat(events).containsExactly("start a", "start slow", "close a", "close slow");
  }

  @Test
  void adminServer_startsFirst_closesLast_andChecksComponents() throws Exception {
    AdminServer admin = AdminServer.builder().hostPort("127.0.0.1:0").build();
    Component unhealthy =
        new Recording("es") {
          @Override
          public CheckResult check() {
            return CheckResult.failed("cluster red");
          }
        };
    Application app =
        quiet("test").admin(admin).component(new Recording("a")).component(unhealthy).build();

    app.start();

    assertThat(admin.port()).isPositive();
    assertThat(admin.healthy()).isFalse();
    assertThat(app.check().reason()).isEqualTo("es: cluster red");
    app.close();
    assertThat(admin.check().healthy()).isFalse();
  }

  @Test
  void adminServer_reportsReady_onlyAfterStart() throws Exception {
    AdminServer admin = AdminServer.builder().hostPort("127.0.0.1:0").build();
    AtomicInteger healthySeenDuringStart = new AtomicInteger(-1);
    Component probe =
        new Recording("probe") {
          @Override
          public void start() {
            healthySeenDuringStart.set(admin.healthy() ? 1 : 0);
          }
        };
    Application app = quiet("test").admin(admin).component(probe).build();

    app.start();

    assertThat(healthySeenDuringStart).hasValue(0);
    assertThat(admin.healthy()).isTrue();
    app.close();
  }

  @Test
  void applicationsCompose_innerOnesAreComponents() throws Exception {
    Application collector = quiet("collector").component(new Recording("grpc")).build();
    Application sink = quiet("sink").component(new Recording("bulk")).build();
    Application allInOne = quiet("all-in-one").component(collector).component(sink).build();

    allInOne.start();
    assertThat(allInOne.check().healthy()).isTrue();
    allInOne.close();

    assertThat(events).containsExactly("start grpc", "start bulk", "close bulk", "close grpc");
  }

  @Test
  void close_givesUpAfterTimeout_onAHangingComponent() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Component hanging =
        new Recording("hanging") {
          @Override
          public void close() {
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    Application app =
        quiet("test").component(hanging).shutdownTimeout(Duration.ofMillis(200)).build();
    app.start();

    app.close(); // returns despite the hang

    assertThat(app.check().healthy()).isFalse();
    release.countDown();
  }
}
