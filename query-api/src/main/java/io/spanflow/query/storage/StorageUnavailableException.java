package io.spanflow.query.storage;

/** The storage backend could not answer (down, timing out, refusing). Maps to HTTP 503. */
public final class StorageUnavailableException extends RuntimeException {

  public StorageUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public StorageUnavailableException(String message) {
    super(message);
  }
}
