package io.spanflow.runtime.config;

import java.util.Objects;

/**
 * What {@link ConfigBinder#bind(String, Object, String[], java.util.Map)} decided: either the
 * options are bound and the program continues, or it should exit with {@link #exitCode()} after
 * printing {@link #output()} (help, version) and {@link #error()} (what was wrong).
 */
public final class BindResult<T> {
  private final T options;
  private final boolean shouldExit;
  private final int exitCode;
  private final String output;
  private final String error;

  private BindResult(T options, boolean shouldExit, int exitCode, String output, String error) {
    this.options = options;
    this.shouldExit = shouldExit;
    this.exitCode = exitCode;
    this.output = Objects.requireNonNull(output);
    this.error = Objects.requireNonNull(error);
  }

  static <T> BindResult<T> bound(T options) {
    return new BindResult<>(options, false, 0, "", "");
  }

  static <T> BindResult<T> exit(T options, int exitCode, String output, String error) {
    return new BindResult<>(options, true, exitCode, output, error);
  }

  /** The options object, populated when {@link #shouldExit()} is false. */
  public T options() {
    return options;
  }

  /** True when the program should stop: help or version was printed, or an option was bad. */
  public boolean shouldExit() {
    return shouldExit;
  }

  /** 0 for help and version, 2 for a bad option; 0 when the program continues. */
  public int exitCode() {
    return exitCode;
  }

  /** Text for standard output (usage or version); empty otherwise. */
  public String output() {
    return output;
  }

  /** Text for standard error naming the bad option; empty otherwise. */
  public String error() {
    return error;
  }

  @Override
  public String toString() {
    return shouldExit
        ? "BindResult{exit " + exitCode + (error.isEmpty() ? "" : ": " + error.strip()) + "}"
        : "BindResult{bound " + options + "}";
  }
}
