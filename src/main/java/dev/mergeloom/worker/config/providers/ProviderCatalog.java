package dev.mergeloom.worker.config.providers;

import static dev.mergeloom.worker.config.providers.FieldType.MODEL_ALIASES;
import static dev.mergeloom.worker.config.providers.FieldType.PATH;
import static dev.mergeloom.worker.config.providers.FieldType.REGION;
import static dev.mergeloom.worker.config.providers.FieldType.SECRET;
import static dev.mergeloom.worker.config.providers.FieldType.SERVICE_ACCOUNT_JSON;
import static dev.mergeloom.worker.config.providers.FieldType.TEXT;
import static dev.mergeloom.worker.config.providers.FieldType.URL;

import dev.mergeloom.worker.config.providers.ProviderSpec.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The eight provider paths of contract §2.3, with their auth methods, fields and deployment
 * variable names. Names the contract does not fix (the CLI providers' auth method, key and
 * model variables, the alias variables) follow the {@code JCA_WORKER_CLAUDE_CODE_MODEL}
 * pattern and are listed in docs/configuration.md.
 */
public final class ProviderCatalog {
  public static final String CODEX_CLI = "codex-cli";
  public static final String CLAUDE_CODE_CLI = "claude-code-cli";
  public static final String CODEX_API = "codex-api";
  public static final String CLAUDE_API = "claude-api";
  public static final String OPENAI_COMPATIBLE = "openai-compatible";
  public static final String VERTEX_AI = "vertex-ai";
  public static final String AWS_BEDROCK = "aws-bedrock";
  public static final String AZURE_FOUNDRY = "azure-foundry";

  private static final List<ProviderSpec> ALL = List.of(
      codexCli(), claudeCodeCli(), codexApi(), claudeApi(), openAiCompatible(), vertexAi(),
      awsBedrock(), azureFoundry());

  private static final String ENDPOINT_MODE = "endpointMode";
  private static final String STRUCTURED = "structured";

  private ProviderCatalog() {}

  public static List<ProviderSpec> all() {
    return ALL;
  }

  public static Optional<ProviderSpec> find(String id) {
    return ALL.stream().filter(p -> p.id().equals(id)).findFirst();
  }

  public static List<String> ids() {
    return ALL.stream().map(ProviderSpec::id).toList();
  }

  private static FieldSpec model(String envVar) {
    return FieldSpec.of("model", "Default model", envVar, TEXT, "Model used when a job names none");
  }

  private static FieldSpec aliases(String envVar) {
    return FieldSpec.of("modelAliases", "Model aliases", envVar, MODEL_ALIASES,
        "JSON object, alias to model id, e.g. {\"sonnet\": \"claude-sonnet-4-5\"}");
  }

  private static ProviderSpec codexCli() {
    return new ProviderSpec(CODEX_CLI, "Codex CLI", Backend.CLI,
        List.of(new AuthMethod("cli_login", "Sign in with ChatGPT (device code)"),
            new AuthMethod("api_key", "OpenAI API key")),
        "JCA_WORKER_CODEX_AUTH_METHOD",
        List.of(model("JCA_WORKER_CODEX_MODEL"), aliases("JCA_WORKER_CODEX_MODEL_ALIASES"),
            FieldSpec.of("apiKey", "OpenAI API key", "JCA_WORKER_CODEX_API_KEY", SECRET,
                "Piped to 'codex login --with-api-key' on stdin").onlyFor("api_key")),
        (method, v) -> method.equals("api_key") ? List.of("apiKey") : List.of());
  }

