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
    return FieldSpec.of(Fields.MODEL, "Default model", envVar, TEXT, "Model used when a job names none");
  }

  private static FieldSpec aliases(String envVar) {
    return FieldSpec.of(Fields.MODEL_ALIASES, "Model aliases", envVar, MODEL_ALIASES,
        "JSON object, alias to model id, e.g. {\"sonnet\": \"claude-sonnet-4-5\"}");
  }

  private static ProviderSpec codexCli() {
    return new ProviderSpec(CODEX_CLI, "Codex CLI", Backend.CLI,
        List.of(new AuthMethod(AuthMethods.CLI_LOGIN, "Sign in with ChatGPT (device code)"),
            new AuthMethod(AuthMethods.API_KEY, "OpenAI API key")),
        "JCA_WORKER_CODEX_AUTH_METHOD",
        List.of(model("JCA_WORKER_CODEX_MODEL"), aliases("JCA_WORKER_CODEX_MODEL_ALIASES"),
            FieldSpec.of(Fields.API_KEY, "OpenAI API key", "JCA_WORKER_CODEX_API_KEY", SECRET,
                "Piped to 'codex login --with-api-key' on stdin").onlyFor(AuthMethods.API_KEY)),
        (method, v) -> method.equals(AuthMethods.API_KEY) ? List.of(Fields.API_KEY) : List.of());
  }

  private static ProviderSpec claudeCodeCli() {
    return new ProviderSpec(CLAUDE_CODE_CLI, "Claude Code CLI", Backend.CLI,
        List.of(new AuthMethod(AuthMethods.CLI_LOGIN, "Sign in with Claude (browser + pasted code)"),
            new AuthMethod(AuthMethods.OAUTH_TOKEN, "Long-lived OAuth token"),
            new AuthMethod(AuthMethods.API_KEY, "Anthropic API key")),
        "JCA_WORKER_CLAUDE_CODE_AUTH_METHOD",
        List.of(model("JCA_WORKER_CLAUDE_CODE_MODEL"), aliases("JCA_WORKER_CLAUDE_CODE_MODEL_ALIASES"),
            FieldSpec.of(Fields.OAUTH_TOKEN, "OAuth token", "CLAUDE_CODE_OAUTH_TOKEN", SECRET,
                "From 'claude setup-token'; given to runs as CLAUDE_CODE_OAUTH_TOKEN").onlyFor(AuthMethods.OAUTH_TOKEN),
            FieldSpec.of(Fields.API_KEY, "Anthropic API key", "JCA_WORKER_CLAUDE_CODE_API_KEY", SECRET,
                "Given to runs as ANTHROPIC_API_KEY").onlyFor(AuthMethods.API_KEY)),
        (method, v) -> switch (method) {
          case AuthMethods.OAUTH_TOKEN -> List.of(Fields.OAUTH_TOKEN);
          case AuthMethods.API_KEY -> List.of(Fields.API_KEY);
          default -> List.of();
        });
  }

  private static ProviderSpec codexApi() {
    return new ProviderSpec(CODEX_API, "OpenAI API (Responses)", Backend.API,
        List.of(new AuthMethod(AuthMethods.API_KEY, "API key")),
        null,
        List.of(model("JCA_OPENAI_MODEL"), aliases("JCA_OPENAI_MODEL_ALIASES"),
            FieldSpec.of(Fields.API_KEY, "API key", "JCA_OPENAI_API_KEY", SECRET, "OpenAI API key"),
            FieldSpec.of(Fields.BASE_URL, "Base URL", "JCA_OPENAI_BASE_URL", URL, "Root of the Responses API")),
        (method, v) -> List.of(Fields.API_KEY, Fields.MODEL));
  }

  private static ProviderSpec claudeApi() {
    return new ProviderSpec(CLAUDE_API, "Anthropic API (Messages)", Backend.API,
        List.of(new AuthMethod(AuthMethods.API_KEY, "API key")),
        null,
        List.of(model("JCA_ANTHROPIC_MODEL"), aliases("JCA_ANTHROPIC_MODEL_ALIASES"),
            FieldSpec.of(Fields.API_KEY, "API key", "JCA_ANTHROPIC_API_KEY", SECRET, "Anthropic API key"),
            FieldSpec.of(Fields.BASE_URL, "Base URL", "JCA_ANTHROPIC_BASE_URL", URL, "Root of the Messages API")),
        (method, v) -> List.of(Fields.API_KEY, Fields.MODEL));
  }

  private static ProviderSpec openAiCompatible() {
    return new ProviderSpec(OPENAI_COMPATIBLE, "OpenAI-compatible endpoint", Backend.API,
        List.of(new AuthMethod(AuthMethods.NONE, "No authentication"), new AuthMethod(AuthMethods.BEARER, "Bearer API key")),
        "JCA_OPENAI_COMPATIBLE_AUTH_MODE",
        List.of(model("JCA_OPENAI_COMPATIBLE_MODEL"), aliases("JCA_OPENAI_COMPATIBLE_MODEL_ALIASES"),
            FieldSpec.of(Fields.BASE_URL, "Base URL", "JCA_OPENAI_COMPATIBLE_BASE_URL", URL,
                "Root exposing /chat/completions, e.g. http://127.0.0.1:8000/v1"),
            FieldSpec.of(Fields.API_KEY, "API key", "JCA_OPENAI_COMPATIBLE_API_KEY", SECRET, "Sent as a bearer token")
                .onlyFor(AuthMethods.BEARER),
            tokenLimitField("JCA_OPENAI_COMPATIBLE_TOKEN_LIMIT_FIELD")),
        (method, v) -> method.equals(AuthMethods.BEARER) ? List.of(Fields.BASE_URL, Fields.MODEL, Fields.API_KEY) : List.of(Fields.BASE_URL,
            Fields.MODEL));
  }

  private static ProviderSpec vertexAi() {
    return new ProviderSpec(VERTEX_AI, "Google Vertex AI", Backend.API,
        List.of(new AuthMethod(AuthMethods.SERVICE_ACCOUNT_JSON, "Service account key (JSON)"),
            new AuthMethod(AuthMethods.ADC, "Application Default Credentials / Workload Identity"),
            new AuthMethod(AuthMethods.ACCESS_TOKEN, "Static access token")),
        "JCA_VERTEX_AUTH_METHOD",
        List.of(
            FieldSpec.of(Fields.ENDPOINT_MODE, "Endpoint", "JCA_VERTEX_ENDPOINT_MODE", TEXT,
                "structured: project, location, publisher and model; raw-endpoint: a full URL")
                .choices("structured", "raw-endpoint"),
            FieldSpec.of(Fields.PROJECT_ID, "Project ID", "JCA_VERTEX_PROJECT_ID", TEXT, "Google Cloud project").when(Fields.ENDPOINT_MODE,
                STRUCTURED),
            FieldSpec.of(Fields.LOCATION, "Location", "JCA_VERTEX_LOCATION", TEXT, "e.g. global or us-east5").when(Fields.ENDPOINT_MODE,
                STRUCTURED),
            FieldSpec.of(Fields.PUBLISHER, "Publisher", "JCA_VERTEX_PUBLISHER", TEXT,
                "google (Gemini) or anthropic (Claude on Vertex)").choices("google", "anthropic").when(Fields.ENDPOINT_MODE, STRUCTURED),
            model("JCA_VERTEX_MODEL").when(Fields.ENDPOINT_MODE, STRUCTURED), aliases("JCA_VERTEX_MODEL_ALIASES"),
            FieldSpec.of(Fields.ENDPOINT_URL, "Endpoint URL", "JCA_VERTEX_ENDPOINT_URL", URL,
                "Full URL ending in :generateContent, :rawPredict or /chat/completions").when(Fields.ENDPOINT_MODE, "raw-endpoint"),
            FieldSpec.of(Fields.SERVICE_ACCOUNT_JSON, "Service account key JSON", "JCA_VERTEX_SERVICE_ACCOUNT_JSON",
                SERVICE_ACCOUNT_JSON, "Contents of the key file").onlyFor(AuthMethods.SERVICE_ACCOUNT_JSON),
            FieldSpec.of(Fields.ACCESS_TOKEN, "Access token", "JCA_VERTEX_ACCESS_TOKEN", SECRET,
                "OAuth access token (expires; for tests and short runs)").onlyFor(AuthMethods.ACCESS_TOKEN)),
        ProviderCatalog::vertexRequirements);
  }

  private static List<String> vertexRequirements(String method, java.util.function.Function<String, String> v) {
    List<String> required = new ArrayList<>();
    if ("raw-endpoint".equals(v.apply(Fields.ENDPOINT_MODE))) {
      required.add(Fields.ENDPOINT_URL);
    } else {
      required.addAll(List.of(Fields.PROJECT_ID, Fields.LOCATION, Fields.PUBLISHER, Fields.MODEL));
    }
    if (method.equals(AuthMethods.SERVICE_ACCOUNT_JSON)) {
      required.add(Fields.SERVICE_ACCOUNT_JSON);
    } else if (method.equals(AuthMethods.ACCESS_TOKEN)) {
      required.add(Fields.ACCESS_TOKEN);
    }
    return required;
  }

  private static ProviderSpec awsBedrock() {
    return new ProviderSpec(AWS_BEDROCK, "AWS Bedrock", Backend.API,
        List.of(new AuthMethod(AuthMethods.DEFAULT_CHAIN, "Default credential chain (IAM role, IRSA, env)"),
            new AuthMethod(AuthMethods.STATIC_KEYS, "Access key and secret"),
            new AuthMethod(AuthMethods.PROFILE, "Named profile")),
        "JCA_BEDROCK_AUTH_METHOD",
        List.of(
            FieldSpec.of(Fields.REGION, "Region", "JCA_BEDROCK_REGION", REGION, "e.g. us-east-1"),
            FieldSpec.of(Fields.MODEL, "Model ID", "JCA_BEDROCK_MODEL_ID", TEXT,
                "Model or inference profile id, e.g. us.anthropic.claude-sonnet-4-5-20250929-v1:0"),
            aliases("JCA_BEDROCK_MODEL_ALIASES"),
            FieldSpec.of(Fields.ENDPOINT_URL, "Endpoint URL", "JCA_BEDROCK_ENDPOINT_URL", URL,
                "Optional override, e.g. a VPC endpoint"),
            FieldSpec.of(Fields.ACCESS_KEY_ID, "Access key ID", "AWS_ACCESS_KEY_ID", TEXT, "AKIA… or ASIA…")
                .onlyFor(AuthMethods.STATIC_KEYS),
            FieldSpec.of(Fields.SECRET_ACCESS_KEY, "Secret access key", "AWS_SECRET_ACCESS_KEY", SECRET, "")
                .onlyFor(AuthMethods.STATIC_KEYS),
            FieldSpec.of(Fields.SESSION_TOKEN, "Session token", "AWS_SESSION_TOKEN", SECRET,
                "Only for temporary credentials").onlyFor(AuthMethods.STATIC_KEYS),
            FieldSpec.of(Fields.PROFILE, "Profile", "AWS_PROFILE", TEXT, "Profile name in the AWS config files")
                .onlyFor(AuthMethods.PROFILE)),
        (method, v) -> switch (method) {
          case AuthMethods.STATIC_KEYS -> List.of(Fields.REGION, Fields.MODEL, Fields.ACCESS_KEY_ID, Fields.SECRET_ACCESS_KEY);
          case AuthMethods.PROFILE -> List.of(Fields.REGION, Fields.MODEL, Fields.PROFILE);
          default -> List.of(Fields.REGION, Fields.MODEL);
        });
  }

  /** Which field bounds a Chat Completions reply; auto decides by endpoint and model family. */
  private static FieldSpec tokenLimitField(String envVar) {
    return FieldSpec.of(Fields.TOKEN_LIMIT_FIELD, "Reply limit field", envVar, TEXT,
        "auto: max_completion_tokens for OpenAI's reasoning models (o-series, gpt-5) on OpenAI and Azure OpenAI, "
            + "max_tokens otherwise (self-hosted servers, Azure Model Inference)")
        .choices("auto", "max_tokens", "max_completion_tokens");
  }

  private static ProviderSpec azureFoundry() {
    return new ProviderSpec(AZURE_FOUNDRY, "Azure AI Foundry / Azure OpenAI", Backend.API,
        List.of(new AuthMethod(AuthMethods.API_KEY, "API key"),
            new AuthMethod(AuthMethods.CLIENT_SECRET, "Entra app (client secret)"),
            new AuthMethod(AuthMethods.MANAGED_IDENTITY, "Managed identity"),
            new AuthMethod(AuthMethods.WORKLOAD_IDENTITY, "AKS workload identity"),
            new AuthMethod(AuthMethods.BEARER_TOKEN, "Static bearer token")),
        "JCA_AZURE_FOUNDRY_AUTH_METHOD",
        List.of(
            FieldSpec.of(Fields.ENDPOINT, "Endpoint", "JCA_AZURE_FOUNDRY_ENDPOINT", URL,
                "https://<resource>.openai.azure.com, https://<resource>.services.ai.azure.com/models or …/openai/v1"),
            FieldSpec.of(Fields.MODEL, "Model or deployment", "JCA_AZURE_FOUNDRY_MODEL", TEXT, "Deployment name or model id"),
            aliases("JCA_AZURE_FOUNDRY_MODEL_ALIASES"),
            FieldSpec.of(Fields.API_VERSION, "API version", "JCA_AZURE_FOUNDRY_API_VERSION", TEXT,
                "api-version query value; default 2024-10-21 on deployment paths (Azure OpenAI), 2024-05-01-preview on "
                    + "…/models (Model Inference)"),
            tokenLimitField("JCA_AZURE_FOUNDRY_TOKEN_LIMIT_FIELD"),
            FieldSpec.of(Fields.API_KEY, "API key", "JCA_AZURE_FOUNDRY_API_KEY", SECRET, "Sent in the api-key header")
                .onlyFor(AuthMethods.API_KEY),
            FieldSpec.of(Fields.TENANT_ID, "Tenant ID", "AZURE_TENANT_ID", TEXT, "Entra tenant")
                .onlyFor(AuthMethods.CLIENT_SECRET, AuthMethods.WORKLOAD_IDENTITY),
            FieldSpec.of(Fields.CLIENT_ID, "Client ID", "AZURE_CLIENT_ID", TEXT,
                "App or user-assigned identity client id").onlyFor(AuthMethods.CLIENT_SECRET, AuthMethods.MANAGED_IDENTITY,
                    AuthMethods.WORKLOAD_IDENTITY),
            FieldSpec.of(Fields.CLIENT_SECRET, "Client secret", "AZURE_CLIENT_SECRET", SECRET, "")
                .onlyFor(AuthMethods.CLIENT_SECRET),
            FieldSpec.of(Fields.FEDERATED_TOKEN_FILE, "Federated token file", "AZURE_FEDERATED_TOKEN_FILE", PATH,
                "Projected service account token path").onlyFor(AuthMethods.WORKLOAD_IDENTITY),
            FieldSpec.of(Fields.BEARER_TOKEN, "Bearer token", "JCA_AZURE_FOUNDRY_BEARER_TOKEN", SECRET,
                "Entra access token for https://cognitiveservices.azure.com/.default").onlyFor(AuthMethods.BEARER_TOKEN)),
        (method, v) -> {
          List<String> required = new ArrayList<>(List.of(Fields.ENDPOINT, Fields.MODEL));
          required.addAll(switch (method) {
            case AuthMethods.API_KEY -> List.of(Fields.API_KEY);
            case AuthMethods.CLIENT_SECRET -> List.of(Fields.TENANT_ID, Fields.CLIENT_ID, Fields.CLIENT_SECRET);
            case AuthMethods.WORKLOAD_IDENTITY -> List.of(Fields.TENANT_ID, Fields.CLIENT_ID, Fields.FEDERATED_TOKEN_FILE);
            case AuthMethods.BEARER_TOKEN -> List.of(Fields.BEARER_TOKEN);
            default -> List.<String>of();
          });
          return required;
        });
  }
}
