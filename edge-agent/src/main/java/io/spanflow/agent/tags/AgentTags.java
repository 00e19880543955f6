package io.spanflow.agent.tags;

import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Process;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.ValueType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Process tags the agent appends to every span ({@code --agent.tags}), e.g. the node or pod name.
 *
 * <p>The flag reads {@code key=value,key2=${ENV_VAR:default}}, as Jaeger's agent does: a value of
 * the form {@code ${NAME}} or {@code ${NAME:default}} is taken from the environment when the
 * variable is set, otherwise the default (or the empty string).
 */
public final class AgentTags {
  private static final AgentTags NONE = new AgentTags(List.of());

  private final List<KeyValue> tags;

  private AgentTags(List<KeyValue> tags) {
    this.tags = tags;
  }

  /** No tags: {@link #apply} returns spans unchanged. */
  public static AgentTags none() {
    return NONE;
  }

  /**
   * Parses the flag value; {@code env} resolves {@code ${NAME}} references (usually {@code
   * System::getenv}). Throws IllegalArgumentException naming an entry without {@code =} or key.
   */
  public static AgentTags parse(String spec, Function<String, String> env) {
    Objects.requireNonNull(env, "env");
    if (spec == null || spec.isBlank()) {
      return NONE;
    }
    List<KeyValue> tags = new ArrayList<>();
    for (String entry : spec.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.indexOf('=');
      String key = eq < 0 ? "" : entry.substring(0, eq).trim();
      if (key.isEmpty()) {
        throw new IllegalArgumentException(
            "--agent.tags entry '" + entry.trim() + "' is not key=value");
      }
      String value = resolve(entry.substring(eq + 1).trim(), env);
      tags.add(KeyValue.newBuilder().setKey(key).setVType(ValueType.STRING).setVStr(value).build());
    }
    return tags.isEmpty() ? NONE : new AgentTags(List.copyOf(tags));
  }

  private static String resolve(String value, Function<String, String> env) {
    if (!(value.startsWith("${") && value.endsWith("}"))) {
      return value;
    }
    String inner = value.substring(2, value.length() - 1);
    int colon = inner.indexOf(':');
    String name = colon < 0 ? inner : inner.substring(0, colon);
    String fallback = colon < 0 ? "" : inner.substring(colon + 1);
    String fromEnv = env.apply(name.trim());
    return fromEnv != null ? fromEnv : fallback;
  }

  /** The parsed tags, in flag order. */
  public List<KeyValue> tags() {
    return tags;
  }

  public boolean isEmpty() {
    return tags.isEmpty();
  }

  /**
   * Appends the tags to each span's process. Spans of one client batch share one process object, so
   * the tagged process is built once per distinct process, not once per span.
   */
  public List<Span> apply(List<Span> spans) {
    if (tags.isEmpty() || spans.isEmpty()) {
      return spans;
    }
    List<Span> out = new ArrayList<>(spans.size());
    Process lastIn = null;
    Process lastOut = null;
    for (Span span : spans) {
      Process process = span.getProcess();
      if (process != lastIn) {
        lastIn = process;
        lastOut = process.toBuilder().addAllTags(tags).build();
      }
      out.add(span.toBuilder().setProcess(lastOut).build());
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("AgentTags{");
    for (int i = 0; i < tags.size(); i++) {
      sb.append(i == 0 ? "" : ",")
          .append(tags.get(i).getKey())
          .append('=')
          .append(tags.get(i).getVStr());
    }
    return sb.append('}').toString();
  }
}
