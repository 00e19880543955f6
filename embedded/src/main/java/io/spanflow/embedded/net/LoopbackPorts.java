package io.spanflow.embedded.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Free ports on 127.0.0.1, for servers that must know their port before they bind it. */
public final class LoopbackPorts {

  /** The loopback address every embedded server binds. */
  public static final String HOST = "127.0.0.1";

  private LoopbackPorts() {}

  /**
   * A port that was free a moment ago. Another process may take it before the caller binds it; the
   * window is small and the kernel hands out ephemeral ports round-robin.
   */
  public static int free() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + HOST, e);
    }
  }

  /** Whether something accepts TCP connections on {@code HOST:port} within the timeout. */
  public static boolean accepting(int port, int timeoutMillis) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, port), timeoutMillis);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
