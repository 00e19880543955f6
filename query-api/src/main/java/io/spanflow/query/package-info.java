/**
 * The query service process: {@link io.spanflow.query.QueryApiMain} wires {@link
 * io.spanflow.query.QueryApiOptions} into the Elasticsearch readers, the HTTP app and the admin
 * server. Feature packages: {@code traces}, {@code services}, {@code dependencies}, {@code
 * metrics}, {@code apiv3}, {@code adjust}, {@code storage}.
 */
package io.spanflow.query;
