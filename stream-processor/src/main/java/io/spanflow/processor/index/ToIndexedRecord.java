package io.spanflow.processor.index;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Maps a record to a derived record whose {@value IndexHeader#NAME} header names its index. Any
 * headers the input carried are dropped: derived records carry only what we put on them.
 */
public final class ToIndexedRecord<KI, VI, KO, VO> implements Processor<KI, VI, KO, VO> {

  /** The mapped key, value and target index; null drops the record. */
  public record Out<K, V>(K key, V value, String index) {}

  /** Maps one input record. */
  @FunctionalInterface
  public interface Mapping<KI, VI, KO, VO> {
    Out<KO, VO> map(KI key, VI value, long timestamp);
  }

  private final Mapping<KI, VI, KO, VO> mapping;
  private ProcessorContext<KO, VO> context;

  private ToIndexedRecord(Mapping<KI, VI, KO, VO> mapping) {
    this.mapping = mapping;
  }

  public static <KI, VI, KO, VO> ProcessorSupplier<KI, VI, KO, VO> supplier(
      Mapping<KI, VI, KO, VO> mapping) {
    return () -> new ToIndexedRecord<>(mapping);
  }

  @Override
  public void init(ProcessorContext<KO, VO> context) {
    this.context = context;
  }

  @Override
  public void process(Record<KI, VI> record) {
    Out<KO, VO> out = mapping.map(record.key(), record.value(), record.timestamp());
    if (out != null) {
      context.forward(
          new Record<>(out.key(), out.value(), record.timestamp(), IndexHeader.of(out.index())));
    }
  }
}
