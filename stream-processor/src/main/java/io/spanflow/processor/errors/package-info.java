/** Exception handlers that turn bad records into dead letters instead of a stopped app. */
package io.spanflow.processor.errors;
