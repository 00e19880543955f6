/** JSON (Jackson) serdes: derived records are JSON so that any tool can read them. */
package io.spanflow.processor.json;
