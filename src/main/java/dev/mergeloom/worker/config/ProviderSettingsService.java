package dev.mergeloom.worker.config;

import dev.mergeloom.worker.bus.Addresses;
import dev.mergeloom.worker.config.providers.ProviderSpec;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Provider settings as the HTTP handlers, self-tests and jobs use them: reads come from the newest
 * {@link Settings} revision in memory; writes are requests to {@link SettingsVerticle}, which
 * validates them whole, commits them and answers the revision that has them.
 */
public final class ProviderSettingsService {
  private final SettingsView settings;

  public ProviderSettingsService(SettingsView settings) {
    this.settings = settings;
  }

  public ConfigMode mode() {
    return settings.current().providerMode();
  }

  public List<ResolvedProvider> list() {
    return settings.current().providerList();
  }

  public Optional<ResolvedProvider> get(String id) {
    return settings.current().provider(id);
  }

  /** Executors: the provider with the secrets a job's claim brought (see {@link Settings#provider(String, Map)}). */
  public Optional<ResolvedProvider> get(String id, Map<String, String> claimedSecrets) {
    return settings.current().provider(id, claimedSecrets);
  }

  /** Applies a PUT body ({@code {"authMethod", "fields"}}); fails with {@link InvalidSettingsException}. */
  public Future<ResolvedProvider> update(ProviderSpec spec, JsonObject body) {
    return settings.write(Addresses.SETTINGS_PROVIDER_PUT, new SettingsVerticle.ProviderPut(spec, body.copy()))
        .map(next -> next.resolve(spec));
  }

  /** Forgets the UI-stored settings; deployment values and defaults remain. */
  public Future<ResolvedProvider> delete(ProviderSpec spec) {
    return settings.write(Addresses.SETTINGS_PROVIDER_DELETE, spec).map(next -> next.resolve(spec));
  }
}
