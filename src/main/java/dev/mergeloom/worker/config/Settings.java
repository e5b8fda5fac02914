package dev.mergeloom.worker.config;

import dev.mergeloom.worker.config.providers.ProviderCatalog;
import dev.mergeloom.worker.config.providers.ProviderSpec;
import dev.mergeloom.worker.store.StoredProvider;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One revision of the provider and runtime settings, as {@link SettingsVerticle} holds it and
 * publishes it after every change. It never changes, so any thread may read it without a lock;
 * a newer revision is a new value.
 *
 * @param revision counts the changes since start; a reader keeps the highest it has seen
 * @param providers the UI-stored (or gateway-given) provider settings by id, values in clear
 * @param runtime the UI-stored (or gateway-given) runtime settings by key
 * @param values the effective runtime settings, typed, parsed once for this revision
 */
public record Settings(long revision, DeploymentConfig deployment, ConfigMode providerMode, ConfigMode runtimeMode,
    Map<String, StoredProvider> providers, Map<String, String> runtime, RuntimeValues values) {

  public Settings {
    providers = Map.copyOf(providers);
    runtime = Map.copyOf(runtime);
  }

  static Settings first(DeploymentConfig deployment, ConfigMode providerMode, ConfigMode runtimeMode,
      Map<String, StoredProvider> providers, Map<String, String> runtime) {
    return new Settings(0, deployment, providerMode, runtimeMode, providers, runtime,
        RuntimeValues.of(runtimeEffective(deployment, runtimeMode, runtime)));
  }

  /** The next revision with {@code next} as the stored provider settings. */
  Settings withProviders(Map<String, StoredProvider> next) {
    return new Settings(revision + 1, deployment, providerMode, runtimeMode, next, runtime, values);
  }

  /** The next revision with {@code next} as the stored runtime settings, parsed again. */
  Settings withRuntime(Map<String, String> next) {
    return with(providers, next);
  }

  /** The next revision with both parts replaced: one change, so readers never see half of it. */
  Settings with(Map<String, StoredProvider> nextProviders, Map<String, String> nextRuntime) {
    return new Settings(revision + 1, deployment, providerMode, runtimeMode, nextProviders, nextRuntime,
        RuntimeValues.of(runtimeEffective(deployment, runtimeMode, nextRuntime)));
  }

  public List<ResolvedProvider> providerList() {
    return ProviderCatalog.all().stream().map(this::resolve).toList();
  }

  public Optional<ResolvedProvider> provider(String id) {
    return ProviderCatalog.find(id).map(this::resolve);
  }

  /**
   * Executors: a provider as the gateway's settings give it, with the secrets the claim of a job
   * brought for it (the config feed carries none). Nothing is stored: the secrets live as long as
   * the job that holds them.
   */
  public Optional<ResolvedProvider> provider(String id, Map<String, String> claimedSecrets) {
    if (claimedSecrets.isEmpty()) {
      return provider(id);
    }
    return ProviderCatalog.find(id).map(spec -> {
      StoredProvider cached = providers.get(id);
      Map<String, String> values = new HashMap<>(cached == null ? Map.of() : cached.values());
      values.putAll(claimedSecrets);
      Set<String> secretKeys = new HashSet<>(cached == null ? Set.of() : cached.secretKeys());
      secretKeys.addAll(claimedSecrets.keySet());
      return ProviderResolver.resolve(spec, deployment, new StoredProvider(id, cached == null ? null
          : cached.authMethod(), values, secretKeys, cached == null ? null : cached.updatedAt()), providerMode);
    });
  }

  ResolvedProvider resolve(ProviderSpec spec) {
    return ProviderResolver.resolve(spec, deployment, providers.get(spec.id()), providerMode);
  }

  /** Every runtime setting with its effective value and source. */
  public Map<RuntimeSetting, Effective> runtimeEffective() {
    return runtimeEffective(deployment, runtimeMode, runtime);
  }

  private static Map<RuntimeSetting, Effective> runtimeEffective(DeploymentConfig deployment, ConfigMode mode,
      Map<String, String> stored) {
    Map<RuntimeSetting, Effective> all = new EnumMap<>(RuntimeSetting.class);
    for (RuntimeSetting s : RuntimeSetting.values()) {
      String uiValue = stored.get(s.key());
      // A stored value that no longer passes the checks (an older version's rule) is ignored.
      if (uiValue != null && s.check(uiValue).isPresent()) {
        uiValue = null;
      }
      all.put(s, Effective.pick(s.envVar(), deployment, uiValue, mode));
    }
    return all;
  }

  /** Never prints values: some are secrets. */
  @Override
  public String toString() {
    return "Settings[revision " + revision + ", providers " + providers.keySet() + ", runtime " + runtime.keySet()
        + "]";
  }
}
