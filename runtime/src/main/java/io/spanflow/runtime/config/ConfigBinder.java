package io.spanflow.runtime.config;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Binds command-line flags, environment variables and a YAML file onto a picocli-annotated options
 * object, with Jaeger's conventions.
 *
 * <p>Precedence: flag, then environment variable (the option name upper-cased with {@code .} and
 * {@code -} turned into {@code _}: {@code --es.server-urls} ↔ {@code ES_SERVER_URLS}), then the
 * YAML file named by {@code --config-file} (or {@code CONFIG_FILE}), nested ({@code es:
 * {server-urls: ...}}) or dotted ({@code es.server-urls: ...}), then the option's default. {@code
 * --help} prints every option with its default; {@code --version} prints the version. An unknown
 * option (flag or file key) or an invalid value stops the program with a message naming it and exit
 * code 2. Multi-value options declared with {@code split = ","} take comma-separated values from
 * every source; YAML lists are joined with commas.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *   AgentOptions options = ConfigBinder.bind("spanflow-edge-agent", new AgentOptions(), args);
 *   ...
 * }
 * }</pre>
 */
public final class ConfigBinder {
  /** Exit code for a bad option, as picocli and most CLIs use. */
  public static final int USAGE_EXIT_CODE = CommandLine.ExitCode.USAGE;

  static final String CONFIG_FILE_OPTION = "--config-file";

  private static final String FOOTER =
      "%nEvery option can also be set as an environment variable (upper case, '.' and '-'"
          + " become '_': --es.server-urls is ES_SERVER_URLS) or as a key of the YAML file"
          + " given by --config-file (nested 'es: {server-urls: ...}' or dotted"
          + " 'es.server-urls: ...'). Precedence: flag, environment, file, default.";

  private ConfigBinder() {}

  /**
   * Binds {@code args}, the process environment and the config file onto {@code options}. Prints
   * help or version and exits 0 when asked; prints the problem and exits 2 on a bad option.
   */
  public static <T> T bind(String commandName, T options, String[] args) {
    BindResult<T> result = bind(commandName, options, args, System.getenv());
    if (result.shouldExit()) {
      System.out.print(result.output());
      System.out.flush();
      System.err.print(result.error());
      System.err.flush();
      System.exit(result.exitCode());
    }
    return result.options();
  }

  /** Like {@link #bind(String, Object, String[])} with an explicit environment and no exit. */
  public static <T> BindResult<T> bind(
      String commandName, T options, String[] args, Map<String, String> env) {
    Objects.requireNonNull(commandName, "commandName");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(args, "args");
    Objects.requireNonNull(env, "env");

    CommandLine cl = newCommandLine(commandName, options);
    CommandSpec spec = cl.getCommandSpec();
    Map<String, OptionSpec> byKey = optionsByKey(spec);

    Map<String, String> file;
    String configFile = configFileFrom(args, env);
    try {
      file = configFile == null ? Map.of() : YamlConfigFile.load(Path.of(configFile));
    } catch (YamlConfigFile.ConfigFileException e) {
      return BindResult.exit(options, USAGE_EXIT_CODE, "", e.getMessage() + hint(commandName));
    }
    for (String key : file.keySet()) {
      if (!byKey.containsKey(key)) {
        return BindResult.exit(
            options,
            USAGE_EXIT_CODE,
            "",
            "Unknown option in config file "
                + configFile
                + ": '"
                + key
                + "'"
                + suggestion(key, byKey.keySet())
                + hint(commandName));
      }
    }

    SourcedDefaults defaults = new SourcedDefaults(env, file, configFile);
    cl.setDefaultValueProvider(defaults);
    try {
      cl.parseArgs(args);
    } catch (ParameterException e) {
      String source =
          e.getArgSpec() == null || givenAsFlag(e.getArgSpec(), args)
              ? null
              : defaults.sourceOf(e.getArgSpec());
      String message = e.getMessage() + (source == null ? "" : " (from " + source + ")");
      return BindResult.exit(options, USAGE_EXIT_CODE, "", message + hint(commandName));
    }
    if (cl.isUsageHelpRequested()) {
      return BindResult.exit(options, 0, cl.getUsageMessage(Help.Ansi.OFF), "");
    }
    if (cl.isVersionHelpRequested()) {
      StringWriter out = new StringWriter();
      cl.printVersionHelp(new PrintWriter(out, true), Help.Ansi.OFF);
      return BindResult.exit(options, 0, out.toString(), "");
    }
    return BindResult.bound(options);
  }

