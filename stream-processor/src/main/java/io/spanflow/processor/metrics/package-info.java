/** Stage 7: RED metrics (calls, errors, latency histogram and percentiles) per minute. */
package io.spanflow.processor.metrics;
