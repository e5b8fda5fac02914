package dev.mergeloom.worker.config.providers;

/**
 * The key of every provider field, spelled once: the catalog declares the fields with these, and
 * the code that reads a provider's settings (clients, credentials, CLI runs, self-tests, pages)
 * names a field only through them. {@code SourceRulesTest} holds the code to that.
 */
public final class Fields {
  private Fields() {}

  public static final String ACCESS_KEY_ID = "accessKeyId";
  public static final String ACCESS_TOKEN = "accessToken";
  public static final String API_KEY = "apiKey";
  public static final String API_VERSION = "apiVersion";
  public static final String BASE_URL = "baseUrl";
  public static final String BEARER_TOKEN = "bearerToken";
  public static final String CLIENT_ID = "clientId";
  public static final String CLIENT_SECRET = "clientSecret";
  public static final String ENDPOINT = "endpoint";
  public static final String ENDPOINT_MODE = "endpointMode";
  public static final String ENDPOINT_URL = "endpointUrl";
  public static final String FEDERATED_TOKEN_FILE = "federatedTokenFile";
  public static final String LOCATION = "location";
  public static final String MODEL = "model";
  public static final String MODEL_ALIASES = "modelAliases";
  public static final String OAUTH_TOKEN = "oauthToken";
  public static final String PROFILE = "profile";
  public static final String PROJECT_ID = "projectId";
  public static final String PUBLISHER = "publisher";
  public static final String REGION = "region";
  public static final String SECRET_ACCESS_KEY = "secretAccessKey";
  public static final String SERVICE_ACCOUNT_JSON = "serviceAccountJson";
  public static final String SESSION_TOKEN = "sessionToken";
  public static final String TENANT_ID = "tenantId";
  /** Which field bounds a Chat Completions reply (OpenAI-compatible, Azure). */
  public static final String TOKEN_LIMIT_FIELD = "tokenLimitField";
}
