package io.spanflow.schemas.thrift;

import io.spanflow.proto.jaeger.Batch;
import io.spanflow.schemas.convert.ConversionResult.Rejected;
import java.util.List;

/**
 * A decoded jaeger.thrift batch: the spans that were valid (each with the batch process embedded)
 * and the ones rejected one by one.
 *
 * @param batch the valid spans and the batch process
 * @param rejected spans that were readable thrift but not valid spans (zero ids, missing ids)
 */
public record DecodedBatch(Batch batch, List<Rejected> rejected) {
  public DecodedBatch {
    rejected = List.copyOf(rejected);
  }
}
