package dev.mergeloom.worker.config;

import dev.mergeloom.worker.store.RuntimeConfigStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runtime settings (allowed commands, timeouts, tenant defaults…): same precedence and write
 * rules as provider settings, with {@code JCA_WORKER_RUNTIME_CONFIG_MODE} as the mode.
 */
public final class RuntimeConfigService {
  private final DeploymentConfig deployment;
  private final ConfigMode mode;
  private final RuntimeConfigStore store;
  private volatile Map<String, String> stored;
  /** The typed values of {@link #effective}, parsed again only when the stored settings change. */
  private volatile RuntimeValues values;
  private Future<?> writes = Future.succeededFuture();
  private final List<Runnable> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  private RuntimeConfigService(DeploymentConfig deployment, ConfigMode mode, RuntimeConfigStore store,
      Map<String, String> stored) {
    this.deployment = deployment;
    this.mode = mode;
    this.store = store;
    this.stored = stored;
    this.values = RuntimeValues.of(effective());
  }

  public static Future<RuntimeConfigService> load(DeploymentConfig deployment, ConfigMode mode,
      RuntimeConfigStore store) {
    return store.load().map(values -> new RuntimeConfigService(deployment, mode, store, values));
  }

  public ConfigMode mode() {
    return mode;
  }

  /** Every setting with its effective value and source. */
  public Map<RuntimeSetting, Effective> effective() {
    Map<RuntimeSetting, Effective> all = new EnumMap<>(RuntimeSetting.class);
    Map<String, String> ui = stored;
    for (RuntimeSetting s : RuntimeSetting.values()) {
      String uiValue = ui.get(s.key());
      // A stored value that no longer passes the checks (an older version's rule) is ignored.
      if (uiValue != null && s.check(uiValue).isPresent()) {
        uiValue = null;
      }
      all.put(s, Effective.pick(s.envVar(), deployment, uiValue, mode));
    }
    return all;
  }

  /** The effective settings as typed values (parsed once per change). */
  public RuntimeValues values() {
    return values;
  }

  /** Applies a partial PUT body: keys present are set (null resets to the default), others kept. */
  public synchronized Future<Map<RuntimeSetting, Effective>> update(JsonObject body) {
    Future<Map<RuntimeSetting, Effective>> result = writes.transform(ignored -> {
      try {
        Map<String, String> next = merge(body);
        return store.replace(next).map(saved -> {
          stored = saved;
          values = RuntimeValues.of(effective());
          changeListeners.forEach(Runnable::run);
          return effective();
        });
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    });
    writes = result;
    return result;
  }

  /** Executors: the gateway's settings replace the cached ones, in the local store first. */
  public synchronized Future<Void> replaceFromGateway(Map<String, String> fromGateway) {
    Future<Void> result = writes.transform(ignored -> store.replace(new LinkedHashMap<>(fromGateway)).map(saved -> {
      stored = saved;
      values = RuntimeValues.of(effective());
      changeListeners.forEach(Runnable::run);
      return null;
    }));
    writes = result;
    return result;
  }

  /** Called after every change of the stored settings. */
  public void onChange(Runnable listener) {
    changeListeners.add(listener);
  }

  /** The stored (UI or gateway) values, by setting key: what a gateway hands its executors. */
  public Map<String, String> stored() {
    return Map.copyOf(stored);
  }

  private Map<String, String> merge(JsonObject body) {
    if (mode == ConfigMode.GATEWAY) {
      throw new ReadOnlyConfigException("This executor takes its runtime settings from the gateway ("
          + WorkerVariables.RUNTIME_CONFIG_MODE + "=gateway): change them in the gateway's UI or API.");
    }
    if (mode == ConfigMode.PROVISIONED) {
      throw new ReadOnlyConfigException("Runtime settings are provisioned by the deployment ("
          + WorkerVariables.RUNTIME_CONFIG_MODE + "=provisioned): change the environment, mounted secrets or "
          + "ConfigMap and restart the worker.");
    }
    List<FieldProblem> problems = new ArrayList<>();
    Map<String, String> next = new HashMap<>(stored);
    Map<RuntimeSetting, Effective> current = effective();
    for (String key : body.fieldNames()) {
      Optional<RuntimeSetting> setting = RuntimeSetting.byKey(key);
      if (setting.isEmpty()) {
        problems.add(new FieldProblem(key, "unknown setting; expected one of " + String.join(", ",
            java.util.Arrays.stream(RuntimeSetting.values()).map(RuntimeSetting::key).toList())));
        continue;
      }
      RuntimeSetting.Result r = setting.get().fromJson(body.getValue(key));
      Effective effective = current.get(setting.get());
      if (r.problem() != null) {
        problems.add(new FieldProblem(key, r.problem()));
      } else if (effective.locked() && r.canonical() != null && !r.canonical().equals(effective.value())) {
        problems.add(new FieldProblem(key, "locked: set by the deployment (" + effective.source().wireName() + " "
            + setting.get().envVar() + "); change it there"));
      } else if (r.canonical() == null || effective.locked()) {
        next.remove(key);
      } else {
        next.put(key, r.canonical());
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidSettingsException(problems);
    }
    return new LinkedHashMap<>(next);
  }
}
