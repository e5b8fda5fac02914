package dev.mergeloom.worker.config;

import dev.mergeloom.worker.config.providers.Fields;
import dev.mergeloom.worker.config.providers.FieldSpec;
import dev.mergeloom.worker.config.providers.FieldValidator;
import dev.mergeloom.worker.config.providers.ProviderSpec;
import dev.mergeloom.worker.store.StoredProvider;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rules a write of one provider's settings passes: the mode allows it, every field is known
 * and valid, locked values stay, secrets follow their endpoint, required fields are present. Pure
 * functions of the current {@link Settings}, so the settings verticle applies them on its context.
 */
final class ProviderSettingsRules {
  private ProviderSettingsRules() {}

  /** Refuses a write where the provider settings are not the UI's to change. */
  static void refuseWrites(ConfigMode mode) {
    ReadOnlyConfigException.unlessWritable(mode, "provider", WorkerVariables.PROVIDER_CONFIG_MODE);
  }

  /**
   * Validates a PUT body ({@code {"authMethod", "fields"}}) against the current settings and
   * returns the provider's settings to store; every problem is reported at once.
   */
  static StoredProvider merge(ProviderSpec spec, Settings settings, JsonObject body) {
    List<FieldProblem> problems = new ArrayList<>();
    ResolvedProvider current = settings.resolve(spec);
    StoredProvider previous = settings.providers().get(spec.id());
    for (String key : body.fieldNames()) {
      if (!key.equals("authMethod") && !key.equals("fields")) {
        problems.add(new FieldProblem(key, "unknown property; expected authMethod and fields"));
      }
    }
    String method = authMethod(spec, body.getValue("authMethod"), current, problems);
    Map<String, String> values = new HashMap<>(previous == null ? Map.of() : previous.values());
    Object fieldsJson = body.getValue("fields");
    if (fieldsJson != null && !(fieldsJson instanceof JsonObject)) {
      problems.add(new FieldProblem("fields", "expected an object of field name to value"));
    } else if (fieldsJson != null) {
      JsonObject fields = (JsonObject) fieldsJson;
      for (String key : fields.fieldNames()) {
        applyField(spec, current, key, fields.getValue(key), values, problems);
      }
    }
    SecretsFollowEndpoint.apply(spec, current, method, previous == null ? Map.of() : previous.values(), values,
        fieldsJson instanceof JsonObject f ? f : new JsonObject(), problems);
    // Missing required fields are reported with the other problems, so one round fixes all.
    Set<String> reported = problems.stream().map(FieldProblem::field).collect(Collectors.toSet());
    StoredProvider candidate = new StoredProvider(spec.id(), method, values, Set.of(), null);
    ProviderResolver.resolve(spec, settings.deployment(), candidate, settings.providerMode()).missing().stream()
        .filter(key -> !reported.contains("fields." + key))
        .forEach(key -> problems.add(new FieldProblem("fields." + key,
            "required for auth method " + method + "; expected a value")));
    if (!problems.isEmpty()) {
      throw new InvalidSettingsException(problems);
    }
    Set<String> secretKeys = values.keySet().stream()
        .filter(k -> spec.field(k).map(FieldSpec::secret).orElse(false))
        .collect(Collectors.toSet());
    return new StoredProvider(spec.id(), method, values, secretKeys, null);
  }

  private static String authMethod(ProviderSpec spec, Object requested, ResolvedProvider current,
      List<FieldProblem> problems) {
    if (requested == null) {
      return current.authMethod().value();
    }
    String expected = "expected one of " + String.join(", ", spec.authMethodIds());
    if (!(requested instanceof String method) || !spec.hasAuthMethod(method)) {
      problems.add(new FieldProblem("authMethod", expected));
      return current.authMethod().value();
    }
    if (current.authMethod().locked() && !method.equals(current.authMethod().value())) {
      problems.add(new FieldProblem("authMethod", "locked: set by the deployment ("
          + current.authMethod().source().wireName() + " " + spec.authEnvVar() + "); change it there"));
    }
    return method;
  }

  private static void applyField(ProviderSpec spec, ResolvedProvider current, String key, Object raw,
      Map<String, String> values, List<FieldProblem> problems) {
    String path = "fields." + key;
    Optional<FieldSpec> field = spec.field(key);
    if (field.isEmpty()) {
      problems.add(new FieldProblem(path, "unknown field for " + spec.id() + "; expected one of "
          + spec.fields().stream().map(FieldSpec::key).collect(Collectors.joining(", "))));
      return;
    }
    String value;
    if (raw == null) {
      value = null;
    } else if (raw instanceof JsonObject object && key.equals(Fields.MODEL_ALIASES)) {
      value = object.isEmpty() ? null : object.encode();
    } else if (raw instanceof String s) {
      value = s.strip().isEmpty() ? null : s.strip();
    } else {
      problems.add(new FieldProblem(path, key.equals(Fields.MODEL_ALIASES)
          ? "expected a JSON object of alias to model id" : "expected a string (or null to clear)"));
      return;
    }
    Effective effective = current.fields().get(key);
    if (value != null && effective.locked() && !value.equals(effective.value())) {
      problems.add(new FieldProblem(path, "locked: set by the deployment (" + effective.source().wireName() + " "
          + field.get().envVar() + "); change it there"));
      return;
    }
    if (value != null && effective.locked()) {
      return; // the same value the deployment gives: nothing to store
    }
    if (value == null) {
      values.remove(key);
      return;
    }
    Optional<String> problem = FieldValidator.check(field.get(), value);
    if (problem.isPresent()) {
      problems.add(new FieldProblem(path, problem.get()));
    } else {
      values.put(key, value);
    }
  }
}
