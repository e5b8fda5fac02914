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

  /**
   * The secrets an operator set for this provider (not shipped defaults), by field key: what a
   * gateway hands the executor that runs a job on it, and nothing of other providers.
   */
  public Map<String, String> operatorSecrets() {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    spec.fields().stream().filter(dev.mergeloom.worker.config.providers.FieldSpec::secret).forEach(f -> {
      Effective e = fields.get(f.key());
      if (e != null && e.isSet() && e.source() != ConfigSource.DEFAULT) {
        out.put(f.key(), e.value());
      }
    });
    return out;
  }

  /** Never prints a value: there are secrets among them. */
  @Override
  public String toString() {
    return "ResolvedProvider[" + spec.id() + ", authMethod=" + authMethod.value() + ", configured=" + configured + "]";
  }
}
