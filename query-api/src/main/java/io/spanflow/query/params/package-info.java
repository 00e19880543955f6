/** Parsing and printing of request parameter values shared by the HTTP handlers. */
package io.spanflow.query.params;