  private static ProviderSpec claudeCodeCli() {
    return new ProviderSpec(CLAUDE_CODE_CLI, "Claude Code CLI", Backend.CLI,
        List.of(new AuthMethod("cli_login", "Sign in with Claude (browser + pasted code)"),
            new AuthMethod("oauth_token", "Long-lived OAuth token"),
            new AuthMethod("api_key", "Anthropic API key")),
        "JCA_WORKER_CLAUDE_CODE_AUTH_METHOD",
        List.of(model("JCA_WORKER_CLAUDE_CODE_MODEL"), aliases("JCA_WORKER_CLAUDE_CODE_MODEL_ALIASES"),
            FieldSpec.of("oauthToken", "OAuth token", "CLAUDE_CODE_OAUTH_TOKEN", SECRET,
                "From 'claude setup-token'; given to runs as CLAUDE_CODE_OAUTH_TOKEN").onlyFor("oauth_token"),
            FieldSpec.of("apiKey", "Anthropic API key", "JCA_WORKER_CLAUDE_CODE_API_KEY", SECRET,
                "Given to runs as ANTHROPIC_API_KEY").onlyFor("api_key")),
        (method, v) -> switch (method) {
          case "oauth_token" -> List.of("oauthToken");
          case "api_key" -> List.of("apiKey");
          default -> List.of();
        });
  }

  private static ProviderSpec codexApi() {
    return new ProviderSpec(CODEX_API, "OpenAI API (Responses)", Backend.API,
        List.of(new AuthMethod("api_key", "API key")),
        null,
        List.of(model("JCA_OPENAI_MODEL"), aliases("JCA_OPENAI_MODEL_ALIASES"),
            FieldSpec.of("apiKey", "API key", "JCA_OPENAI_API_KEY", SECRET, "OpenAI API key"),
            FieldSpec.of("baseUrl", "Base URL", "JCA_OPENAI_BASE_URL", URL, "Root of the Responses API")),
        (method, v) -> List.of("apiKey", "model"));
  }

  private static ProviderSpec claudeApi() {
    return new ProviderSpec(CLAUDE_API, "Anthropic API (Messages)", Backend.API,
        List.of(new AuthMethod("api_key", "API key")),
        null,
        List.of(model("JCA_ANTHROPIC_MODEL"), aliases("JCA_ANTHROPIC_MODEL_ALIASES"),
            FieldSpec.of("apiKey", "API key", "JCA_ANTHROPIC_API_KEY", SECRET, "Anthropic API key"),
            FieldSpec.of("baseUrl", "Base URL", "JCA_ANTHROPIC_BASE_URL", URL, "Root of the Messages API")),
        (method, v) -> List.of("apiKey", "model"));
  }

  private static ProviderSpec openAiCompatible() {
    return new ProviderSpec(OPENAI_COMPATIBLE, "OpenAI-compatible endpoint", Backend.API,
        List.of(new AuthMethod("none", "No authentication"), new AuthMethod("bearer", "Bearer API key")),
        "JCA_OPENAI_COMPATIBLE_AUTH_MODE",
        List.of(model("JCA_OPENAI_COMPATIBLE_MODEL"), aliases("JCA_OPENAI_COMPATIBLE_MODEL_ALIASES"),
            FieldSpec.of("baseUrl", "Base URL", "JCA_OPENAI_COMPATIBLE_BASE_URL", URL,
                "Root exposing /chat/completions, e.g. http://127.0.0.1:8000/v1"),
            FieldSpec.of("apiKey", "API key", "JCA_OPENAI_COMPATIBLE_API_KEY", SECRET, "Sent as a bearer token")
                .onlyFor("bearer"),
            tokenLimitField("JCA_OPENAI_COMPATIBLE_TOKEN_LIMIT_FIELD")),
        (method, v) -> method.equals("bearer") ? List.of("baseUrl", "model", "apiKey") : List.of("baseUrl", "model"));
  }

