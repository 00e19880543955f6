/**
 * The components as the deployment files must see them: their real options classes (flags,
 * environment names, defaults) and the ports those options make them listen on.
 */
package io.spanflow.deploy.components;
