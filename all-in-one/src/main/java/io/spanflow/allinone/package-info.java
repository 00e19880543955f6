/**
 * The all-in-one: one process running an embedded KRaft broker, an Elasticsearch child process and
 * every Spanflow component on its standard port, for laptops and demos.
 */
package io.spanflow.allinone;
