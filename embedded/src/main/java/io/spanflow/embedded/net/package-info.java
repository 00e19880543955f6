/** Loopback networking helpers shared by the embedded servers. */
package io.spanflow.embedded.net;
