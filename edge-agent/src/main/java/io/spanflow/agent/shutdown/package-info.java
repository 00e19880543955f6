/**
 * Graceful shutdown: on SIGTERM the agent keeps receiving for a grace period, so the app beside it
 * can flush its last spans, before the receivers drain and the reporter flushes.
 */
package io.spanflow.agent.shutdown;
