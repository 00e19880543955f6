/** Results shared by every format converter: accepted spans and the ones rejected, with why. */
package io.spanflow.schemas.convert;
