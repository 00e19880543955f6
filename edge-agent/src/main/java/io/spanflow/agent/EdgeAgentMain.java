package io.spanflow.agent;

import io.spanflow.runtime.Application;
import io.spanflow.runtime.config.ConfigBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code spanflow-edge-agent}: binds the flags and runs the agent until SIGTERM. */
public final class EdgeAgentMain {
  private static final Logger log = LoggerFactory.getLogger(EdgeAgentMain.class);

  private EdgeAgentMain() {}

  public static void main(String[] args) {
    application(args, true).run();
  }

  /**
   * The agent bound from flags, not started. The all-in-one runs it inside its own application,
   * without a shutdown hook of its own. A configuration that cannot work exits with status 2.
   */
  public static Application application(String[] args, boolean installShutdownHook) {
    EdgeAgentOptions options =
        ConfigBinder.bind("spanflow-edge-agent", new EdgeAgentOptions(), args);
    try {
      EdgeAgent agent = EdgeAgent.create(options, System::getenv, installShutdownHook);
      log.info("Configured with {}", options);
      return agent.application();
    } catch (IllegalArgumentException e) {
      System.err.println("spanflow-edge-agent: " + e.getMessage());
      System.exit(ConfigBinder.USAGE_EXIT_CODE);
      throw e;
    }
  }
}
