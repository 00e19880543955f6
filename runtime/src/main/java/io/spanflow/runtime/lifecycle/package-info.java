/**
 * The one lifecycle every I/O part of Spanflow follows: {@code start()}, {@code check()}, an
 * idempotent {@code close()}.
 */
package io.spanflow.runtime.lifecycle;
