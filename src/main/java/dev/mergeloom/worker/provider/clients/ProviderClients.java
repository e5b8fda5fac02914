package dev.mergeloom.worker.provider.clients;

import dev.mergeloom.worker.config.providers.AuthMethods;
import dev.mergeloom.worker.config.providers.Fields;
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
import java.util.HashMap;
import java.util.Map;

/**
 * Builds the client of an API provider from its effective settings, and keeps it (with its token
 * cache) while it is used. A user takes a {@link Lease} and gives it back when done (a self-test's
 * answer, a job's end); a client nobody has held for the idle time is closed by {@link #sweep},
 * which is how the clients of replaced settings go (they lived as long as the worker once). Keyed
 * by the settings' fingerprint, not the provider: an executor's job (with the secrets its claim
 * brought) and a self-test of the same provider may hold different clients at once.
 *
 * <p>Not thread-safe, and needs no lock: its one owner, {@link ProviderVerticle}, uses it on its
 * own context only; everyone else reaches it through {@link Providers}.
 */
public final class ProviderClients {
  static final String ANTHROPIC_VERSION = "2023-06-01";

  private final Vertx vertx;
  private final HttpTransport transport;
  private final BedrockClients bedrock;
  private final AzureTokens.Authority azureAuthority;
  private final Map<String, Entry> byFingerprint = new HashMap<>();
  private final java.time.Clock clock;

  private static final class Entry {
    final ProviderClient client;
    int leases;
    java.time.Instant idleSince;

    Entry(ProviderClient client) {
      this.client = client;
    }
  }

  /** A client in use; {@link #close} gives it back (once; a second close does nothing). */
  public static final class Lease implements AutoCloseable {
    private final ProviderClient client;
    private final Runnable release;
    private boolean released;

    private Lease(ProviderClient client, Runnable release) {
      this.client = client;
      this.release = release;
    }

    public ProviderClient client() {
      return client;
    }

    @Override
    public void close() {
      if (!released) {
        released = true;
        release.run();
      }
    }
  }

  public ProviderClients(Vertx vertx, HttpTransport transport, BedrockClients bedrock, AzureTokens.Authority azureAuthority) {
    this(vertx, transport, bedrock, azureAuthority, java.time.Clock.systemUTC());
  }

  ProviderClients(Vertx vertx, HttpTransport transport, BedrockClients bedrock, AzureTokens.Authority azureAuthority,
      java.time.Clock clock) {
    this.clock = clock;
    this.vertx = vertx;
    this.transport = transport;
    this.bedrock = bedrock;
    this.azureAuthority = azureAuthority;
  }

  /**
   * The client for this configuration, held until the lease is closed; the policy decides timeouts
   * and retries of its calls. Fails (as building it does) for settings no client can be made of.
   */
  public Lease lease(ResolvedProvider p, OutboundSettings policy) {
    String key = ConfigFingerprint.of(p) + "/" + policy.hashCode();
    Entry entry = byFingerprint.get(key);
    if (entry == null) {
      entry = new Entry(create(p, policy)); // throws for settings no client can be made of: nothing kept
      byFingerprint.put(key, entry);
    }
    entry.leases++;
    Entry held = entry;
    return new Lease(entry.client, () -> {
      held.leases--;
      held.idleSince = clock.instant();
    });
  }

  /** How many clients are kept now (held or idle). */
  public int kept() {
    return byFingerprint.size();
  }

  /**
   * Closes the clients no one has held for {@code idle} (on a worker thread: an SDK client's close
   * blocks) and answers how many.
   */
  public io.vertx.core.Future<Integer> sweep(java.time.Duration idle) {
    java.time.Instant before = clock.instant().minus(idle);
    java.util.List<ProviderClient> closing = new java.util.ArrayList<>();
    var entries = byFingerprint.values().iterator();
    while (entries.hasNext()) {
      Entry e = entries.next();
      if (e.leases == 0 && e.idleSince != null && !e.idleSince.isAfter(before)) {
        closing.add(e.client);
        entries.remove();
      }
    }
    return closing.isEmpty() ? io.vertx.core.Future.succeededFuture(0) : vertx.executeBlocking(() -> {
      closing.forEach(ProviderClient::close);
      return closing.size();
    }, false);
  }

