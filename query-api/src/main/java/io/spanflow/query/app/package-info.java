/**
 * The HTTP application: {@link io.spanflow.query.app.QueryApp} builds the Javalin app (all routes,
 * exception mapping, CORS, bearer tokens, base path, request metrics) from {@link
 * io.spanflow.query.app.QueryServices} and {@link io.spanflow.query.app.QueryOptions}, without
 * starting it.
 */
package io.spanflow.query.app;
