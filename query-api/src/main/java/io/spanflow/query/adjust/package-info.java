/**
 * Query-time trace adjusters, each a one-method {@link io.spanflow.query.adjust.Adjuster}. {@link
 * io.spanflow.query.adjust.Adjusters#standard} runs them in this order, each relying on the one
 * before:
 *
 * <ol>
 *   <li>{@link io.spanflow.query.adjust.SpanDeduplicator}: drop byte-identical copies (retries);
 *   <li>{@link io.spanflow.query.adjust.ZipkinSharedSpanIds}: give the server half of a Zipkin
 *       shared span its own id, parented to the client half;
 *   <li>{@link io.spanflow.query.adjust.ClockSkewAdjuster}: shift child spans from other hosts into
 *       their parent, up to a maximum;
 *   <li>{@link io.spanflow.query.adjust.SpanSorter}: spans by start time, tags and log fields by
 *       key, logs by time;
 *   <li>{@link io.spanflow.query.adjust.ProcessNumbering}: number distinct processes p1, p2, ...
 * </ol>
 *
 * Problems found on the way become span warnings; an adjuster never fails a query.
 */
package io.spanflow.query.adjust;