  /** The client of each API provider path, built from that path's own fields. */
  private ProviderClient create(ResolvedProvider p, OutboundSettings policy) {
    return switch (p.spec().id()) {
      case ProviderCatalog.CODEX_API -> responses(p, policy);
      case ProviderCatalog.CLAUDE_API -> messages(p, policy);
      case ProviderCatalog.OPENAI_COMPATIBLE -> openAiCompatible(p, policy);
      case ProviderCatalog.AZURE_FOUNDRY -> azure(p, policy);
      case ProviderCatalog.VERTEX_AI -> vertex(p, policy);
      case ProviderCatalog.AWS_BEDROCK -> bedrock.client(p, policy);
      default -> throw new IllegalArgumentException(p.spec().id() + " is a CLI provider; it has no API client");
    };
  }

  /** OpenAI's Responses API. */
  private ProviderClient responses(ResolvedProvider p, OutboundSettings policy) {
    String base = trim(p.value(Fields.BASE_URL));
    return new HttpChatClient(transport, base + "/responses", new ResponsesCodec(), RequestAuth.bearer(p.value(Fields.API_KEY)),
        MultiMap.caseInsensitiveMultiMap(), policy, base + "/models");
  }

  /** Anthropic's Messages API. */
  private ProviderClient messages(ResolvedProvider p, OutboundSettings policy) {
    String base = trim(p.value(Fields.BASE_URL));
    return new HttpChatClient(transport, base + "/v1/messages", new AnthropicCodec(false),
        RequestAuth.header("x-api-key", p.value(Fields.API_KEY)),
        MultiMap.caseInsensitiveMultiMap().add("anthropic-version", ANTHROPIC_VERSION), policy, base + "/v1/models?limit=1000");
  }

  /** Any Chat Completions endpoint, with or without a bearer key. */
  private ProviderClient openAiCompatible(ResolvedProvider p, OutboundSettings policy) {
    String base = trim(p.value(Fields.BASE_URL));
    RequestAuth auth = AuthMethods.BEARER.equals(p.authMethod().value()) ? RequestAuth.bearer(p.value(Fields.API_KEY))
        : RequestAuth.none();
    return new HttpChatClient(transport, base + "/chat/completions", tokenCodec(p, true, base.contains("api.openai.com")), auth,
        MultiMap.caseInsensitiveMultiMap(), policy, base + "/models");
  }

  private ProviderClient azure(ResolvedProvider p, OutboundSettings policy) {
    AzureEndpoint endpoint = AzureEndpoint.of(p.value(Fields.ENDPOINT), p.value(Fields.MODEL), p.value(Fields.API_VERSION));
    RequestAuth auth = switch (p.authMethod().value()) {
      case AuthMethods.API_KEY -> RequestAuth.header("api-key", p.value(Fields.API_KEY));
      case AuthMethods.BEARER_TOKEN -> RequestAuth.bearer(p.value(Fields.BEARER_TOKEN));
      case AuthMethods.CLIENT_SECRET -> AzureTokens.clientSecret(vertx, p.value(Fields.TENANT_ID), p.value(Fields.CLIENT_ID),
          p.value(Fields.CLIENT_SECRET), azureAuthority);
      case AuthMethods.WORKLOAD_IDENTITY -> AzureTokens.workloadIdentity(vertx, p.value(Fields.TENANT_ID), p.value(Fields.CLIENT_ID),
          p.value(Fields.FEDERATED_TOKEN_FILE), azureAuthority);
      default -> AzureTokens.managedIdentity(vertx, p.value(Fields.CLIENT_ID), azureAuthority);
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
    OpenAiChatCodec.TokenField chosen = switch (String.valueOf(p.value(Fields.TOKEN_LIMIT_FIELD))) {
      case "max_tokens" -> OpenAiChatCodec.TokenField.MAX_TOKENS;
      case "max_completion_tokens" -> OpenAiChatCodec.TokenField.MAX_COMPLETION_TOKENS;
      default -> null;
    };
    return new OpenAiChatCodec(modelInBody, chosen, openAiService);
  }

  private ProviderClient vertex(ResolvedProvider p, OutboundSettings policy) {
    VertexEndpoint endpoint = VertexEndpoint.of(p);
    RequestAuth auth = switch (p.authMethod().value()) {
      case AuthMethods.ACCESS_TOKEN -> RequestAuth.bearer(p.value(Fields.ACCESS_TOKEN));
      case AuthMethods.SERVICE_ACCOUNT_JSON -> GoogleTokens.serviceAccount(vertx, p.value(Fields.SERVICE_ACCOUNT_JSON));
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
