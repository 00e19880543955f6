package io.spanflow.runtime.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a {@code --config-file} into flat option keys: {@code es: {server-urls: x}} and {@code
 * es.server-urls: x} both become {@code "es.server-urls" -> "x"}; lists become comma-separated
 * text, so they feed {@code split = ","} options the same way a flag does. Duplicate keys are an
 * error.
 */
final class YamlConfigFile {

  private YamlConfigFile() {}

  static Map<String, String> load(Path path) throws ConfigFileException {
    Object root;
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      options.setAllowRecursiveKeys(false);
      root =
          new Yaml(
                  new SafeConstructor(options),
                  new Representer(new DumperOptions()),
                  new DumperOptions(),
                  options,
                  new ScalarsAsText())
              .load(reader);
    } catch (NoSuchFileException e) {
      throw new ConfigFileException("Config file not found: " + path);
    } catch (IOException e) {
      throw new ConfigFileException("Cannot read config file " + path + ": " + e.getMessage());
    } catch (YAMLException e) {
      throw new ConfigFileException(
          "Config file " + path + " is not valid YAML: " + e.getMessage());
    }
    Map<String, String> flat = new LinkedHashMap<>();
    if (root == null) {
      return flat;
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new ConfigFileException(
          "Config file " + path + " must be a mapping of option names to values");
    }
    flatten("", map, flat, path);
    return flat;
  }

  private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out, Path path)
      throws ConfigFileException {
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String key = prefix + entry.getKey();
      Object value = entry.getValue();
      if (value instanceof Map<?, ?> nested) {
        flatten(key + ".", nested, out, path);
      } else if (value != null) {
        String text = scalarOrList(key, value, path);
        if (out.put(key, text) != null) {
          throw new ConfigFileException("Config file " + path + " sets '" + key + "' twice");
        }
      }
    }
  }

  private static String scalarOrList(String key, Object value, Path path)
      throws ConfigFileException {
    if (value instanceof List<?> list) {
      List<String> items = new ArrayList<>();
      for (Object item : list) {
        if (item instanceof Map<?, ?> || item instanceof List<?>) {
          throw new ConfigFileException(
              "Config file " + path + ": '" + key + "' must be a value or a list of values");
        }
        items.add(String.valueOf(item));
      }
      return String.join(",", items);
    }
    return String.valueOf(value);
  }

  /**
   * Keeps every scalar as the text the user wrote (only {@code ~}/{@code null}/empty mean "not
   * set"), so picocli converts it exactly as it would a flag: {@code 3.10} stays "3.10" rather than
   * the float 3.1, {@code 2024-01-01} is not turned into a Date, {@code 0755} is not octal.
   */
  private static final class ScalarsAsText extends Resolver {
    @Override
    protected void addImplicitResolvers() {
      addImplicitResolver(Tag.NULL, NULL, "~nN\0");
      addImplicitResolver(Tag.NULL, EMPTY, null);
    }
  }

  /** The file is missing, unreadable or not a mapping; the message says which. */
  static final class ConfigFileException extends Exception {
    ConfigFileException(String message) {
      super(message);
    }
  }
}
