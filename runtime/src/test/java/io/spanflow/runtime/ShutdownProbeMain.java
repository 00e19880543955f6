package io.spanflow.runtime;

import io.spanflow.runtime.admin.AdminServer;
import io.spanflow.runtime.lifecycle.CheckResult;
import io.spanflow.runtime.lifecycle.Component;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A tiny process for {@link SignalShutdownTest}: runs an {@link Application} whose component
 * records "flushed" to a file when closed. Arguments: state directory, then {@code ok} or {@code
 * fail-start}.
 */
public final class ShutdownProbeMain {

  private ShutdownProbeMain() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    boolean failStart = args.length > 1 && args[1].equals("fail-start");
    AdminServer admin = AdminServer.builder().hostPort("127.0.0.1:0").build();
    Component buffer = new FlushOnClose(dir.resolve("events.txt"));
    Component ready =
        new Component() {
          @Override
          public String name() {
            return "ready-marker";
          }

          @Override
          public void start() throws IOException {
            if (failStart) {
              throw new IOException("cannot bind 127.0.0.1:6831");
            }
            // Written atomically so the test never reads a half-written port.
            Path tmp = dir.resolve("admin-port.tmp");
            Files.writeString(tmp, Integer.toString(admin.port()));
            Files.move(tmp, dir.resolve("admin-port"), StandardCopyOption.ATOMIC_MOVE);
          }

          @Override
          public CheckResult check() {
            return CheckResult.ok();
          }

          @Override
          public void close() {}
        };
    Application.builder("shutdown-probe")
        .admin(admin)
        .component(buffer)
        .component(ready)
        .build()
        .run();
  }

  /** Stands in for a component holding unsent spans. */
  private static final class FlushOnClose implements Component {
    private final Path events;

    FlushOnClose(Path events) {
      this.events = events;
    }

    @Override
    public String name() {
      return "span-buffer";
    }

    @Override
    public void start() {
      append("started");
    }

    @Override
    public CheckResult check() {
      return CheckResult.ok();
    }

    @Override
    public void close() {
      append("flushed");
    }

    private void append(String line) {
      try {
        Files.writeString(
            events, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
