/** Stage 2: drop copies of a span delivered more than once (client or agent retries). */
package io.spanflow.processor.dedupe;
