package dev.mergeloom.worker.config;

import dev.mergeloom.worker.config.providers.Fields;
import dev.mergeloom.worker.config.providers.FieldSpec;
import dev.mergeloom.worker.config.providers.ProviderSpec;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A stored secret belongs to the endpoint it was entered for. When a write changes where a
 * provider's requests go (its base URL, endpoint or endpoint URL) without giving its secrets
 * again, the stored ones are not kept, and the write asks for them: otherwise a changed URL and
 * one self-test would send the stored key to whoever listens at the new one. A secret the
 * deployment gave cannot be asked for here: such an endpoint change is refused.
 */
final class SecretsFollowEndpoint {
  /** The fields that say where a provider's requests, and so its credentials, go. */
  static final List<String> ENDPOINT_FIELDS = List.of(Fields.BASE_URL, Fields.ENDPOINT, Fields.ENDPOINT_URL);

  private SecretsFollowEndpoint() {}

  /**
   * @param method the auth method the write leaves
   * @param before the values stored before this write
   * @param after the values to store, changed in place: the stored secrets that do not follow are removed
   * @param given the fields of the write as sent
   */
  static void apply(ProviderSpec spec, ResolvedProvider current, String method, Map<String, String> before,
      Map<String, String> after, JsonObject given, List<FieldProblem> problems) {
    String moved = ENDPOINT_FIELDS.stream().filter(k -> spec.field(k).isPresent())
        .filter(k -> !Objects.equals(before.get(k), after.get(k))).findFirst().orElse(null);
    if (moved == null) {
      return;
    }
    String label = spec.field(moved).map(FieldSpec::label).orElse(moved);
    for (FieldSpec f : spec.fields()) {
      if (!f.secret() || given.containsKey(f.key())
          || !(f.authMethods().isEmpty() || f.authMethods().contains(method))) {
        continue; // not a secret, given again, or one the chosen auth method does not send
      }
      Effective secret = current.fields().get(f.key());
      if (secret != null && secret.isSet() && secret.locked()) {
        problems.add(new FieldProblem("fields." + moved, "the " + f.label() + " comes from the deployment ("
            + secret.variable() + ") and belongs to its " + label + "; change both in the deployment"));
      } else if (after.remove(f.key()) != null && spec.requirements().required(method, after::get).contains(f.key())) {
        problems.add(new FieldProblem("fields." + f.key(), "the " + label + " changed, so the stored " + f.label()
            + " (for the old one) is not kept; enter it again with the new " + label));
      }
    }
  }
}
