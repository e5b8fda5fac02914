package dev.mergeloom.worker.config;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The effective deployment values (environment, {@code NAME_FILE}, secrets directory, ConfigMap,
 * conf/ defaults), one per variable, each knowing its source. Immutable once loaded.
 */
public final class DeploymentConfig {
  private final Map<String, ConfigValue> values;

  public DeploymentConfig(Map<String, ConfigValue> values) {
    this.values = Map.copyOf(values);
  }

  public Optional<ConfigValue> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /** The value, or null when no source (not even conf/ defaults) gives one. */
  public String value(String name) {
    ConfigValue v = values.get(name);
    return v == null ? null : v.value();
  }

  public Collection<ConfigValue> all() {
    return values.values();
  }
}
