package dev.mergeloom.worker.config.providers;

/**
 * The id of every auth method (contract §2.3), spelled once: the catalog offers them, and the
 * code that builds a client or a CLI run for a method switches on these.
 */
public final class AuthMethods {
  private AuthMethods() {}

  public static final String ACCESS_TOKEN = "access_token";
  public static final String ADC = "adc";
  public static final String API_KEY = "api_key";
  public static final String BEARER = "bearer";
  public static final String BEARER_TOKEN = "bearer_token";
  public static final String CLI_LOGIN = "cli_login";
  public static final String CLIENT_SECRET = "client_secret";
  public static final String DEFAULT_CHAIN = "default_chain";
  public static final String MANAGED_IDENTITY = "managed_identity";
  public static final String NONE = "none";
  public static final String OAUTH_TOKEN = "oauth_token";
  public static final String PROFILE = "profile";
  public static final String SERVICE_ACCOUNT_JSON = "service_account_json";
  public static final String STATIC_KEYS = "static_keys";
  public static final String WORKLOAD_IDENTITY = "workload_identity";
}
