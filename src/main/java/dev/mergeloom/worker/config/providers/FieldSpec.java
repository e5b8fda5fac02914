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
    String help,
    Condition visibleWhen) {

  /** Another field's value that makes this one relevant, e.g. Vertex's endpointMode = raw-endpoint. */
  public record Condition(String key, String value) {}

  public boolean secret() {
    return type.secret();
  }

  public boolean appliesTo(String authMethod) {
    return authMethods.isEmpty() || authMethods.contains(authMethod);
  }

  /** Relevant for this auth method and, if it has a condition, with the other field's value. */
  public boolean relevant(String authMethod, java.util.function.Function<String, String> value) {
    return appliesTo(authMethod) && (visibleWhen == null || visibleWhen.value().equals(value.apply(visibleWhen.key())));
  }

  static FieldSpec of(String key, String label, String envVar, FieldType type, String help) {
    return new FieldSpec(key, label, envVar, type, List.of(), Set.of(), help, null);
  }

  FieldSpec onlyFor(String... methods) {
    return new FieldSpec(key, label, envVar, type, choices, Set.of(methods), help, visibleWhen);
  }

  FieldSpec when(String otherKey, String otherValue) {
    return new FieldSpec(key, label, envVar, type, choices, authMethods, help, new Condition(otherKey, otherValue));
  }

  FieldSpec choices(String... values) {
    return new FieldSpec(key, label, envVar, FieldType.CHOICE, List.of(values), authMethods, help, visibleWhen);
  }
}
