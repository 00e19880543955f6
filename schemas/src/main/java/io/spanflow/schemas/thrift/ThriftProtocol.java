package io.spanflow.schemas.thrift;

/** The thrift encodings clients use. */
public enum ThriftProtocol {
  /** {@code TCompactProtocol}: agent UDP 6831 (jaeger) and 5775 (zipkin). */
  COMPACT,
  /** {@code TBinaryProtocol}: agent UDP 6832 (Node clients) and collector HTTP bodies. */
  BINARY
}
