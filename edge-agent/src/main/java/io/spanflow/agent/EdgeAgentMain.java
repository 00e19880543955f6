package io.spanflow.agent;

import io.spanflow.runtime.config.ConfigBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code spanflow-edge-agent}: binds the flags and runs the agent until SIGTERM. */
public final class EdgeAgentMain {
  private static final Logger log = LoggerFactory.getLogger(EdgeAgentMain.class);

  private EdgeAgentMain() {}

  public static void main(String[] args) {
    EdgeAgentOptions options =
        ConfigBinder.bind("spanflow-edge-agent", new EdgeAgentOptions(), args);
    EdgeAgent agent;
    try {
      agent = EdgeAgent.create(options, System::getenv, true);
    } catch (IllegalArgumentException e) {
      System.err.println("spanflow-edge-agent: " + e.getMessage());
      System.exit(ConfigBinder.USAGE_EXIT_CODE);
      return;
    }
    log.info("Starting with {}", options);
    agent.application().run();
  }
}