  private static ProviderSpec vertexAi() {
    return new ProviderSpec(VERTEX_AI, "Google Vertex AI", Backend.API,
        List.of(new AuthMethod("service_account_json", "Service account key (JSON)"),
            new AuthMethod("adc", "Application Default Credentials / Workload Identity"),
            new AuthMethod("access_token", "Static access token")),
        "JCA_VERTEX_AUTH_METHOD",
        List.of(
            FieldSpec.of("endpointMode", "Endpoint", "JCA_VERTEX_ENDPOINT_MODE", TEXT,
                "structured: project, location, publisher and model; raw-endpoint: a full URL")
                .choices("structured", "raw-endpoint"),
            FieldSpec.of("projectId", "Project ID", "JCA_VERTEX_PROJECT_ID", TEXT, "Google Cloud project").when(ENDPOINT_MODE, STRUCTURED),
            FieldSpec.of("location", "Location", "JCA_VERTEX_LOCATION", TEXT, "e.g. global or us-east5").when(ENDPOINT_MODE, STRUCTURED),
            FieldSpec.of("publisher", "Publisher", "JCA_VERTEX_PUBLISHER", TEXT,
                "google (Gemini) or anthropic (Claude on Vertex)").choices("google", "anthropic").when(ENDPOINT_MODE, STRUCTURED),
            model("JCA_VERTEX_MODEL").when(ENDPOINT_MODE, STRUCTURED), aliases("JCA_VERTEX_MODEL_ALIASES"),
            FieldSpec.of("endpointUrl", "Endpoint URL", "JCA_VERTEX_ENDPOINT_URL", URL,
                "Full URL ending in :generateContent, :rawPredict or /chat/completions").when(ENDPOINT_MODE, "raw-endpoint"),
            FieldSpec.of("serviceAccountJson", "Service account key JSON", "JCA_VERTEX_SERVICE_ACCOUNT_JSON",
                SERVICE_ACCOUNT_JSON, "Contents of the key file").onlyFor("service_account_json"),
            FieldSpec.of("accessToken", "Access token", "JCA_VERTEX_ACCESS_TOKEN", SECRET,
                "OAuth access token (expires; for tests and short runs)").onlyFor("access_token")),
        ProviderCatalog::vertexRequirements);
  }

  private static List<String> vertexRequirements(String method, java.util.function.Function<String, String> v) {
    List<String> required = new ArrayList<>();
    if ("raw-endpoint".equals(v.apply("endpointMode"))) {
      required.add("endpointUrl");
    } else {
      required.addAll(List.of("projectId", "location", "publisher", "model"));
    }
    if (method.equals("service_account_json")) {
      required.add("serviceAccountJson");
    } else if (method.equals("access_token")) {
      required.add("accessToken");
    }
    return required;
  }

  private static ProviderSpec awsBedrock() {
    return new ProviderSpec(AWS_BEDROCK, "AWS Bedrock", Backend.API,
        List.of(new AuthMethod("default_chain", "Default credential chain (IAM role, IRSA, env)"),
            new AuthMethod("static_keys", "Access key and secret"),
            new AuthMethod("profile", "Named profile")),
        "JCA_BEDROCK_AUTH_METHOD",
        List.of(
            FieldSpec.of("region", "Region", "JCA_BEDROCK_REGION", REGION, "e.g. us-east-1"),
            FieldSpec.of("model", "Model ID", "JCA_BEDROCK_MODEL_ID", TEXT,
                "Model or inference profile id, e.g. us.anthropic.claude-sonnet-4-5-20250929-v1:0"),
            aliases("JCA_BEDROCK_MODEL_ALIASES"),
            FieldSpec.of("endpointUrl", "Endpoint URL", "JCA_BEDROCK_ENDPOINT_URL", URL,
                "Optional override, e.g. a VPC endpoint"),
            FieldSpec.of("accessKeyId", "Access key ID", "AWS_ACCESS_KEY_ID", TEXT, "AKIA… or ASIA…")
                .onlyFor("static_keys"),
            FieldSpec.of("secretAccessKey", "Secret access key", "AWS_SECRET_ACCESS_KEY", SECRET, "")
                .onlyFor("static_keys"),
            FieldSpec.of("sessionToken", "Session token", "AWS_SESSION_TOKEN", SECRET,
                "Only for temporary credentials").onlyFor("static_keys"),
            FieldSpec.of("profile", "Profile", "AWS_PROFILE", TEXT, "Profile name in the AWS config files")
                .onlyFor("profile")),
        (method, v) -> switch (method) {
          case "static_keys" -> List.of("region", "model", "accessKeyId", "secretAccessKey");
          case "profile" -> List.of("region", "model", "profile");
          default -> List.of("region", "model");
        });
  }

