package dev.mergeloom.worker.store;

import java.util.Map;
import java.util.Set;

/**
 * A provider's UI-written settings as kept in the store, values in clear (decrypted).
 *
 * @param secretKeys which of {@code values} are encrypted at rest
 */
public record StoredProvider(String providerId, String authMethod, Map<String, String> values,
    Set<String> secretKeys, String updatedAt) {

  public StoredProvider {
    values = Map.copyOf(values);
    secretKeys = Set.copyOf(secretKeys);
  }

  /** Never prints values: some are secrets. */
  @Override
  public String toString() {
    return "StoredProvider[" + providerId + ", authMethod=" + authMethod + ", keys=" + values.keySet() + "]";
  }
}
