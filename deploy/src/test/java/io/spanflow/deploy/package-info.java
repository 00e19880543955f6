/** Tests that hold Spanflow's deployment files (compose, Kubernetes, monitoring) to the code. */
package io.spanflow.deploy;