  /** Which field bounds a Chat Completions reply; auto decides by endpoint and model family. */
  private static FieldSpec tokenLimitField(String envVar) {
    return FieldSpec.of(TOKEN_LIMIT_FIELD, "Reply limit field", envVar, TEXT,
        "auto: max_completion_tokens for OpenAI's reasoning models (o-series, gpt-5) on OpenAI and Azure OpenAI, "
            + "max_tokens otherwise (self-hosted servers, Azure Model Inference)")
        .choices("auto", "max_tokens", "max_completion_tokens");
  }

  public static final String TOKEN_LIMIT_FIELD = "tokenLimitField";

  private static ProviderSpec azureFoundry() {
    return new ProviderSpec(AZURE_FOUNDRY, "Azure AI Foundry / Azure OpenAI", Backend.API,
        List.of(new AuthMethod("api_key", "API key"),
            new AuthMethod("client_secret", "Entra app (client secret)"),
            new AuthMethod("managed_identity", "Managed identity"),
            new AuthMethod("workload_identity", "AKS workload identity"),
            new AuthMethod("bearer_token", "Static bearer token")),
        "JCA_AZURE_FOUNDRY_AUTH_METHOD",
        List.of(
            FieldSpec.of("endpoint", "Endpoint", "JCA_AZURE_FOUNDRY_ENDPOINT", URL,
                "https://<resource>.openai.azure.com, https://<resource>.services.ai.azure.com/models or …/openai/v1"),
            FieldSpec.of("model", "Model or deployment", "JCA_AZURE_FOUNDRY_MODEL", TEXT, "Deployment name or model id"),
            aliases("JCA_AZURE_FOUNDRY_MODEL_ALIASES"),
            FieldSpec.of("apiVersion", "API version", "JCA_AZURE_FOUNDRY_API_VERSION", TEXT,
                "api-version query value; default 2024-10-21 on deployment paths (Azure OpenAI), 2024-05-01-preview on "
                    + "…/models (Model Inference)"),
            tokenLimitField("JCA_AZURE_FOUNDRY_TOKEN_LIMIT_FIELD"),
            FieldSpec.of("apiKey", "API key", "JCA_AZURE_FOUNDRY_API_KEY", SECRET, "Sent in the api-key header")
                .onlyFor("api_key"),
            FieldSpec.of("tenantId", "Tenant ID", "AZURE_TENANT_ID", TEXT, "Entra tenant")
                .onlyFor("client_secret", "workload_identity"),
            FieldSpec.of("clientId", "Client ID", "AZURE_CLIENT_ID", TEXT,
                "App or user-assigned identity client id").onlyFor("client_secret", "managed_identity", "workload_identity"),
            FieldSpec.of("clientSecret", "Client secret", "AZURE_CLIENT_SECRET", SECRET, "")
                .onlyFor("client_secret"),
            FieldSpec.of("federatedTokenFile", "Federated token file", "AZURE_FEDERATED_TOKEN_FILE", PATH,
                "Projected service account token path").onlyFor("workload_identity"),
            FieldSpec.of("bearerToken", "Bearer token", "JCA_AZURE_FOUNDRY_BEARER_TOKEN", SECRET,
                "Entra access token for https://cognitiveservices.azure.com/.default").onlyFor("bearer_token")),
        (method, v) -> {
          List<String> required = new ArrayList<>(List.of("endpoint", "model"));
          required.addAll(switch (method) {
            case "api_key" -> List.of("apiKey");
            case "client_secret" -> List.of("tenantId", "clientId", "clientSecret");
            case "workload_identity" -> List.of("tenantId", "clientId", "federatedTokenFile");
            case "bearer_token" -> List.of("bearerToken");
            default -> List.<String>of();
          });
          return required;
        });
  }
}
