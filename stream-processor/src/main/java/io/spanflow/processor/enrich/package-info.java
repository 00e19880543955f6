/** Stage 3: derived fields (error flag, span kind, root/child role, normalised names). */
package io.spanflow.processor.enrich;
