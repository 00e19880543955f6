package io.spanflow.query.http;

/** A request parameter that cannot be used; maps to HTTP 400 with the message in the envelope. */
public final class BadParameterException extends RuntimeException {

  private final String parameter;

  public BadParameterException(String parameter, String message) {
    super(message);
    this.parameter = parameter;
  }

  /** Jaeger's wording for a value that does not parse: {@code unable to parse param 'x': why}. */
  public static BadParameterException unparsable(String parameter, String why) {
    return new BadParameterException(
        parameter, "unable to parse param '" + parameter + "': " + why);
  }

  public String parameter() {
    return parameter;
  }
}
