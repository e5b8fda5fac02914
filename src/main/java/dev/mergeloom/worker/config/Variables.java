package dev.mergeloom.worker.config;

import dev.mergeloom.worker.config.providers.FieldSpec;
import dev.mergeloom.worker.config.providers.ProviderCatalog;
import dev.mergeloom.worker.config.providers.ProviderSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every variable the worker reads from a deployment: its own, runtime and provider settings. */
public final class Variables {
  private static final Map<String, Variable> KNOWN = build();

  private Variables() {}

  public static Map<String, Variable> known() {
    return KNOWN;
  }

  public static boolean isSecret(String name) {
    Variable v = KNOWN.get(name);
    return v != null && v.secret();
  }

  private static Map<String, Variable> build() {
    Map<String, Variable> all = new LinkedHashMap<>();
    WorkerVariables.ALL.forEach(v -> all.put(v.name(), v));
    for (RuntimeSetting s : RuntimeSetting.values()) {
      all.put(s.envVar(), Variable.plain(s.envVar(), "runtime setting " + s.key()));
    }
    for (ProviderSpec p : ProviderCatalog.all()) {
      if (p.authEnvVar() != null) {
        all.put(p.authEnvVar(), Variable.plain(p.authEnvVar(), p.id() + " auth method"));
      }
      for (FieldSpec f : p.fields()) {
        all.put(f.envVar(), new Variable(f.envVar(), f.secret(), false, p.id() + " " + f.key()));
      }
    }
    return Collections.unmodifiableMap(all);
  }
}
