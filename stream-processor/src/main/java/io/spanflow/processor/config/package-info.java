/** The processor's configuration: the validated config object and its command-line binding. */
package io.spanflow.processor.config;
