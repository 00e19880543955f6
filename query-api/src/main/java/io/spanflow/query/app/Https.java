package io.spanflow.query.app;

import io.javalin.config.JavalinConfig;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Turns the app's listener into HTTPS. Javalin creates its connector at {@code start(host, port)},
 * after configuration; TLS is put in front of it just before Jetty starts it, so the host and port
 * stay where {@link QueryHttpServer} (or a test's {@code start(0)}) puts them and the port serves
 * HTTPS only.
 */
final class Https {

  private Https() {}

  static void enable(JavalinConfig config, TlsFiles files) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(files.keyStore()); // read now: a bad file fails at start-up, naming the flag
    ssl.setKeyStorePassword(TlsFiles.keyPassword());
    ssl.setKeyManagerPassword(TlsFiles.keyPassword());
    if (files.clientCa() != null) {
      ssl.setTrustStore(files.clientTrustStore());
      ssl.setNeedClientAuth(true);
    }
    // Clients often connect by IP or through a proxy: no SNI host check against the certificate.
    config.jetty.modifyHttpConfiguration(
        http -> http.addCustomizer(new SecureRequestCustomizer(false)));
    config.jetty.modifyServer(
        server ->
            server.addEventListener(
                new LifeCycle.Listener() {
                  @Override
                  public void lifeCycleStarting(LifeCycle event) {
                    secureConnectors(server, ssl);
                  }
                }));
  }

  private static void secureConnectors(Server server, SslContextFactory.Server ssl) {
    for (Connector c : server.getConnectors()) {
      if (c instanceof ServerConnector connector
          && connector.getConnectionFactory(SslConnectionFactory.class) == null) {
        connector.addFirstConnectionFactory(
            new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()));
      }
    }
  }
}
