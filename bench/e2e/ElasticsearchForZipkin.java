import io.spanflow.embedded.elasticsearch.ElasticsearchNode;
import java.nio.file.Path;

/**
 * Starts the same Elasticsearch 8.19.21 child process the all-in-one runs, for Zipkin's server to
 * store into. Usage: java -cp <all-in-one classpath> ElasticsearchForZipkin.java DIR PORT HEAP.
 * Prints "ready <url>" and runs until SIGTERM, which stops the child.
 */
public final class ElasticsearchForZipkin {
  public static void main(String[] args) throws Exception {
    ElasticsearchNode node =
        ElasticsearchNode.builder()
            .name("elasticsearch-for-zipkin")
            .dir(Path.of(args[0]))
            .httpPort(Integer.parseInt(args[1]))
            .heap(args[2])
            .stopOnJvmExit(false)
            .build();
    Runtime.getRuntime().addShutdownHook(new Thread(node::close));
    node.start();
    System.out.println("ready " + node.httpUrl());
    Thread.currentThread().join();
  }
}
