/** Service and operation listings of Jaeger's v1 API. */
package io.spanflow.query.services;
