package dev.mergeloom.worker.config;

import dev.mergeloom.worker.config.providers.ProviderSpec;
import java.util.List;
import java.util.Map;

/**
 * A provider's effective settings: its auth method and every field, each with value, source and
 * lock, plus what is still missing for the chosen auth method.
 *
 * @param configured the operator (UI or deployment) has set this provider up and nothing required
 *     is missing; shipped defaults alone never make a provider configured
 */
public record ResolvedProvider(
    ProviderSpec spec,
    Effective authMethod,
    Map<String, Effective> fields,
    List<String> missing,
    boolean configured,
    String updatedAt) {

  public String value(String key) {
    Effective e = fields.get(key);
    return e == null ? null : e.value();
  }

  @Override
  public String toString() {
    return "ResolvedProvider[" + spec.id() + ", authMethod=" + authMethod.value() + ", configured=" + configured + "]";
  }
}
