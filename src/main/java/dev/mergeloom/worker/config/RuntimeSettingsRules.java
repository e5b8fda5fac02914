package dev.mergeloom.worker.config;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules a write of runtime settings passes (a partial PUT: keys present are set, null resets
 * to the default, others kept). Pure functions of the current {@link Settings}.
 */
final class RuntimeSettingsRules {
  private RuntimeSettingsRules() {}

  /** Returns the runtime settings to store; every problem is reported at once. */
  static Map<String, String> merge(Settings settings, JsonObject body) {
    ReadOnlyConfigException.unlessWritable(settings.runtimeMode(), "runtime", WorkerVariables.RUNTIME_CONFIG_MODE);
    List<FieldProblem> problems = new ArrayList<>();
    Map<String, String> next = new HashMap<>(settings.runtime());
    Map<RuntimeSetting, Effective> current = settings.runtimeEffective();
    for (String key : body.fieldNames()) {
      Optional<RuntimeSetting> setting = RuntimeSetting.byKey(key);
      if (setting.isEmpty()) {
        problems.add(new FieldProblem(key, "unknown setting; expected one of " + String.join(", ",
            Arrays.stream(RuntimeSetting.values()).map(RuntimeSetting::key).toList())));
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
