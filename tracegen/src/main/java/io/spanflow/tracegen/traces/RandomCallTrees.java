package io.spanflow.tracegen.traces;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Call trees for the load generator: an entry service calls {@code fanout} services, each of which
 * calls {@code fanout} more, {@code depth} levels down; the services at the bottom query a database
 * or a cache. Service names are drawn from a realistic catalog.
 *
 * <p>With depth d and fan-out f a trace has {@code 1 + 2(f + f² + … + f^d) + f^d} spans; the span
 * tree is {@code 2d + 2} spans deep (root, then a CLIENT/SERVER pair per level, then the database
 * call).
 */
public final class RandomCallTrees {
  private static final String[] CATALOG = {
    "frontend", "checkout", "cart", "payment", "inventory", "shipping", "catalog", "pricing",
    "recommendation", "currency", "auth", "users", "search", "reviews", "notification", "ads"
  };
  private static final String[] RESOURCES = {
    "orders", "items", "users", "sessions", "quotes", "stock", "prices", "profiles"
  };

  private final List<String> services;
  private final int depth;
  private final int fanout;

  public RandomCallTrees(int services, int depth, int fanout) {
    if (services < 2) {
      throw new IllegalArgumentException("at least 2 services are needed: " + services);
    }
    if (depth < 0 || fanout < 1) {
      throw new IllegalArgumentException("depth >= 0 and fanout >= 1 needed");
    }
    this.services = serviceNames(services);
    this.depth = depth;
    this.fanout = fanout;
  }

  /** {@code count} service names: the catalog first, then {@code service-17} and so on. */
  public static List<String> serviceNames(int count) {
    List<String> names = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      names.add(i < CATALOG.length ? CATALOG[i] : "service-" + i);
    }
    return names;
  }

  public List<String> services() {
    return services;
  }

  /** Spans per trace, whatever the random choices. */
  public int spansPerTrace() {
    int pairs = 0;
    int level = 1;
    for (int i = 0; i < depth; i++) {
      level *= fanout;
      pairs += level;
    }
    return 1 + 2 * pairs + level;
  }

  /** The tree's depth in spans, root included. */
  public int spanDepth() {
    return 2 * depth + 2;
  }

  public CallNode next(Random random) {
    String resource = RESOURCES[random.nextInt(RESOURCES.length)];
    return node(services.get(0), "GET", "/api/" + resource, 0, random);
  }

  private CallNode node(String service, String method, String path, int level, Random random) {
    List<CallNode> children = new ArrayList<>();
    if (level == depth) {
      String table = RESOURCES[random.nextInt(RESOURCES.length)];
      children.add(
          random.nextBoolean()
              ? CallNode.db(
                  "postgres", "SELECT " + table, "SELECT * FROM " + table + " WHERE id = $1", 900)
              : CallNode.cache("redis", "GET", "GET " + table + ":{id}", 250));
    } else {
      for (int i = 0; i < fanout; i++) {
        // Any service but the caller (services after the entry one, so the graph has depth).
        String callee = services.get(1 + random.nextInt(services.size() - 1));
        if (callee.equals(service)) {
          callee = services.get(1 + (services.indexOf(callee) % (services.size() - 1)));
        }
        String resource = RESOURCES[random.nextInt(RESOURCES.length)];
        String childMethod = random.nextInt(4) == 0 ? "POST" : "GET";
        children.add(node(callee, childMethod, "/api/" + resource, level + 1, random));
      }
    }
    return new CallNode(
        service,
        method + " " + path,
        CallNode.CallType.HTTP,
        path,
        400 + random.nextInt(1600),
        0,
        0,
        children);
  }

  /** All calls below the root, to pick a failing or slow one. */
  public static List<CallNode> calls(CallNode root) {
    List<CallNode> out = new ArrayList<>();
    collect(root, out);
    out.remove(0);
    return out;
  }

  private static void collect(CallNode node, List<CallNode> out) {
    out.add(node);
    node.children().forEach(c -> collect(c, out));
  }
}
