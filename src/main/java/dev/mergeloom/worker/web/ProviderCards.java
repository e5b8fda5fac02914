package dev.mergeloom.worker.web;

import dev.mergeloom.worker.config.Effective;
import dev.mergeloom.worker.config.ResolvedProvider;
import dev.mergeloom.worker.config.providers.FieldSpec;
import dev.mergeloom.worker.config.providers.FieldType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The JSON card of a provider (contract §2.5). Secret fields become {@code {"set", "hint"}}:
 * their values are never put into the card, so they cannot reach an answer or a page.
 */
public final class ProviderCards {
  /** Below this length even four characters give too much away: no hint at all. */
  private static final int MIN_LENGTH_FOR_HINT = 12;

  private ProviderCards() {}

  /**
   * @param selfTest the last self-test of the current configuration, or null
   * @param login the CLI login session, or null
   */
  public static JsonObject card(ResolvedProvider p, JsonObject selfTest, JsonObject login) {
    JsonObject fields = new JsonObject();
    for (FieldSpec f : p.spec().fields()) {
      fields.put(f.key(), field(f, p.fields().get(f.key())));
    }
    return new JsonObject()
        .put("id", p.spec().id())
        .put("label", p.spec().label())
        .put("backend", p.spec().backend().wireName())
        .put("authMethod", p.authMethod().value())
        .put("authMethodSource", source(p.authMethod()))
        .put("authMethodLocked", p.authMethod().locked())
        .put("authMethods", new JsonArray(p.spec().authMethods().stream()
            .map(m -> new JsonObject().put("id", m.id()).put("label", m.label())).toList()))
        .put("configured", p.configured())
        .put("missing", new JsonArray(p.missing()))
        .put("updatedAt", p.updatedAt())
        .put("fields", fields)
        .put("selfTest", selfTest)
        .put("ready", selfTest != null && "passed".equals(selfTest.getString("status")))
        .put("login", login);
  }

  private static JsonObject field(FieldSpec spec, Effective e) {
    JsonObject out = new JsonObject();
    if (spec.secret()) {
      out.put("set", e.isSet()).put("hint", hint(e.value()));
    } else if (spec.type() == FieldType.MODEL_ALIASES && e.isSet()) {
      out.put("value", new JsonObject(e.value()));
    } else {
      out.put("value", e.value());
    }
    return out.put("source", source(e)).put("locked", e.locked()).put("variable", spec.envVar());
  }

  public static String hint(String secret) {
    if (secret == null || secret.length() < MIN_LENGTH_FOR_HINT) {
      return null;
    }
    return "…" + secret.substring(secret.length() - 4);
  }

  private static String source(Effective e) {
    return e.source() == null ? null : e.source().wireName();
  }
}
