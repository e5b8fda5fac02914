package dev.mergeloom.worker.web.ui;

import dev.mergeloom.worker.config.Effective;
import dev.mergeloom.worker.web.ProviderCards;
import dev.mergeloom.worker.config.FieldProblem;
import dev.mergeloom.worker.config.ResolvedProvider;
import dev.mergeloom.worker.config.providers.AuthMethod;
import dev.mergeloom.worker.config.providers.FieldSpec;
import dev.mergeloom.worker.config.providers.FieldType;
import dev.mergeloom.worker.config.providers.ProviderSpec;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The provider form both ways: the view model of one provider's form (fields of the chosen auth
 * method shown, the others hidden and disabled so they are not posted), and the posted form
 * turned into the API's PUT body, so the UI and the API share one validation.
 */
final class ProviderForm {
  static final String FIELD_PREFIX = "field.";
  static final String CLEAR_PREFIX = "clear.";

  private ProviderForm() {}

  /**
   * @param selectedMethod the auth method whose fields to show
   * @param submitted the posted form when re-rendering after an error (its non-secret values are
   *     shown again so nothing typed is lost), else null
   */
  static JsonObject view(ResolvedProvider p, JsonObject selfTest, String selectedMethod, MultiMap submitted,
      List<FieldProblem> problems, boolean readOnly) {
    ProviderSpec spec = p.spec();
    Map<String, String> errors = problems.stream().collect(Collectors.toMap(FieldProblem::field, FieldProblem::message,
        (a, b) -> a));
    Map<String, Set<String>> requiredFor = requiredFor(p);
    // A field's visibility may follow another field (Vertex endpoint mode): use what was posted, if anything.
    java.util.function.Function<String, String> current = key -> submitted != null && submitted.contains(FIELD_PREFIX + key)
        ? submitted.get(FIELD_PREFIX + key)
        : p.value(key);
    JsonArray fields = new JsonArray();
    for (FieldSpec f : spec.fields()) {
      fields.add(field(f, p.fields().get(f.key()), selectedMethod, f.relevant(selectedMethod, current), submitted,
          errors.get("fields." + f.key()), requiredFor.get(f.key()), readOnly));
    }
    return new JsonObject()
        .put("id", spec.id())
        .put("label", spec.label())
        .put("backendLabel", spec.backend() == ProviderSpec.Backend.CLI ? "CLI" : "API")
        .put("isCli", spec.backend() == ProviderSpec.Backend.CLI)
        .put("badge", ViewModels.badge(p, selfTest))
        .put("selfTest", ViewModels.selfTest(selfTest))
        .put("authMethodLocked", p.authMethod().locked() || readOnly)
        .put("authMethodSource", p.authMethod().locked() ? ViewModels.sourceLabel(p.authMethod()) : null)
        .put("authMethodError", errors.get("authMethod"))
        .put("authMethods", new JsonArray(spec.authMethods().stream()
            .map(m -> new JsonObject().put("id", m.id()).put("label", m.label()).put("selected", m.id().equals(selectedMethod)))
            .toList()))
        .put("singleAuthMethod", spec.authMethods().size() == 1)
        .put("fields", fields)
        .put("missing", p.missing().isEmpty() ? null : ProviderPageHints.labels(spec, p.missing()))
        .put("updatedAt", p.updatedAt());
  }

  /** For each field, the auth methods that require it (given the current values). */
  private static Map<String, Set<String>> requiredFor(ResolvedProvider p) {
    Map<String, Set<String>> out = new HashMap<>();
    for (AuthMethod m : p.spec().authMethods()) {
      for (String key : p.spec().requirements().required(m.id(), p::value)) {
        out.computeIfAbsent(key, k -> new java.util.TreeSet<>()).add(m.id());
      }
    }
    return out;
  }

  private static JsonObject field(FieldSpec f, Effective e, String method, boolean applies, MultiMap submitted,
      String error, Set<String> requiredFor, boolean readOnly) {
    boolean locked = e.locked();
    String shown = null;
    String placeholder = null;
    if (!f.secret()) {
      if (submitted != null && submitted.contains(FIELD_PREFIX + f.key())) {
        shown = submitted.get(FIELD_PREFIX + f.key());
      } else if (locked || e.source() == dev.mergeloom.worker.config.ConfigSource.UI) {
        shown = e.value();
      } else if (e.isSet()) {
        placeholder = e.value(); // a default: shown as a hint, so saving does not pin it
      }
    } else {
      placeholder = e.isSet() ? "Set" + (ProviderCards.hint(e.value()) == null ? ""
          : " (" + ProviderCards.hint(e.value()) + ")") + " — type to replace" : "Not set";
    }
    JsonObject view = new JsonObject()
        .put("key", f.key())
        .put("id", "f-" + f.key())
        .put("name", FIELD_PREFIX + f.key())
        .put("clearName", CLEAR_PREFIX + f.key())
        .put("label", f.label())
        .put("help", f.help() == null || f.help().isEmpty() ? null : f.help())
        .put("variable", f.envVar())
        .put("secret", f.secret())
        .put("textarea", f.type() == FieldType.SERVICE_ACCOUNT_JSON || f.type() == FieldType.MODEL_ALIASES)
        .put("upload", f.type() == FieldType.SERVICE_ACCOUNT_JSON)
        .put("inputType", f.type() == FieldType.URL ? "url" : f.secret() ? "password" : "text")
        .put("value", shown)
        .put("placeholder", placeholder)
        .put("set", f.secret() && e.isSet())
        .put("locked", locked)
        .put("disabled", locked || readOnly || !applies)
        .put("fixed", locked || readOnly) // never enabled by the page script
        .put("hidden", !applies)
        .put("authMethods", String.join(" ", f.authMethods()))
        .put("visibleWhen", f.visibleWhen() == null ? null : f.visibleWhen().key() + "=" + f.visibleWhen().value())
        .put("requiredFor", requiredFor == null ? "" : String.join(" ", requiredFor))
        .put("required", requiredFor != null && requiredFor.contains(method))
        .put("sourceLabel", ViewModels.sourceLabel(e))
        .put("error", error);
    if (f.type() == FieldType.CHOICE) {
      String current = shown != null ? shown : e.value();
      view.put("select", true).put("options", new JsonArray(f.choices().stream()
          .map(c -> new JsonObject().put("value", c).put("selected", c.equals(current))).toList()));
    }
    return view;
  }

  /** The posted form as the API's PUT body: blank secret = keep, "clear" box = remove, blank other = remove. */
  static JsonObject body(ProviderSpec spec, MultiMap form) {
    JsonObject fields = new JsonObject();
    for (FieldSpec f : spec.fields()) {
      String posted = form.get(FIELD_PREFIX + f.key());
      boolean clear = form.contains(CLEAR_PREFIX + f.key());
      if (f.secret()) {
        if (clear) {
          fields.putNull(f.key());
        } else if (posted != null && !posted.isBlank()) {
          fields.put(f.key(), posted);
        }
      } else if (posted != null) {
        fields.put(f.key(), posted.isBlank() ? null : posted);
      }
    }
    JsonObject body = new JsonObject().put("fields", fields);
    String method = form.get("authMethod");
    if (method != null) {
      body.put("authMethod", method);
    }
    return body;
  }
}
