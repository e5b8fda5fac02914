package dev.mergeloom.worker.config;

import dev.mergeloom.worker.bus.Addresses;
import dev.mergeloom.worker.bus.Bus;
import dev.mergeloom.worker.config.providers.ProviderSpec;
import dev.mergeloom.worker.store.ProviderConfigStore;
import dev.mergeloom.worker.store.RuntimeConfigStore;
import dev.mergeloom.worker.store.StoredProvider;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The owner of the provider and runtime settings: the UI store's writes, the deployment's values
 * (through {@link Settings}) and, on executors, the gateway's feed. Writes arrive on the
 * {@code SETTINGS_*} addresses and are applied one after another on this verticle's context:
 * validated whole against the current revision, committed to the store, and only then made the
 * new revision, which the request answers and {@link Addresses#SETTINGS_CHANGED} publishes. A
 * refused or failed write changes nothing anywhere. Readers never ask this verticle: they read
 * the last published revision ({@link SettingsView}), an immutable value.
 */
public final class SettingsVerticle extends VerticleBase {
  private final ProviderConfigStore providerStore;
  private final RuntimeConfigStore runtimeStore;
  private Settings current;
  /** The write in progress: the next waits for it, so two PUTs never merge against the same revision. */
  private Future<?> writes = Future.succeededFuture();

  /** A provider's PUT body, for {@link Addresses#SETTINGS_PROVIDER_PUT}. */
  public record ProviderPut(ProviderSpec spec, JsonObject body) {}

  /** The gateway's settings for an executor; a part that is null is not followed and stays as it is. */
  public record FromGateway(Map<String, StoredProvider> providers, Map<String, String> runtime) {}

  private SettingsVerticle(ProviderConfigStore providerStore, RuntimeConfigStore runtimeStore, Settings first) {
    this.providerStore = providerStore;
    this.runtimeStore = runtimeStore;
    this.current = first;
  }

  /** Loads both stores, deploys the owner and answers the view that readers hold. */
  public static Future<SettingsView> deploy(Vertx vertx, DeploymentConfig deployment, ConfigMode providerMode,
      ConfigMode runtimeMode, ProviderConfigStore providerStore, RuntimeConfigStore runtimeStore) {
    return providerStore.loadAll().compose(providers -> runtimeStore.load().compose(runtime -> {
      providers.values().forEach(SettingsVerticle::registerSecrets);
      Settings first = Settings.first(deployment, providerMode, runtimeMode, providers, runtime);
      return vertx.deployVerticle(new SettingsVerticle(providerStore, runtimeStore, first))
          .map(id -> new SettingsView(vertx, first));
    }));
  }

  @Override
  public Future<?> start() {
    return Future.all(List.of(
        Bus.<ProviderPut>serve(vertx, Addresses.SETTINGS_PROVIDER_PUT, put -> write(() -> putProvider(put))),
        Bus.<ProviderSpec>serve(vertx, Addresses.SETTINGS_PROVIDER_DELETE, spec -> write(() -> deleteProvider(spec))),
        Bus.<JsonObject>serve(vertx, Addresses.SETTINGS_RUNTIME_PUT, body -> write(() -> putRuntime(body))),
        Bus.<FromGateway>serve(vertx, Addresses.SETTINGS_FROM_GATEWAY, given -> write(() -> fromGateway(given)))));
  }

  private Future<Settings> putProvider(ProviderPut put) {
    ProviderSettingsRules.refuseWrites(current.providerMode());
    StoredProvider next = ProviderSettingsRules.merge(put.spec(), current, put.body());
    return providerStore.save(put.spec().id(), next.authMethod(), next.values(), next.secretKeys()).map(saved -> {
      registerSecrets(saved);
      Map<String, StoredProvider> providers = new HashMap<>(current.providers());
      providers.put(saved.providerId(), saved);
      return current.withProviders(providers);
    });
  }

  /** Forgets the UI-stored settings; deployment values and defaults remain. */
  private Future<Settings> deleteProvider(ProviderSpec spec) {
    ProviderSettingsRules.refuseWrites(current.providerMode());
    return providerStore.delete(spec.id()).map(existed -> {
      Map<String, StoredProvider> providers = new HashMap<>(current.providers());
      providers.remove(spec.id());
      return current.withProviders(providers);
    });
  }

  private Future<Settings> putRuntime(JsonObject body) {
    Map<String, String> next = RuntimeSettingsRules.merge(current, body);
    return runtimeStore.replace(next).map(current::withRuntime);
  }

  /**
   * Executors: the gateway's settings replace the cached ones, in the local store first (so a
   * restart while the gateway is down still has them), then in memory.
   */
  private Future<Settings> fromGateway(FromGateway given) {
    Future<Map<String, StoredProvider>> providers = given.providers() == null
        ? Future.succeededFuture(current.providers()) : replaceProviders(given.providers());
    return providers.compose(stored -> given.runtime() == null ? Future.succeededFuture(current.withProviders(stored))
        : runtimeStore.replace(new LinkedHashMap<>(given.runtime())).map(runtime -> current.with(stored, runtime)));
  }

  private Future<Map<String, StoredProvider>> replaceProviders(Map<String, StoredProvider> fromGateway) {
    List<Future<?>> done = new ArrayList<>();
    current.providers().keySet().stream().filter(id -> !fromGateway.containsKey(id))
        .forEach(id -> done.add(providerStore.delete(id)));
    fromGateway.values().forEach(p -> done.add(providerStore.save(p.providerId(), p.authMethod(), p.values(),
        p.secretKeys())));
    return Future.all(done).map(ok -> {
      fromGateway.values().forEach(SettingsVerticle::registerSecrets);
      return Map.copyOf(fromGateway);
    });
  }

  /** Runs {@code write} after the one in progress; its revision becomes current and is published. */
  private Future<Settings> write(Supplier<Future<Settings>> write) {
    Future<Settings> result = writes.transform(ignored -> {
      try {
        return write.get();
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    }).onSuccess(next -> {
      current = next;
      Bus.publish(vertx, Addresses.SETTINGS_CHANGED, next);
    });
    writes = result;
    return result;
  }

  private static void registerSecrets(StoredProvider p) {
    p.secretKeys().forEach(k -> Redactor.register(p.values().get(k)));
  }
}
