/** deploy/kubernetes read with fabric8's model and checked against the components. */
package io.spanflow.deploy.kubernetes;
