package io.spanflow.embedded.elasticsearch;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Main class of the Elasticsearch child JVM. It replaces {@code bin/elasticsearch}, which refuses
 * to run as root, and performs the essential bootstrap steps itself, by reflection so that this
 * module needs no compile-time dependency on the server jars (they are on the child's module path
 * only).
 *
 * <p>The parent keeps this process's stdin open; when it reads end-of-file (the parent closed it or
 * died, even by {@code kill -9}) the node is closed and the JVM exits.
 *
 * <p>This class is copied on its own onto the child's class path, so it must stay self-contained:
 * JDK classes only, no nested classes.
 */
public final class ElasticsearchLauncher {

  /** Printed to stdout once the node has started. */
  static final String STARTED_MARKER = "spanflow-launcher: node started";

  private static final long CLOSE_TIMEOUT_SECONDS = 20;

  private static volatile Object node;

  private ElasticsearchLauncher() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(requiredProperty("es.path.home"));
    Path config = Path.of(requiredProperty("es.path.conf"));
    Thread parentWatch = startParentWatch();
    Runtime.getRuntime()
        .addShutdownHook(new Thread(ElasticsearchLauncher::closeNode, "spanflow-es-close"));
    try {
      node = startNode(home, config);
    } catch (Throwable e) {
      Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
      System.err.println("spanflow-launcher: Elasticsearch failed to start");
      cause.printStackTrace();
      System.exit(1);
    }
    System.out.println(STARTED_MARKER);
    System.out.flush();
    parentWatch.join(); // ends the JVM through System.exit
  }

  private static Object startNode(Path home, Path config) throws Exception {
    Class<?> logConfigurator = Class.forName("org.elasticsearch.common.logging.LogConfigurator");
    Class<?> settingsClass = Class.forName("org.elasticsearch.common.settings.Settings");
    Class<?> environmentClass = Class.forName("org.elasticsearch.env.Environment");
    Class<?> preparer = Class.forName("org.elasticsearch.node.InternalSettingsPreparer");
    Class<?> pluginsLoaderClass = Class.forName("org.elasticsearch.plugins.PluginsLoader");
    Class<?> nodeClass = Class.forName("org.elasticsearch.node.Node");

    logConfigurator.getMethod("registerErrorListener").invoke(null);
    logConfigurator.getMethod("configureESLogging").invoke(null);

    Object builder = settingsClass.getMethod("builder").invoke(null);
    builder
        .getClass()
        .getMethod("put", String.class, String.class)
        .invoke(builder, "path.home", home.toString());
    Object settings = builder.getClass().getMethod("build").invoke(builder);
    Supplier<String> defaultNodeName = () -> "spanflow-es";
    Object environment =
        preparer
            .getMethod("prepareEnvironment", settingsClass, Map.class, Path.class, Supplier.class)
            .invoke(null, settings, Map.of(), config, defaultNodeName);

    // The log patterns print node and cluster name; they must be known before configuring.
    Object nodeSettings = environmentClass.getMethod("settings").invoke(environment);
    Method get = settingsClass.getMethod("get", String.class, String.class);
    logConfigurator
        .getMethod("setNodeName", String.class)
        .invoke(null, get.invoke(nodeSettings, "node.name", defaultNodeName.get()));
    logConfigurator
        .getMethod("setClusterName", String.class)
        .invoke(null, get.invoke(nodeSettings, "cluster.name", "elasticsearch"));
    logConfigurator
        .getMethod("configure", environmentClass, boolean.class)
        .invoke(null, environment, true);

    Path modulesDir = (Path) environmentClass.getMethod("modulesDir").invoke(environment);
    Path pluginsDir = (Path) environmentClass.getMethod("pluginsDir").invoke(environment);
    Object modules =
        pluginsLoaderClass.getMethod("loadModulesBundles", Path.class).invoke(null, modulesDir);
    Object plugins =
        pluginsLoaderClass.getMethod("loadPluginsBundles", Path.class).invoke(null, pluginsDir);
    Object pluginsLoader =
        pluginsLoaderClass
            .getMethod("createPluginsLoader", Set.class, Set.class, Map.class)
            .invoke(null, modules, plugins, Map.of());

    Object created =
        nodeClass
            .getConstructor(environmentClass, pluginsLoaderClass)
            .newInstance(environment, pluginsLoader);
    node = created; // so a shutdown during start still closes what was built
    nodeClass.getMethod("start").invoke(created);
    return created;
  }

  /** Reads stdin until end-of-file: the parent closed the pipe or died. */
  private static Thread startParentWatch() {
    Thread watch =
        new Thread(
            () -> {
              InputStream in = System.in;
              byte[] buffer = new byte[256];
              try {
                while (in.read(buffer) >= 0) {
                  // the parent sends nothing; any bytes are ignored
                }
              } catch (IOException e) {
                // a broken pipe means the same as end-of-file
              }
              System.exit(0); // the shutdown hook closes the node, even one still starting
            },
            "spanflow-parent-watch");
    watch.setDaemon(true);
    watch.start();
    return watch;
  }

  private static void closeNode() {
    Object current = node;
    if (current == null) {
      return;
    }
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(CLOSE_TIMEOUT_SECONDS));
                Runtime.getRuntime().halt(0);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "spanflow-es-close-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    try {
      Class<?> nodeClass = current.getClass();
      nodeClass.getMethod("prepareForClose").invoke(current);
      nodeClass.getMethod("close").invoke(current);
      nodeClass
          .getMethod("awaitClose", long.class, TimeUnit.class)
          .invoke(current, CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ReflectiveOperationException | RuntimeException e) {
      System.err.println("spanflow-launcher: error while closing the node: " + e);
    }
  }

  private static String requiredProperty(String key) {
    String value = System.getProperty(key);
    if (value == null || value.isBlank()) {
      System.err.println("spanflow-launcher: system property " + key + " is required");
      System.exit(2);
    }
    return value;
  }
}
