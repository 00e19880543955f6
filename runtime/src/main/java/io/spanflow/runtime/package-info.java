/** What every Spanflow process shares: lifecycle, config binding, the admin server, shutdown. */
package io.spanflow.runtime;
