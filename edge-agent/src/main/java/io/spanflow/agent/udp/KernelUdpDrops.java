package io.spanflow.agent.udp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Datagrams the kernel dropped on a bound UDP port because its receive buffer was full (the {@code
 * drops} column of {@code /proc/net/udp} and {@code /proc/net/udp6}). These never reach the agent,
 * so without this they would be invisible; a growing count means the socket buffer ({@code
 * server-socket-buffer-size}) or the reader cannot keep up. Linux only; 0 elsewhere.
 */
final class KernelUdpDrops {
  private static final List<Path> TABLES =
      List.of(Path.of("/proc/net/udp"), Path.of("/proc/net/udp6"));

  private KernelUdpDrops() {}

  static long forPort(int port) {
    String portHex = ":" + String.format(Locale.ROOT, "%04X", port);
    long drops = 0;
    for (Path table : TABLES) {
      List<String> lines;
      try {
        lines = Files.readAllLines(table);
      } catch (IOException | RuntimeException e) {
        continue;
      }
      for (int i = 1; i < lines.size(); i++) {
        String[] fields = lines.get(i).trim().split("\\s+");
        // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ref pointer
        // drops
        if (fields.length >= 13 && fields[1].endsWith(portHex)) {
          try {
            drops += Long.parseLong(fields[fields.length - 1]);
          } catch (NumberFormatException ignored) {
            // unexpected layout: leave this line out
          }
        }
      }
    }
    return drops;
  }
}
