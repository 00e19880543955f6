/** Prometheus rules and the Grafana dashboard, checked against what the components expose. */
package io.spanflow.deploy.monitoring;
