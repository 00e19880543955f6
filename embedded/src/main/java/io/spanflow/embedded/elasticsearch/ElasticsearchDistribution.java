package io.spanflow.embedded.elasticsearch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;

/**
 * An unpacked Elasticsearch distribution ({@code lib/}, {@code modules/}, {@code config/}).
 *
 * <p>{@link #locate()} looks, in order, at the system property {@value #HOME_PROPERTY} and at the
 * path the build recorded after unpacking {@code
 * org.elasticsearch.distribution.integ-test-zip:elasticsearch} into {@code embedded/target}.
 */
public final class ElasticsearchDistribution {

  /** System property naming an unpacked distribution; wins over the build-time location. */
  public static final String HOME_PROPERTY = "spanflow.es.home";

  private static final String RECORDED_LOCATION =
      "/io/spanflow/embedded/elasticsearch/distribution.properties";

  private final Path home;

  private ElasticsearchDistribution(Path home) {
    this.home = home;
  }

  /** The distribution named by {@value #HOME_PROPERTY}, else the one the build unpacked. */
  public static ElasticsearchDistribution locate() {
    String fromProperty = System.getProperty(HOME_PROPERTY);
    if (fromProperty != null && !fromProperty.isBlank()) {
      return at(Path.of(fromProperty));
    }
    Properties recorded = new Properties();
    try (InputStream in = ElasticsearchDistribution.class.getResourceAsStream(RECORDED_LOCATION)) {
      if (in != null) {
        recorded.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RECORDED_LOCATION, e);
    }
    String home = recorded.getProperty("home");
    if (home == null || home.isBlank() || home.contains("${")) {
      throw new IllegalStateException(
          "No Elasticsearch distribution: set -D"
              + HOME_PROPERTY
              + "=<unpacked elasticsearch-8.x directory>, or build the 'embedded' module"
              + " (./mvnw -pl embedded -am process-resources), which unpacks one into"
              + " embedded/target/elasticsearch.");
    }
    return at(Path.of(home));
  }

  /** A distribution unpacked at {@code home}; fails if it does not look like one. */
  public static ElasticsearchDistribution at(Path home) {
    Objects.requireNonNull(home, "home");
    Path absolute = home.toAbsolutePath().normalize();
    for (String part : new String[] {"lib", "modules", "config"}) {
      if (!Files.isDirectory(absolute.resolve(part))) {
        throw new IllegalStateException(
            "Not an unpacked Elasticsearch distribution (no "
                + part
                + "/ directory): "
                + absolute
                + ". Rebuild the 'embedded' module (it unpacks the distribution into"
                + " embedded/target/elasticsearch) or point -D"
                + HOME_PROPERTY
                + " at one.");
      }
    }
    return new ElasticsearchDistribution(absolute);
  }

  /** The distribution's root directory. */
  public Path home() {
    return home;
  }

  /** The server jars, used as the child JVM's module path. */
  public Path lib() {
    return home.resolve("lib");
  }

  /** The distribution's own configuration, copied from (the logging configuration). */
  public Path config() {
    return home.resolve("config");
  }

  @Override
  public String toString() {
    return "ElasticsearchDistribution{" + home + '}';
  }
}
