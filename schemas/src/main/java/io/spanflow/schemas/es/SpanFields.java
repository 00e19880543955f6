package io.spanflow.schemas.es;

/** Field names of the span document, for queries against {@code jaeger-span-*}. */
public final class SpanFields {

  public static final String TRACE_ID = "traceID";
  public static final String SPAN_ID = "spanID";
  public static final String PARENT_SPAN_ID = "parentSpanID";
  public static final String FLAGS = "flags";
  public static final String OPERATION_NAME = "operationName";
  public static final String REFERENCES = "references";
  public static final String REF_TYPE = "refType";

  /** Microseconds since the epoch, mapped as {@code long}. */
  public static final String START_TIME = "startTime";

  /** Milliseconds since the epoch, mapped as {@code date}: use it for time-range queries. */
  public static final String START_TIME_MILLIS = "startTimeMillis";

  /** Microseconds, mapped as {@code long}. */
  public static final String DURATION = "duration";

  /** Nested {@code [{key, type, value}]}; values are strings. */
  public static final String TAGS = "tags";

  /** Tags-as-fields object ({@code tag.http@method}); empty unless a writer enabled it. */
  public static final String TAG = "tag";

  public static final String LOGS = "logs";
  public static final String LOG_TIMESTAMP = "timestamp";
  public static final String LOG_FIELDS = "fields";
  public static final String PROCESS = "process";
  public static final String SERVICE_NAME = "serviceName";
  public static final String PROCESS_SERVICE_NAME = "process.serviceName";
  public static final String PROCESS_TAGS = "process.tags";
  public static final String KEY = "key";
  public static final String TYPE = "type";
  public static final String VALUE = "value";
  public static final String WARNINGS = "warnings";

  /** Jaeger's default {@code --es.tags-as-fields.dot-replacement}. */
  public static final String DEFAULT_TAG_DOT_REPLACEMENT = "@";

  private SpanFields() {}
}
