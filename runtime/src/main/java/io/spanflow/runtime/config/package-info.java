/**
 * Configuration binding with Jaeger's conventions: flag, environment variable, YAML {@code
 * --config-file}, default. Options classes are plain picocli-annotated objects, kept apart from the
 * components they configure; {@link io.spanflow.runtime.config.ConfigBinder} binds them.
 */
package io.spanflow.runtime.config;
