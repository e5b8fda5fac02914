package dev.mergeloom.worker.provider.clients;

import dev.mergeloom.worker.config.ResolvedProvider;
import dev.mergeloom.worker.config.providers.ProviderCatalog;
import dev.mergeloom.worker.credentials.AzureTokens;
import dev.mergeloom.worker.credentials.GoogleTokens;
import dev.mergeloom.worker.credentials.RequestAuth;
import dev.mergeloom.worker.provider.ConfigFingerprint;
import dev.mergeloom.worker.provider.HttpTransport;
import dev.mergeloom.worker.provider.OutboundSettings;
import dev.mergeloom.worker.provider.ProviderClient;
import dev.mergeloom.worker.provider.wire.AnthropicCodec;
import dev.mergeloom.worker.provider.wire.GeminiCodec;
import dev.mergeloom.worker.provider.wire.OpenAiChatCodec;
import dev.mergeloom.worker.provider.wire.ResponsesCodec;
import dev.mergeloom.worker.provider.wire.WireCodec;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the client of an API provider from its effective settings, and keeps it (with its token
 * cache) for as long as those settings stay the same.
 */
public final class ProviderClients {
  static final String ANTHROPIC_VERSION = "2023-06-01";

  private final Vertx vertx;
  private final HttpTransport transport;
  private final BedrockClients bedrock;
  private final AzureTokens.Authority azureAuthority;
  private final Map<String, ProviderClient> byFingerprint = new ConcurrentHashMap<>();

  public ProviderClients(Vertx vertx, HttpTransport transport, BedrockClients bedrock, AzureTokens.Authority azureAuthority) {
    this.vertx = vertx;
    this.transport = transport;
    this.bedrock = bedrock;
    this.azureAuthority = azureAuthority;
  }

  /** The client for this configuration; the policy decides timeouts and retries of its calls. */
  public ProviderClient client(ResolvedProvider p, OutboundSettings policy) {
    String key = ConfigFingerprint.of(p) + "/" + policy.hashCode();
    return byFingerprint.computeIfAbsent(key, k -> create(p, policy));
  }

  private ProviderClient create(ResolvedProvider p, OutboundSettings policy) {
    MultiMap none = MultiMap.caseInsensitiveMultiMap();
    return switch (p.spec().id()) {
      case ProviderCatalog.CODEX_API -> new HttpChatClient(transport, trim(p.value("baseUrl")) + "/responses",
          new ResponsesCodec(), RequestAuth.bearer(p.value("apiKey")), none, policy, trim(p.value("baseUrl")) + "/models");
      case ProviderCatalog.CLAUDE_API -> new HttpChatClient(transport, trim(p.value("baseUrl")) + "/v1/messages",
          new AnthropicCodec(false), RequestAuth.header("x-api-key", p.value("apiKey")),
          MultiMap.caseInsensitiveMultiMap().add("anthropic-version", ANTHROPIC_VERSION), policy,
          trim(p.value("baseUrl")) + "/v1/models?limit=1000");
      case ProviderCatalog.OPENAI_COMPATIBLE -> new HttpChatClient(transport, trim(p.value("baseUrl")) + "/chat/completions",
          tokenCodec(p, true, p.value("baseUrl").contains("api.openai.com")), "bearer".equals(p.authMethod().value()) ? RequestAuth.bearer(p.value("apiKey"))
              : RequestAuth.none(), none, policy, trim(p.value("baseUrl")) + "/models");
      case ProviderCatalog.AZURE_FOUNDRY -> azure(p, policy);
      case ProviderCatalog.VERTEX_AI -> vertex(p, policy);
      case ProviderCatalog.AWS_BEDROCK -> bedrock.client(p, policy);
      default -> throw new IllegalArgumentException(p.spec().id() + " is a CLI provider; it has no API client");
    };
  }

  private ProviderClient azure(ResolvedProvider p, OutboundSettings policy) {
    AzureEndpoint endpoint = AzureEndpoint.of(p.value("endpoint"), p.value("model"), p.value("apiVersion"));
    RequestAuth auth = switch (p.authMethod().value()) {
      case "api_key" -> RequestAuth.header("api-key", p.value("apiKey"));
      case "bearer_token" -> RequestAuth.bearer(p.value("bearerToken"));
      case "client_secret" -> AzureTokens.clientSecret(vertx, p.value("tenantId"), p.value("clientId"),
          p.value("clientSecret"), azureAuthority);
      case "workload_identity" -> AzureTokens.workloadIdentity(vertx, p.value("tenantId"), p.value("clientId"),
          p.value("federatedTokenFile"), azureAuthority);
      default -> AzureTokens.managedIdentity(vertx, p.value("clientId"), azureAuthority);
    };
    return new HttpChatClient(transport, endpoint.url(), tokenCodec(p, endpoint.modelInBody(),
        !endpoint.modelInference()), auth, MultiMap.caseInsensitiveMultiMap(), policy);
  }

  /**
   * A Chat Completions codec with its reply-limit field: the operator's choice, else decided per
   * request's model ({@code max_completion_tokens} for OpenAI's reasoning families where OpenAI's
   * own service answers, which refuse {@code max_tokens}; {@code max_tokens} everywhere else).
   */
  static OpenAiChatCodec tokenCodec(ResolvedProvider p, boolean modelInBody, boolean openAiService) {
    OpenAiChatCodec.TokenField chosen = switch (String.valueOf(p.value(ProviderCatalog.TOKEN_LIMIT_FIELD))) {
      case "max_tokens" -> OpenAiChatCodec.TokenField.MAX_TOKENS;
      case "max_completion_tokens" -> OpenAiChatCodec.TokenField.MAX_COMPLETION_TOKENS;
      default -> null;
    };
    return new OpenAiChatCodec(modelInBody, chosen, openAiService);
  }

  private ProviderClient vertex(ResolvedProvider p, OutboundSettings policy) {
    VertexEndpoint endpoint = VertexEndpoint.of(p);
    RequestAuth auth = switch (p.authMethod().value()) {
      case "access_token" -> RequestAuth.bearer(p.value("accessToken"));
      case "service_account_json" -> GoogleTokens.serviceAccount(vertx, p.value("serviceAccountJson"));
      default -> GoogleTokens.applicationDefault(vertx);
    };
    WireCodec codec = switch (endpoint.format()) {
      case GEMINI -> new GeminiCodec();
      case ANTHROPIC -> new AnthropicCodec(true);
      case OPENAI_CHAT -> new OpenAiChatCodec(true);
    };
    return new HttpChatClient(transport, endpoint.url(), codec, auth, MultiMap.caseInsensitiveMultiMap(), policy);
  }

  static String trim(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** Blocking: the Bedrock SDK waits for its event loops. Call from a worker thread. */
  public void close() {
    transport.close();
    bedrock.close();
  }
}
