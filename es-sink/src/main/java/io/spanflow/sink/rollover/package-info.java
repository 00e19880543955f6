/**
 * Rollover mode ({@code --es.use-aliases}), as Jaeger's es-rollover does it: per index family a
 * write alias on the newest {@code -000001}-style index, a read alias over the indices queries may
 * see, and the {@code init}, {@code rollover} and {@code lookback} actions that manage them.
 */
package io.spanflow.sink.rollover;