  /** The environment variable that sets an option: {@code --es.server-urls} → ES_SERVER_URLS. */
  public static String envName(String optionName) {
    return key(optionName).toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static CommandLine newCommandLine(String commandName, Object options) {
    CommandLine cl = new CommandLine(options);
    CommandSpec spec = cl.getCommandSpec();
    spec.name(commandName);
    spec.mixinStandardHelpOptions(true);
    spec.usageMessage()
        .showDefaultValues(true)
        .sortOptions(true)
        .abbreviateSynopsis(true)
        .footer(FOOTER);
    acceptExplicitBooleanValues(spec);
    if (spec.version().length == 0) {
      spec.version(commandName + " " + version());
    }
    if (spec.findOption(CONFIG_FILE_OPTION) == null) {
      spec.addOption(
          OptionSpec.builder(CONFIG_FILE_OPTION)
              .paramLabel("FILE")
              .type(String.class)
              .description("YAML file with option values (nested or dotted keys).")
              .build());
    }
    cl.registerConverter(Duration.class, new DurationConverter());
    cl.setOverwrittenOptionsAllowed(true); // last flag wins, as with Jaeger's flags
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }

  /**
   * Jaeger's flags take {@code --flag=false}; picocli's boolean options take no value by default.
   * Rebuilding them with arity 0..1 accepts {@code --flag}, {@code --flag=true} and {@code
   * --flag=false} alike.
   */
  private static void acceptExplicitBooleanValues(CommandSpec spec) {
    for (OptionSpec option : List.copyOf(spec.options())) {
      boolean isBoolean = option.type() == boolean.class || option.type() == Boolean.class;
      if (isBoolean && !option.usageHelp() && !option.versionHelp() && option.arity().max() == 0) {
        spec.remove(option);
        spec.addOption(option.toBuilder().arity("0..1").fallbackValue("true").build());
      }
    }
  }

  private static String version() {
    String v = ConfigBinder.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  private static Map<String, OptionSpec> optionsByKey(CommandSpec spec) {
    Map<String, OptionSpec> byKey = new LinkedHashMap<>();
    for (OptionSpec option : spec.options()) {
      if (!option.usageHelp() && !option.versionHelp()) {
        for (String name : option.names()) {
          if (name.startsWith("--")) {
            byKey.put(key(name), option);
          }
        }
      }
    }
    byKey.remove(key(CONFIG_FILE_OPTION));
    return byKey;
  }

  private static String key(String optionName) {
    int i = 0;
    while (i < optionName.length() && optionName.charAt(i) == '-') {
      i++;
    }
    return optionName.substring(i);
  }

  /** The config file is needed before picocli parses (defaults are resolved while parsing). */
  private static String configFileFrom(String[] args, Map<String, String> env) {
    String found = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--")) {
        break;
      }
      if (arg.equals(CONFIG_FILE_OPTION) && i + 1 < args.length) {
        found = args[++i];
      } else if (arg.startsWith(CONFIG_FILE_OPTION + "=")) {
        found = arg.substring(CONFIG_FILE_OPTION.length() + 1);
      }
    }
    if (found == null) {
      found = env.get(envName(CONFIG_FILE_OPTION));
    }
    return found == null || found.isBlank() ? null : found;
  }

  private static boolean givenAsFlag(ArgSpec arg, String[] args) {
    if (!(arg instanceof OptionSpec option)) {
      return false;
    }
    for (String a : args) {
      for (String name : option.names()) {
        if (a.equals(name) || a.startsWith(name + "=")) {
          return true;
        }
      }
    }
    return false;
  }

  private static String hint(String commandName) {
    return String.format("%nTry '%s --help' for the list of options.%n", commandName);
  }

  private static String suggestion(String key, Set<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : new TreeSet<>(known)) {
      int d = editDistance(key, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= Math.max(2, key.length() / 4)
        ? " (did you mean '" + best + "'?)"
        : "";
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /**
   * Supplies option defaults from the environment, then the file; remembers where each came from.
   */
  private static final class SourcedDefaults implements IDefaultValueProvider {
    private final Map<String, String> env;
    private final Map<String, String> file;
    private final String fileName;
    private final Map<ArgSpec, String> sources = new IdentityHashMap<>();

    SourcedDefaults(Map<String, String> env, Map<String, String> file, String fileName) {
      this.env = new HashMap<>(env);
      this.file = file;
      this.fileName = fileName;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
      if (!(arg instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
        return null;
      }
      String longest = option.longestName();
      if (!longest.startsWith("--") || longest.equals(CONFIG_FILE_OPTION)) {
        return null;
      }
      String envName = envName(longest);
      String value = env.get(envName);
      if (value != null) {
        sources.put(arg, "environment variable " + envName);
        return value;
      }
      List<String> keys = new ArrayList<>();
      for (String name : option.names()) {
        if (name.startsWith("--")) {
          keys.add(key(name));
        }
      }
      for (String key : keys) {
        value = file.get(key);
        if (value != null) {
          sources.put(arg, "config file " + fileName + ", key '" + key + "'");
          return value;
        }
      }
      return null;
    }

    String sourceOf(ArgSpec arg) {
      return sources.get(arg);
    }
  }
}
