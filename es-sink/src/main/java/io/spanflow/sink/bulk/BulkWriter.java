package io.spanflow.sink.bulk;

import java.io.IOException;
import java.util.List;

/** Sends one bulk of index actions; {@link EsBulkWriter} is the real one. */
@FunctionalInterface
public interface BulkWriter {

  /**
   * @return one outcome per action, in order
   * @throws IOException or a runtime exception when the request failed as a whole
   */
  List<ItemOutcome> write(List<BulkAction> actions) throws IOException;
}
