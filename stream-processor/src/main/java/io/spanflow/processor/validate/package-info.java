/**
 * Stage 1: decode and validate {@code jaeger-spans} records; unusable ones become dead letters with
 * a reason, repairable ones are repaired and carry a span warning per repair.
 */
package io.spanflow.processor.validate;
