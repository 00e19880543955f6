package io.spanflow.tracegen.traces;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The load generator's traces: random call trees where a given fraction of traces has one failing
 * call and another fraction one slow call. Deterministic for a seed.
 */
public final class RandomTraceSource implements TraceSource {
  private final RandomCallTrees trees;
  private final double errorFraction;
  private final double slowFraction;
  private final Random random;
  private final TraceFactory factory;

  public RandomTraceSource(
      RandomCallTrees trees, double errorFraction, double slowFraction, long seed) {
    if (errorFraction < 0 || errorFraction > 1 || slowFraction < 0 || slowFraction > 1) {
      throw new IllegalArgumentException("fractions must be within 0..1");
    }
    this.trees = trees;
    this.errorFraction = errorFraction;
    this.slowFraction = slowFraction;
    this.random = new Random(seed);
    this.factory = new TraceFactory(random);
  }

  @Override
  public GeneratedTrace next(Instant end) {
    CallNode root = trees.next(random);
    List<CallNode> calls = RandomCallTrees.calls(root);
    Set<CallNode> failing =
        random.nextDouble() < errorFraction && !calls.isEmpty()
            ? Set.of(calls.get(random.nextInt(calls.size())))
            : Set.of();
    Set<CallNode> slow =
        random.nextDouble() < slowFraction && !calls.isEmpty()
            ? Set.of(calls.get(random.nextInt(calls.size())))
            : Set.of();
    return factory.build(root, FaultPlan.of(failing, slow), end);
  }
}
