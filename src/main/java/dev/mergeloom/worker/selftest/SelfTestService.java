package dev.mergeloom.worker.selftest;

import dev.mergeloom.worker.cli.CliSelfTest;
import dev.mergeloom.worker.config.ProviderSettingsService;
import dev.mergeloom.worker.config.Redactor;
import dev.mergeloom.worker.config.ResolvedProvider;
import dev.mergeloom.worker.config.providers.ProviderSpec;
import dev.mergeloom.worker.provider.ConfigFingerprint;
import dev.mergeloom.worker.provider.OutboundSettings;
import dev.mergeloom.worker.provider.clients.Providers;
import dev.mergeloom.worker.store.SelfTestStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs self-tests, keeps the last result of each provider with the fingerprint of the
 * configuration it tested, and answers whether a provider is ready for jobs: a result counts
 * only while the configuration is unchanged.
 */
public final class SelfTestService {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SelfTestService.class);
  private final ProviderSettingsService providers;
  private final Providers clients;
  private final OutboundSettings policy;
  private final SelfTestStore store;
  private final CliSelfTest cli;
  private final List<dev.mergeloom.worker.provider.ToolSpec> jobTools;
  private final Map<String, SelfTestStore.Stored> results = new ConcurrentHashMap<>();

  private SelfTestService(ProviderSettingsService providers, Providers clients, OutboundSettings policy,
      SelfTestStore store, CliSelfTest cli, List<dev.mergeloom.worker.provider.ToolSpec> jobTools) {
    this.jobTools = List.copyOf(jobTools);
    this.providers = providers;
    this.clients = clients;
    this.policy = policy;
    this.store = store;
    this.cli = cli;
  }

  /** @param jobTools the tools a job declares, which the self-test declares too */
  public static Future<SelfTestService> load(ProviderSettingsService providers, Providers clients,
      OutboundSettings policy, SelfTestStore store, CliSelfTest cli, List<dev.mergeloom.worker.provider.ToolSpec> jobTools) {
    SelfTestService service = new SelfTestService(providers, clients, policy, store, cli, jobTools);
    return store.loadAll().map(all -> {
      service.results.putAll(all);
      return service;
    });
  }

  /** Runs the self-test of a provider with its stored configuration, and records the result. */
  public Future<JsonObject> run(ProviderSpec spec) {
    ResolvedProvider p = providers.get(spec.id()).orElseThrow();
    String fingerprint = ConfigFingerprint.of(p);
    Future<JsonObject> run = spec.backend() == ProviderSpec.Backend.CLI ? cli.run(p)
        : new SelfTestRun(p, jobTools).run(request -> clients.once(p, policy, request));
    return run.map(result -> {
      JsonObject safe = new JsonObject(Redactor.redact(result.encode()));
      SelfTestStore.Stored stored = new SelfTestStore.Stored(fingerprint, safe);
      results.put(spec.id(), stored);
      // Answer at once; the store thread persists results in order. Waiting for each fsync would
      // queue a burst of concurrent self-tests behind the disk.
      store.save(spec.id(), stored).onFailure(e -> LOG.warn("self-test result of {} not persisted: {}", spec.id(),
          e.getMessage()));
      return safe;
    });
  }

  /**
   * The models the provider's endpoint lists, through the self-test's own client (same proxy, CA,
   * auth and timeouts), for the model field of its page. CLI providers and endpoints without a list
   * fail with a message that says so.
   */
  public Future<java.util.List<String>> models(ProviderSpec spec) {
    ResolvedProvider p = providers.get(spec.id()).orElseThrow();
    if (spec.backend() == ProviderSpec.Backend.CLI) {
      return Future.failedFuture(new dev.mergeloom.worker.provider.ProviderException(
          dev.mergeloom.worker.provider.ProviderException.Kind.NOT_FOUND, "a CLI chooses from its own models"));
    }
    if (!p.configured()) {
      return Future.failedFuture(new dev.mergeloom.worker.provider.ProviderException(
          dev.mergeloom.worker.provider.ProviderException.Kind.CREDENTIALS, "save the provider's settings first"));
    }
    return leased(p, open -> open.get().compose(dev.mergeloom.worker.provider.ProviderClient::models));
  }

  /**
   * Runs {@code use} with the provider's client, opened when {@code use} asks for it (a failure to
   * build it is the caller's to report) and given back when {@code use} has answered.
   */
  private <T> Future<T> leased(ResolvedProvider p,
      java.util.function.Function<java.util.function.Supplier<Future<? extends dev.mergeloom.worker.provider.ProviderClient>>, Future<T>> use) {
    // Only this request's callbacks touch the holder, one after another on the caller's context.
    var held = new Object() {
      Future<Providers.Session> opened;
    };
    Future<T> used;
    try {
      used = use.apply(() -> held.opened = clients.open(p, policy));
    } catch (RuntimeException e) {
      used = Future.failedFuture(e);
    }
    return used.andThen(ar -> {
      if (held.opened != null) {
        held.opened.onSuccess(Providers.Session::close);
      }
    });
  }

  /**
   * The request a self-test sends for this model: the job's tools and the probe among them,
   * forced. Public for the tests that hold it against the providers' published schemas.
   */
  public static dev.mergeloom.worker.provider.ChatRequest probe(String model,
      List<dev.mergeloom.worker.provider.ToolSpec> jobTools) {
    return SelfTestRun.request(model, SelfTestRun.declared(jobTools));
  }

  /** The last result for the provider's current configuration, or empty. */
  public Optional<JsonObject> current(ResolvedProvider p) {
    SelfTestStore.Stored stored = results.get(p.spec().id());
    return stored != null && stored.fingerprint().equals(ConfigFingerprint.of(p))
        ? Optional.of(stored.result()) : Optional.empty();
  }

  /**
   * The job gate (contract §2.4): why a job must not use this provider now, or empty when it may.
   *
   * @param required the runtime setting {@code requireSelfTest} ({@code JCA_WORKER_REQUIRE_SELF_TEST})
   */
  public Optional<String> refusal(ResolvedProvider p, boolean required) {
    String id = p.spec().id();
    if (!p.configured()) {
      return Optional.of("Provider " + id + " is not configured (missing: " + String.join(", ", p.missing())
          + "); set it up on /providers/" + id + ".");
    }
    if (!required || passed(p)) {
      return Optional.empty();
    }
    boolean stale = results.containsKey(id) && current(p).isEmpty();
    return Optional.of("Provider " + id + " has no passed self-test for its current settings"
        + (stale ? " (they changed since the last one)" : "") + ": run it on /providers/" + id
        + " or POST /api/v1/providers/" + id + "/self-test, or set JCA_WORKER_REQUIRE_SELF_TEST=false to skip the check.");
  }

  /** True when the current configuration has a passed self-test. */
  public boolean passed(ResolvedProvider p) {
    return current(p).map(r -> "passed".equals(r.getString("status"))).orElse(false);
  }
}
