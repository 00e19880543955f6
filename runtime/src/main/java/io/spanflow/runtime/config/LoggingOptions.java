package io.spanflow.runtime.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * Jaeger's {@code --log-level} as a picocli {@code @Mixin}. {@code main} calls {@link #apply()}
 * after binding; the level set in {@code logback.xml} (INFO, or {@code LOG_LEVEL}) holds until
 * then.
 */
public final class LoggingOptions {

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      defaultValue = "info",
      converter = LevelConverter.class,
      description = "Minimal log level: debug, info, warn, error (panic and fatal mean error).")
  private Level level = Level.INFO;

  /** The bound level. */
  public Level level() {
    return level;
  }

  /** Sets the root logger to the bound level. */
  public void apply() {
    Object root = LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (root instanceof Logger logback) {
      logback.setLevel(level);
    }
  }

  @Override
  public String toString() {
    return "LoggingOptions{log-level=" + level + "}";
  }

  /** Accepts Jaeger's (zap's) level names. */
  public static final class LevelConverter implements picocli.CommandLine.ITypeConverter<Level> {
    @Override
    public Level convert(String value) {
      return switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "trace" -> Level.TRACE;
        case "debug" -> Level.DEBUG;
        case "info" -> Level.INFO;
        case "warn", "warning" -> Level.WARN;
        case "error", "dpanic", "panic", "fatal" -> Level.ERROR;
        default ->
            throw new TypeConversionException(
                "'" + value + "' is not a log level (debug, info, warn, error)");
      };
    }
  }
}
