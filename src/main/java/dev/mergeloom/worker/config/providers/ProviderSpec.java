package dev.mergeloom.worker.config.providers;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A provider path (contract §2.3): id, backend, auth methods, fields, and the rule that says
 * which fields a given auth method needs.
 *
 * @param authEnvVar the deployment variable that selects the auth method, or null when the
 *     provider has a single method
 * @param requirements which field keys must have a value, given the auth method and a lookup
 *     of the effective values (some requirements depend on another field, e.g. Vertex's
 *     endpoint mode)
 */
public record ProviderSpec(
    String id,
    String label,
    Backend backend,
    List<AuthMethod> authMethods,
    String authEnvVar,
    List<FieldSpec> fields,
    Requirements requirements) {

  public enum Backend {
    API,
    CLI;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Computes the keys that must be set for an auth method. */
  @FunctionalInterface
  public interface Requirements {
    List<String> required(String authMethod, Function<String, String> value);
  }

  public String defaultAuthMethod() {
    return authMethods.get(0).id();
  }

  public boolean hasAuthMethod(String id) {
    return authMethods.stream().anyMatch(m -> m.id().equals(id));
  }

  public Optional<FieldSpec> field(String key) {
    return fields.stream().filter(f -> f.key().equals(key)).findFirst();
  }

  public List<String> authMethodIds() {
    return authMethods.stream().map(AuthMethod::id).toList();
  }
}
