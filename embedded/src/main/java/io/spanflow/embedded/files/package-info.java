/** Data directories of the embedded servers: temporary ones and their removal. */
package io.spanflow.embedded.files;
