package dev.mergeloom.worker.config;

import dev.mergeloom.worker.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Runtime settings (allowed commands, timeouts, tenant defaults…) as their readers use them: same
 * precedence and write rules as provider settings, with {@code JCA_WORKER_RUNTIME_CONFIG_MODE} as
 * the mode; reads from the newest {@link Settings} revision, writes through {@link SettingsVerticle}.
 */
public final class RuntimeConfigService {
  private final SettingsView settings;

  public RuntimeConfigService(SettingsView settings) {
    this.settings = settings;
  }

  public ConfigMode mode() {
    return settings.current().runtimeMode();
  }

  /** Every setting with its effective value and source. */
  public Map<RuntimeSetting, Effective> effective() {
    return settings.current().runtimeEffective();
  }

  /** The effective settings as typed values (parsed once per revision). */
  public RuntimeValues values() {
    return settings.current().values();
  }

  /** Applies a partial PUT body: keys present are set (null resets to the default), others kept. */
  public Future<Map<RuntimeSetting, Effective>> update(JsonObject body) {
    return settings.write(Addresses.SETTINGS_RUNTIME_PUT, body.copy()).map(Settings::runtimeEffective);
  }
}
