package dev.mergeloom.worker.web.ui;

import dev.mergeloom.worker.config.Effective;
import dev.mergeloom.worker.config.FieldProblem;
import dev.mergeloom.worker.config.RuntimeSetting;
import dev.mergeloom.worker.config.providers.ProviderCatalog;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The runtime settings form both ways, like {@link ProviderForm}. */
final class RuntimeForm {
  private static final Map<RuntimeSetting, String> LABELS = Map.ofEntries(
      Map.entry(RuntimeSetting.DIFF_GUARD_MODE, "Diff guard"),
      Map.entry(RuntimeSetting.DIFF_GUARD_MAX_FILES, "Diff guard: most changed files"),
      Map.entry(RuntimeSetting.DIFF_GUARD_MAX_LINES, "Diff guard: most changed lines"),
      Map.entry(RuntimeSetting.DIFF_GUARD_PROTECTED_PATHS, "Diff guard: protected paths"),
      Map.entry(RuntimeSetting.DIFF_GUARD_ALLOW_BINARY, "Diff guard: allow binary files"),
      Map.entry(RuntimeSetting.ALLOWED_COMMANDS, "Allowed commands"),
      Map.entry(RuntimeSetting.COMMAND_TIMEOUT, "Command timeout (seconds)"),
      Map.entry(RuntimeSetting.PROVIDER_COMMAND_TIMEOUT, "CLI run timeout (seconds)"),
      Map.entry(RuntimeSetting.MAX_REPAIR_ATTEMPTS, "Repair attempts"),
      Map.entry(RuntimeSetting.MAX_CONCURRENT_JOBS, "Concurrent jobs"),
      Map.entry(RuntimeSetting.TENANT_DEFAULT_PROVIDER, "Default provider"),
      Map.entry(RuntimeSetting.TENANT_DEFAULT_MODEL, "Default model"),
      Map.entry(RuntimeSetting.REQUIRE_SELF_TEST, "Require a passed self-test before jobs"),
      Map.entry(RuntimeSetting.NETWORK_ALLOWLIST, "Hosts job commands may reach"));

  private RuntimeForm() {}

  /** The label of a setting's key ({@code allowedCommands} → "Allowed commands"), or the key itself. */
  static String label(String key) {
    return LABELS.entrySet().stream().filter(e -> e.getKey().key().equals(key)).map(Map.Entry::getValue).findFirst()
        .orElse(key);
  }

  static JsonObject view(Map<RuntimeSetting, Effective> settings, MultiMap submitted, List<FieldProblem> problems,
      boolean readOnly) {
    Map<String, String> errors = problems.stream().collect(Collectors.toMap(FieldProblem::field, FieldProblem::message,
        (a, b) -> a));
    JsonArray rows = new JsonArray();
    settings.forEach((s, e) -> {
      Object json = s.toJson(e.value());
      String shown = submitted != null && submitted.contains(s.key()) ? last(submitted.getAll(s.key()))
          : json instanceof JsonArray a ? a.stream().map(String::valueOf).collect(Collectors.joining(", "))
          : json == null ? "" : json.toString();
      JsonObject row = new JsonObject()
          .put("key", s.key())
          .put("id", "r-" + s.key())
          .put("label", LABELS.get(s))
          .put("variable", s.envVar())
          .put("value", shown)
          .put("locked", e.locked())
          .put("disabled", e.locked() || readOnly)
          .put("sourceLabel", ViewModels.sourceLabel(e))
          .put("error", errors.get(s.key()));
      switch (s) {
        case REQUIRE_SELF_TEST, DIFF_GUARD_ALLOW_BINARY -> row.put("checkbox", true).put("checked", "true".equals(shown));
        case DIFF_GUARD_MODE -> row.put("select", true).put("options", new JsonArray(RuntimeSetting.GUARD_MODES.stream()
            .map(m -> new JsonObject().put("value", m).put("label", m).put("selected", m.equals(shown))).toList()));
        case TENANT_DEFAULT_PROVIDER -> row.put("select", true).put("options", new JsonArray(
            java.util.stream.Stream.concat(java.util.stream.Stream.of(""), ProviderCatalog.ids().stream())
                .map(id -> new JsonObject().put("value", id).put("label", id.isEmpty() ? "(none)" : id)
                    .put("selected", id.equals(shown))).toList()));
        case ALLOWED_COMMANDS, NETWORK_ALLOWLIST, TENANT_DEFAULT_MODEL, DIFF_GUARD_PROTECTED_PATHS -> row.put("inputType",
            "text");
        default -> row.put("inputType", "number");
      }
      rows.add(row);
    });
    return new JsonObject().put("rows", rows);
  }

  /** The posted form as the API's PUT body; a blank value resets the setting to its default. */
  static JsonObject body(MultiMap form) {
    JsonObject body = new JsonObject();
    for (RuntimeSetting s : RuntimeSetting.values()) {
      List<String> values = form.getAll(s.key());
      if (values.isEmpty()) {
        continue; // locked or read-only inputs are disabled and not posted
      }
      String v = last(values).trim();
      if (v.isEmpty()) {
        body.putNull(s.key());
        continue;
      }
      switch (s) {
        case ALLOWED_COMMANDS, NETWORK_ALLOWLIST, DIFF_GUARD_PROTECTED_PATHS -> body.put(s.key(), new JsonArray(Arrays.stream(v.split(
            "[,\\s]+"))
            .filter(c -> !c.isEmpty()).toList()));
        case REQUIRE_SELF_TEST, DIFF_GUARD_ALLOW_BINARY -> body.put(s.key(), Boolean.parseBoolean(v));
        case TENANT_DEFAULT_PROVIDER, TENANT_DEFAULT_MODEL, DIFF_GUARD_MODE -> body.put(s.key(), v);
        default -> body.put(s.key(), number(v));
      }
    }
    return body;
  }

  /** A checkbox posts its value after its hidden "false", so the last value is the answer. */
  private static String last(List<String> values) {
    return values.get(values.size() - 1);
  }

  /** A number when it is one; otherwise the text, which the setting's check then refuses by name. */
  private static Object number(String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      return v;
    }
  }
}
