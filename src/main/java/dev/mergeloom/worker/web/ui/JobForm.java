package dev.mergeloom.worker.web.ui;

import dev.mergeloom.worker.config.providers.Fields;
import dev.mergeloom.worker.config.RuntimeConfigService;
import dev.mergeloom.worker.config.FieldProblem;
import dev.mergeloom.worker.config.ResolvedProvider;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The home page's job form both ways: its view (the configured providers to choose from, each
 * with its self-test state and models, what was typed kept after a refusal, each problem beside
 * its field) and the posted form as the API's job envelope.
 */
final class JobForm {
  /** Form field → the envelope path that intake names in its problems. */
  private static final Map<String, String> FIELDS = new LinkedHashMap<>();

  static {
    FIELDS.put("ticketKey", "ticket.key");
    FIELDS.put("title", "ticket.title");
    FIELDS.put("description", "ticket.description");
    FIELDS.put("provider", "repositories[0].provider");
    FIELDS.put("model", "repositories[0].model");
    FIELDS.put("repoPath", "repositories[0].path");
    FIELDS.put("validationCommands", "repositories[0].validationCommands");
    FIELDS.put("validationMode", "repositories[0].validationMode");
  }

  private JobForm() {}

  /** The posted form as the API's body; the chosen provider and model go on the work repository. */
  static JsonObject envelope(MultiMap form) {
    JsonObject repository = new JsonObject().put("alias", "work").put("path", blankToNull(form.get("repoPath")))
        .put("role", "work").put("validationMode", form.get("validationMode"))
        .put("validationCommands", new JsonArray(lines(form.get("validationCommands"))));
    String provider = blankToNull(form.get("provider"));
    String model = blankToNull(form.get("model"));
    if (provider != null) {
      repository.put("provider", provider);
    }
    if (model != null) {
      repository.put("model", model);
    }
    return new JsonObject().put("ticket", new JsonObject().put("key", form.get("ticketKey"))
        .put("title", form.get("title")).put("description", form.get("description") == null ? ""
            : form.get("description")))
        .put("repositories", new JsonArray().add(repository));
  }

  /**
   * @param submitted the refused form, shown again as typed; null for an empty form
   * @param problems intake's problems; each is shown beside its field, the rest above the form
   */
  static JsonObject view(RuntimeConfigService runtime, ProviderViews views, MultiMap submitted,
      List<FieldProblem> problems) {
    boolean required = runtime.values().requireSelfTest();
    String chosen = submitted == null ? null : submitted.get("provider");
    JsonArray providers = new JsonArray();
    boolean anyUsable = false;
    for (ResolvedProvider p : views.all()) {
      if (!p.configured()) {
        continue;
      }
      boolean passed = views.passed(p);
      boolean usable = passed || !required;
      anyUsable |= usable;
      String model = p.value(Fields.MODEL);
      providers.add(new JsonObject().put("id", p.spec().id()).put("label", p.spec().label())
          .put("model", model).put("usable", usable).put("selected", p.spec().id().equals(chosen))
          .put("state", passed ? "self-test passed" : required ? "no passed self-test: run it first"
              : "not self-tested")
          .put("models", new JsonArray(models(p))));
    }
    if (chosen == null) {
      // Nothing chosen yet: the first provider a job may use now.
      providers.stream().map(JsonObject.class::cast).filter(o -> o.getBoolean("usable")).findFirst()
          .ifPresent(o -> o.put("selected", true));
    }
    JsonObject values = new JsonObject();
    FIELDS.keySet().forEach(k -> values.put(k, submitted == null ? null : submitted.get(k)));
    if (values.getString("validationMode") == null) {
      values.put("validationMode", "required");
    }
    JsonObject errors = new JsonObject();
    JsonArray other = new JsonArray();
    for (FieldProblem problem : problems) {
      String field = FIELDS.entrySet().stream().filter(e -> problem.field().startsWith(e.getValue()))
          .map(Map.Entry::getKey).findFirst().orElse(null);
      if (field != null && !errors.containsKey(field)) {
        errors.put(field, problem.message());
      } else {
        other.add(problem.message());
      }
    }
    return new JsonObject().put("providers", providers).put("anyUsable", anyUsable).put("values", values)
        .put("errors", errors).put("otherErrors", other).put("refused", !problems.isEmpty())
        .put("modes", new JsonArray(List.of("required", "advisory", "off").stream().map(m -> new JsonObject()
            .put("value", m).put("selected", m.equals(values.getString("validationMode")))).toList()));
  }

  /** The provider's default model and its aliases, as suggestions for the model field. */
  private static List<String> models(ResolvedProvider p) {
    java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
    if (p.value(Fields.MODEL) != null) {
      out.add(p.value(Fields.MODEL));
    }
    String aliases = p.value(Fields.MODEL_ALIASES);
    if (aliases != null) {
      try {
        new JsonObject(aliases).forEach(e -> {
          out.add(e.getKey());
          out.add(String.valueOf(e.getValue()));
        });
      } catch (RuntimeException ignored) {
        // an alias table that is not JSON was refused when saved; nothing to suggest
      }
    }
    return List.copyOf(out);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static List<String> lines(String text) {
    return text == null ? List.of() : Arrays.stream(text.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
