package dev.mergeloom.worker.testing;

import io.vertx.core.json.JsonObject;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/** A valid PUT body for every provider and auth method, with made-up test credentials. */
public final class ProviderExamples {
  private ProviderExamples() {}

  /** One provider path with one auth method and the fields it needs. */
  public record Example(String provider, String authMethod, JsonObject fields) {
    public JsonObject body() {
      return new JsonObject().put("authMethod", authMethod).put("fields", fields.copy());
    }

    @Override
    public String toString() {
      return provider + "/" + authMethod;
    }
  }

  public static List<Example> all() {
    return List.of(
        new Example("codex-cli", "cli_login", new JsonObject()),
        new Example("codex-cli", "api_key", new JsonObject().put("apiKey", "sk-test-codex-cli-000111")),
        new Example("claude-code-cli", "cli_login", new JsonObject().put("model", "sonnet")),
        new Example("claude-code-cli", "oauth_token", new JsonObject().put("oauthToken", "sk-ant-oat01-test-token-000")),
        new Example("claude-code-cli", "api_key", new JsonObject().put("apiKey", "sk-ant-test-claude-cli-000")),
        new Example("codex-api", "api_key", new JsonObject().put("apiKey", "sk-test-openai-0001112223").put("model", "gpt-5-codex")),
        new Example("claude-api", "api_key", new JsonObject().put("apiKey", "sk-ant-test-000111222333").put("model", "claude-sonnet-4-5")
            .put("modelAliases", new JsonObject().put("sonnet", "claude-sonnet-4-5"))),
        new Example("openai-compatible", "none", new JsonObject().put("baseUrl", "http://127.0.0.1:8000/v1").put("model", "qwen3-coder")),
        new Example("openai-compatible", "bearer", new JsonObject().put("baseUrl", "https://llm.internal/v1").put("model", "qwen3-coder")
            .put("apiKey", "test-bearer-key-000111")),
        new Example("vertex-ai", "service_account_json", new JsonObject().put("projectId", "test-project").put("model", "gemini-2.5-pro")
            .put("serviceAccountJson", serviceAccountJson("http://127.0.0.1:1/token"))),
        new Example("vertex-ai", "adc", new JsonObject().put("projectId", "test-project").put("location", "us-east5")
            .put("publisher", "anthropic").put("model", "claude-sonnet-4-5")),
        new Example("vertex-ai", "access_token", new JsonObject().put("endpointMode", "raw-endpoint")
            .put("endpointUrl",
                "https://aiplatform.googleapis.com/v1/projects/p/locations/global/publishers/google/models/gemini-2.5-pro:generateContent")
            .put("accessToken", "ya29.test-access-token")),
        new Example("aws-bedrock", "default_chain", new JsonObject().put("region", "us-east-1")
            .put("model", "us.anthropic.claude-sonnet-4-5-20250929-v1:0")),
        new Example("aws-bedrock", "static_keys", new JsonObject().put("region", "eu-west-3").put("model", "anthropic.claude-test-v1:0")
            .put("accessKeyId", "AKIDTESTFAKE000").put("secretAccessKey", "test-secret-access-key-000").put("sessionToken",
                "test-session-token-000")),
        new Example("aws-bedrock", "profile", new JsonObject().put("region", "us-west-2").put("model", "m").put("profile", "bedrock-dev")),
        new Example("azure-foundry", "api_key", new JsonObject().put("endpoint", "https://res.openai.azure.com").put("model", "gpt-4o")
            .put("apiKey", "test-azure-api-key-000111")),
        new Example("azure-foundry", "client_secret", new JsonObject().put("endpoint", "https://res.services.ai.azure.com/models")
            .put("model", "gpt-4o").put("tenantId", "00000000-0000-0000-0000-000000000001").put("clientId", "test-client")
            .put("clientSecret", "test-client-secret-000111")),
        new Example("azure-foundry", "managed_identity", new JsonObject().put("endpoint", "https://res.openai.azure.com/openai/v1")
            .put("model", "gpt-4o")),
        new Example("azure-foundry", "workload_identity", new JsonObject().put("endpoint", "https://res.openai.azure.com")
            .put("model", "gpt-4o").put("tenantId", "t").put("clientId", "c")
            .put("federatedTokenFile", "/var/run/secrets/azure/tokens/azure-identity-token")),
        new Example("azure-foundry", "bearer_token", new JsonObject().put("endpoint", "https://res.openai.azure.com")
            .put("model", "gpt-4o").put("bearerToken", "test-entra-bearer-000111")));
  }

  /** A service-account key file with a freshly generated key and the given token endpoint. */
  public static String serviceAccountJson(String tokenUri) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      String pem = "-----BEGIN " + "PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
          + "\n-----END " + "PRIVATE KEY-----\n";
      return new JsonObject().put("type", "service_account").put("project_id", "test-project")
          .put("private_key_id", "test-kid-1").put("private_key", pem)
          .put("client_email", "worker@test-project.iam.gserviceaccount.com").put("client_id", "1234567890")
          .put("token_uri", tokenUri).encodePrettily();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
