package io.spanflow.testsupport;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers whose address a test must know before they start (a process of several
 * components wired by flags). Picked below the kernel's ephemeral range (32768 and up), so the
 * outgoing connections and port-0 binds of the brokers and clients the test starts meanwhile cannot
 * take them; each is checked free for both TCP and UDP on 127.0.0.1.
 */
public final class FreePorts {
  private static final int LOW = 20_000;
  private static final int HIGH = 32_000;
  private static final Set<Integer> handedOut = new HashSet<>();

  private FreePorts() {}

  /** A port free on 127.0.0.1 for TCP and UDP, never the same one twice in this JVM. */
  public static synchronized int next() {
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
      if (!handedOut.contains(port) && isFree(port)) {
        handedOut.add(port);
        return port;
      }
    }
    throw new IllegalStateException("no free port between " + LOW + " and " + HIGH);
  }

  private static boolean isFree(int port) {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (ServerSocket tcp = new ServerSocket()) {
      tcp.setReuseAddress(false);
      tcp.bind(new InetSocketAddress(loopback, port));
      new DatagramSocket(new InetSocketAddress(loopback, port)).close();
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
