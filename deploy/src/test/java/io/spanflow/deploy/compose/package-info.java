/** compose.yaml and the component Dockerfiles, checked against the components' options. */
package io.spanflow.deploy.compose;
