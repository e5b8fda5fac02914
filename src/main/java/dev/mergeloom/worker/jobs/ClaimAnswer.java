package dev.mergeloom.worker.jobs;

import dev.mergeloom.worker.jobs.model.Directives;
import dev.mergeloom.worker.jobs.model.JobEnvelope;
import dev.mergeloom.worker.jobs.model.JobRecord;
import dev.mergeloom.worker.config.ResolvedProvider;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a claim hands an executor, both ways: {@code {"job", "envelope", "directives",
 * "providerSecrets"}}. The envelope carries the repository tokens; {@code providerSecrets} the
 * secrets of the job's provider only, so an executor holds no secret of a provider it does not run.
 */
final class ClaimAnswer {
  private ClaimAnswer() {}

  /** Gateway side. */
  static JsonObject of(JobRecord record, JobEnvelope envelope, Directives directives, Optional<ResolvedProvider> provider) {
    return new JsonObject().put("job", record.toJson()).put("envelope", envelope.toWire())
        .put("directives", new JsonObject(new LinkedHashMap<>(directives.values())))
        .put("providerSecrets", new JsonObject(new LinkedHashMap<>(provider.map(ResolvedProvider::operatorSecrets)
            .orElse(Map.of()))));
  }

  /** Executor side: the provider's secrets, for this job only. */
  static Map<String, String> secrets(JsonObject claimed) {
    Map<String, String> secrets = new LinkedHashMap<>();
    claimed.getJsonObject("providerSecrets", new JsonObject()).forEach(e -> secrets.put(e.getKey(),
        String.valueOf(e.getValue())));
    return secrets;
  }
}
