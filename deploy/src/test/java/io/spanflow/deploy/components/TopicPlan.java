package io.spanflow.deploy.components;

import io.spanflow.schemas.kafka.Topics;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The topics a deployment must create: every constant of {@link Topics}, the service catalog
 * compacted (ARCHITECTURE.md), the rest not. Topic jobs are scripts of {@code create NAME
 * PARTITIONS [kafka-topics flags]} lines.
 */
public final class TopicPlan {
  private static final Pattern CREATE_TOPIC =
      Pattern.compile("^\\s*create\\s+(\\S+)\\s+(\\d+)(.*)$", Pattern.MULTILINE);

  private TopicPlan() {}

  /** Topic → the rest of its create line (its flags), as a topic job script creates them. */
  public static Map<String, String> created(String script) {
    Map<String, String> created = new TreeMap<>();
    Matcher m = CREATE_TOPIC.matcher(script);
    while (m.find()) {
      if (Integer.parseInt(m.group(2)) > 0) {
        created.put(m.group(1), m.group(3));
      }
    }
    return created;
  }

  public static List<String> problems(String where, Map<String, String> createdWithFlags) {
    List<String> found = new ArrayList<>();
    for (String topic : allTopics()) {
      String flags = createdWithFlags.get(topic);
      if (flags == null) {
        found.add(where + ": does not create topic " + topic);
        continue;
      }
      boolean compacted = flags.contains("cleanup.policy=compact");
      boolean shouldBe = topic.equals(Topics.SERVICE_OPERATIONS);
      if (compacted != shouldBe) {
        found.add(
            where + ": topic " + topic + (shouldBe ? " must be" : " must not be") + " compacted");
      }
    }
    return found;
  }

  public static Set<String> allTopics() {
    Set<String> topics = new TreeSet<>();
    for (Field f : Topics.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        try {
          topics.add((String) f.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return topics;
  }
}
