package dev.mergeloom.worker.config;

import dev.mergeloom.worker.config.providers.FieldSpec;
import dev.mergeloom.worker.config.providers.ProviderSpec;
import dev.mergeloom.worker.store.StoredProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Combines deployment values and the UI store into a {@link ResolvedProvider} (see {@link Effective#pick}). */
public final class ProviderResolver {
  private ProviderResolver() {}

  public static ResolvedProvider resolve(ProviderSpec spec, DeploymentConfig deployment, StoredProvider stored,
      ConfigMode mode) {
    Effective method = Effective.pick(spec.authEnvVar(), deployment, stored == null ? null : stored.authMethod(), mode);
    if (!method.isSet()) {
      method = new Effective(spec.defaultAuthMethod(), ConfigSource.DEFAULT, false, spec.authEnvVar());
    }
    Map<String, Effective> fields = new LinkedHashMap<>();
    for (FieldSpec f : spec.fields()) {
      String ui = stored == null ? null : stored.values().get(f.key());
      fields.put(f.key(), Effective.pick(f.envVar(), deployment, ui, mode));
    }
    List<String> missing = spec.requirements()
        .required(method.value(), key -> fields.containsKey(key) ? fields.get(key).value() : null)
        .stream()
        .filter(key -> !fields.get(key).isSet())
        .toList();
    boolean touched = (stored != null && mode != ConfigMode.PROVISIONED) || method.locked()
        || fields.values().stream().anyMatch(Effective::locked);
    return new ResolvedProvider(spec, method, fields, missing, touched && missing.isEmpty(),
        stored == null ? null : stored.updatedAt());
  }
}
