package io.spanflow.tracegen.traces;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Random;
import java.util.Set;

/** Which calls of one trace fail and which are slow outliers. */
public interface FaultPlan {

  boolean fails(CallNode call);

  boolean slow(CallNode call);

  /** Nothing fails, nothing is slow. */
  static FaultPlan none() {
    return of(Set.of(), Set.of());
  }

  /** Exactly these calls (by identity). */
  static FaultPlan of(Set<CallNode> failing, Set<CallNode> slow) {
    Set<CallNode> f = Collections.newSetFromMap(new IdentityHashMap<>());
    f.addAll(failing);
    Set<CallNode> s = Collections.newSetFromMap(new IdentityHashMap<>());
    s.addAll(slow);
    return new FaultPlan() {
      @Override
      public boolean fails(CallNode call) {
        return f.contains(call);
      }

      @Override
      public boolean slow(CallNode call) {
        return s.contains(call);
      }
    };
  }

  /**
   * Each call fails or is slow with its own {@link CallNode#errorRate}/{@link CallNode#slowRate}.
   */
  static FaultPlan random(Random random) {
    return new FaultPlan() {
      @Override
      public boolean fails(CallNode call) {
        return call.errorRate() > 0 && random.nextDouble() < call.errorRate();
      }

      @Override
      public boolean slow(CallNode call) {
        return call.slowRate() > 0 && random.nextDouble() < call.slowRate();
      }
    };
  }
}
