package io.spanflow.deploy.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instructions of a Dockerfile that the checks need, read line by line (continuations joined).
 * Only the last stage's EXPOSE, USER, ENV, VOLUME, HEALTHCHECK and ENTRYPOINT count: they are what
 * the image carries.
 */
record Dockerfile(
    Path path,
    List<String> fromImages,
    List<String> runCommands,
    List<String> exposed,
    String user,
    Map<String, String> env,
    List<String> volumes,
    String healthcheck,
    String entrypoint) {

  private static final Pattern ENV_PAIR =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S+)");

  static Dockerfile read(Path path) throws IOException {
    List<String> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(path)) {
      String trimmed = line.strip();
      if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
      } else {
        current.append(trimmed);
        instructions.add(current.toString());
        current.setLength(0);
      }
    }
    List<String> from = new ArrayList<>();
    List<String> run = new ArrayList<>();
    List<String> expose = new ArrayList<>();
    String user = null;
    Map<String, String> env = new LinkedHashMap<>();
    List<String> volumes = new ArrayList<>();
    String healthcheck = null;
    String entrypoint = null;
    for (String instruction : instructions) {
      String[] parts = instruction.split("\\s+", 2);
      String keyword = parts[0].toUpperCase(java.util.Locale.ROOT);
      String rest = parts.length > 1 ? parts[1] : "";
      switch (keyword) {
        case "FROM" -> {
          from.add(rest.split("\\s+")[0]);
          // A new stage: what the image carries starts over.
          expose.clear();
          env.clear();
          volumes.clear();
          user = null;
          healthcheck = null;
          entrypoint = null;
        }
        case "RUN" -> run.add(rest);
        case "EXPOSE" -> expose.addAll(List.of(rest.split("\\s+")));
        case "USER" -> user = rest;
        case "ENV" -> {
          Matcher m = ENV_PAIR.matcher(rest);
          while (m.find()) {
            env.put(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
          }
        }
        case "VOLUME" -> volumes.add(rest.replaceAll("[\\[\\]\"]", "").strip());
        case "HEALTHCHECK" -> healthcheck = rest;
        case "ENTRYPOINT" -> entrypoint = rest;
        default -> {}
      }
    }
    return new Dockerfile(path, from, run, expose, user, env, volumes, healthcheck, entrypoint);
  }
}
