package io.spanflow.runtime.admin;

import java.net.InetSocketAddress;

/**
 * A listen address in Jaeger's {@code host-port} form: {@code "host:port"}, {@code ":port"} (all
 * interfaces) or {@code "port"}; IPv6 hosts in brackets ({@code "[::1]:14271"}). Port 0 picks a
 * free port.
 */
public record HostPort(String host, int port) {

  public HostPort {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range 0..65535: " + port);
    }
    host = host == null ? "" : host;
  }

  /** Parses {@code "host:port"}, {@code ":port"} or {@code "port"}. */
  public static HostPort parse(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("empty host:port");
    }
    String text = value.trim();
    int colon = text.lastIndexOf(':');
    String host = colon < 0 ? "" : text.substring(0, colon);
    String port = colon < 0 ? text : text.substring(colon + 1);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      return new HostPort(host, Integer.parseInt(port));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a host:port: '" + value + "'", e);
    }
  }

  /** An address to bind; an empty host means every interface. */
  public InetSocketAddress toBindAddress() {
    return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
  }

  @Override
  public String toString() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return h + ":" + port;
  }
}
