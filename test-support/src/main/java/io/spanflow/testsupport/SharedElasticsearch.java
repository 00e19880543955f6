package io.spanflow.testsupport;

import io.spanflow.embedded.elasticsearch.ElasticsearchNode;

/**
 * One real Elasticsearch node (a child JVM) per test JVM: started on first use, stopped by a
 * shutdown hook, and gone even if the test JVM is killed. Tests share it, so each test uses its own
 * index names or prefix.
 *
 * <p>The child's heap is 256m unless the system property {@value #HEAP_PROPERTY} says otherwise.
 */
public final class SharedElasticsearch {

  /** System property overriding the child's maximum heap, e.g. {@code 512m}. */
  public static final String HEAP_PROPERTY = "spanflow.test.es.heap";

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
      ElasticsearchNode candidate =
          ElasticsearchNode.builder()
              .name("shared-elasticsearch")
              .heap(System.getProperty(HEAP_PROPERTY, "256m"))
              .build();
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
