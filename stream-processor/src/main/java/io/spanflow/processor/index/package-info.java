/** Stage 4: ES-ready span documents on {@code spanflow.spans.indexed}, and the index header. */
package io.spanflow.processor.index;
