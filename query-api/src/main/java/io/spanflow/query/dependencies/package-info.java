/** The service graph endpoint of Jaeger's v1 API. */
package io.spanflow.query.dependencies;
