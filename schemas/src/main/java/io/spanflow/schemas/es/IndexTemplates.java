package io.spanflow.schemas.es;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Composable index templates ({@code PUT _index_template/<name>}) for each {@link IndexFamily},
 * kept as JSON resources under {@code io/spanflow/schemas/es/templates/} and filled in at install
 * time with the index prefix, shard and replica counts (Jaeger's {@code --es.num-shards} 5 and
 * {@code --es.num-replicas} 1 by default) and, in rollover mode, the read alias.
 *
 * <p>Each resource carries a {@code version}; an installer can compare it with the installed
 * template's and skip the PUT when they match.
 */
public final class IndexTemplates {

  private static final ObjectMapper JSON = new ObjectMapper();

  private IndexTemplates() {}

  /** Settings applied to a template resource. */
  public record Options(String prefix, int shards, int replicas, int priority, boolean useAliases) {
    public Options {
      if (shards < 1) {
        throw new IllegalArgumentException("shards must be >= 1: " + shards);
      }
      if (replicas < 0) {
        throw new IllegalArgumentException("replicas must be >= 0: " + replicas);
      }
      prefix = prefix == null ? "" : prefix;
    }

    /** Jaeger's defaults: no prefix, 5 shards, 1 replica, daily indices. */
    public static Options defaults() {
      return new Options("", 5, 1, 0, false);
    }
  }

  /** The template name to PUT under: {@code [prefix-]jaeger-span}. */
  public static String templateName(IndexFamily family, String prefix) {
    return family.prefixedName(prefix);
  }

  /** The template body for {@code family}, ready to PUT. */
  public static ObjectNode render(IndexFamily family, Options options) {
    ObjectNode template = resource(family);
    template.putArray("index_patterns").add(family.indexPattern(options.prefix()));
    template.put("priority", options.priority());
    ObjectNode body = (ObjectNode) template.get("template");
    ObjectNode settings = (ObjectNode) body.get("settings");
    settings.put("index.number_of_shards", options.shards());
    settings.put("index.number_of_replicas", options.replicas());
    if (options.useAliases()) {
      body.putObject("aliases").putObject(IndexNames.readAlias(family, options.prefix()));
    }
    return template;
  }

  /** The {@code version} of the shipped template. */
  public static long version(IndexFamily family) {
    return resource(family).path("version").asLong();
  }

  /** The unmodified resource. */
  public static ObjectNode resource(IndexFamily family) {
    try (InputStream in = IndexTemplates.class.getResourceAsStream(family.templateResource())) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + family.templateResource());
      }
      return (ObjectNode) JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
