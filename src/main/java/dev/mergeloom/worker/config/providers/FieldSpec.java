package dev.mergeloom.worker.config.providers;

import java.util.List;
import java.util.Set;

/**
 * One setting of a provider: its API key, the deployment variable that can supply it, and the
 * auth methods it belongs to (empty = every method). Defaults live in conf/worker-defaults.properties
 * under the variable name, like every other default.
 */
public record FieldSpec(
    String key,
    String label,
    String envVar,
    FieldType type,
    List<String> choices,
    Set<String> authMethods,
    String help) {

  public boolean secret() {
    return type.secret();
  }

  public boolean appliesTo(String authMethod) {
    return authMethods.isEmpty() || authMethods.contains(authMethod);
  }

  static FieldSpec of(String key, String label, String envVar, FieldType type, String help) {
    return new FieldSpec(key, label, envVar, type, List.of(), Set.of(), help);
  }

  FieldSpec onlyFor(String... methods) {
    return new FieldSpec(key, label, envVar, type, choices, Set.of(methods), help);
  }

  FieldSpec choices(String... values) {
    return new FieldSpec(key, label, envVar, FieldType.CHOICE, List.of(values), authMethods, help);
  }
}
