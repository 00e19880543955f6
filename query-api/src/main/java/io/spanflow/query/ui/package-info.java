/**
 * The web UI: hand-written ES modules, HTML and CSS served from the classpath by the query app,
 * under the same base path as the API. No build step, no third-party assets.
 */
package io.spanflow.query.ui;
