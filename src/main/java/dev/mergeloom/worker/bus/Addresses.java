package dev.mergeloom.worker.bus;

/** Every event-bus address the worker uses, declared once. */
public final class Addresses {
  private Addresses() {}

  /** CLI logins, owned by {@code cli.CliLoginVerticle}; each answers the login's {@code LoginView}. */
  public static final String CLI_LOGIN_START = "mergeloom.cli.login.start";
  public static final String CLI_LOGIN_CODE = "mergeloom.cli.login.code";
  public static final String CLI_LOGIN_CANCEL = "mergeloom.cli.login.cancel";
  /** Answers every provider's last login, as a map from provider id to {@code LoginView}. */
  public static final String CLI_LOGIN_ALL = "mergeloom.cli.login.all";

  /** Output lines of one managed process: {@code {"processId", "stream": "stdout"|"stderr", "line"}}. */
  public static String processOutput(String processId) {
    return "mergeloom.process." + processId + ".output";
  }
}
