/** {@code --agent.tags}: process tags the agent adds to every span it forwards. */
package io.spanflow.agent.tags;
