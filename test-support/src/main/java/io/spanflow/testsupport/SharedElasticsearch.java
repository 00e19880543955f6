package io.spanflow.testsupport;

import io.spanflow.embedded.elasticsearch.ElasticsearchNode;

/**
 * One real Elasticsearch node (a child JVM) per test JVM: started on first use, stopped by a
 * shutdown hook, and gone even if the test JVM is killed. Tests share it, so each test uses its own
 * index names or prefix.
 *
 * <p>The child's heap is 256m unless the system property {@value #HEAP_PROPERTY} says otherwise.
 * Its JVM options default to {@value #DEFAULT_JVM_OPTIONS}: the C1 compiler only and the serial
 * collector roughly halve the CPU a start costs and trim the resident size, which matters when
 * several modules' test JVMs each start a node on a small CI machine; peak indexing speed, which
 * tests do not need, is lower. Override with {@value #JVM_OPTIONS_PROPERTY} (space-separated, may
 * be empty).
 */
public final class SharedElasticsearch {

  /** System property overriding the child's maximum heap, e.g. {@code 512m}. */
  public static final String HEAP_PROPERTY = "spanflow.test.es.heap";

  /** System property replacing the child's extra JVM options (space-separated). */
  public static final String JVM_OPTIONS_PROPERTY = "spanflow.test.es.jvm-options";

  static final String DEFAULT_JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

  private static ElasticsearchNode node;

  private SharedElasticsearch() {}

  /** {@code http://127.0.0.1:port} of the shared node, starting it if this is the first call. */
  public static String httpUrl() {
    return started().httpUrl();
  }

  /** The shared node as the handle the extension injects. */
  public static ElasticsearchHandle handle() {
    return new ElasticsearchHandle(httpUrl());
  }

  private static synchronized ElasticsearchNode started() {
    if (node == null) {
      ElasticsearchNode.Builder builder =
          ElasticsearchNode.builder()
              .name("shared-elasticsearch")
              .heap(System.getProperty(HEAP_PROPERTY, "256m"));
      for (String option :
          System.getProperty(JVM_OPTIONS_PROPERTY, DEFAULT_JVM_OPTIONS).trim().split("\\s+")) {
        if (!option.isEmpty()) {
          builder.jvmOption(option);
        }
      }
      ElasticsearchNode candidate = builder.build();
      try {
        candidate.start();
      } catch (Exception e) {
        candidate.close();
        throw new IllegalStateException("the shared Elasticsearch node did not start", e);
      }
      Runtime.getRuntime()
          .addShutdownHook(new Thread(candidate::close, "shared-elasticsearch-shutdown"));
      node = candidate;
    }
    return node;
  }
}
