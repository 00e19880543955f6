package io.spanflow.tracegen.load;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One line per trace, {@code traceId,sendEpochMillis,spans,acknowledged}: what the benchmark checks
 * against Elasticsearch afterwards.
 */
public final class TraceLog implements AutoCloseable {
  private final BufferedWriter out;

  public TraceLog(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      this.out = Files.newBufferedWriter(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  synchronized void record(String traceId, long sendEpochMillis, int spans, boolean acknowledged) {
    try {
      out.write(traceId + "," + sendEpochMillis + "," + spans + "," + (acknowledged ? 1 : 0));
      out.newLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One line of a trace log. */
  public record Entry(String traceId, long sendEpochMillis, int spans, boolean acknowledged) {}

  public static List<Entry> read(Path file) throws IOException {
    List<Entry> entries = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split(",");
      entries.add(new Entry(f[0], Long.parseLong(f[1]), Integer.parseInt(f[2]), f[3].equals("1")));
    }
    return entries;
  }
}
