package dev.mergeloom.worker.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code mergeloom_job_stage_total{stage,outcome}} from a finished job's record: each model
 * session (implementation, repair) by how it ended, each validation run passed or failed, the
 * diff guard passed or breached, the publish published or failed. A repair's number is dropped
 * from its name, so the series stay few.
 */
final class StageCounts {
  static final String METRIC = "mergeloom_job_stage_total";

  private StageCounts() {}

  static void count(MeterRegistry metrics, JsonObject record) {
    JsonObject result = record.getJsonObject("result");
    if (result == null) {
      return;
    }
    for (Object s : result.getJsonArray("stages", new JsonArray())) {
      JsonObject stage = (JsonObject) s;
      increment(metrics, base(stage.getString("name")), stage.getString("exitReason", "unknown"));
    }
    // One validation run is the commands of one stage name ("validation", "validation-1", …).
    Map<String, Boolean> runs = new LinkedHashMap<>();
    for (Object v : result.getJsonArray("validation", new JsonArray())) {
      JsonObject command = (JsonObject) v;
      runs.merge(command.getString("stage", "validation"), command.getBoolean("passed", false), Boolean::logicalAnd);
    }
    runs.values().forEach(passed -> increment(metrics, "validation", passed ? "passed" : "failed"));
    JsonObject guard = result.getJsonObject("diffGuard");
    if (guard != null) {
      increment(metrics, "diff_guard", guard.getBoolean("passed", false) ? "passed" : "breached");
    }
    publish(metrics, result.getJsonObject("publish"));
  }

  /** A publish attempt, the job's own or a retry's. */
  static void publish(MeterRegistry metrics, JsonObject publish) {
    if (publish != null) {
      increment(metrics, "publish", publish.getString("state", "unknown"));
    }
  }

  private static String base(String name) {
    return name == null ? "unknown" : name.replaceFirst("-\\d+$", "");
  }

  private static void increment(MeterRegistry metrics, String stage, String outcome) {
    Counter.builder(METRIC).tag("stage", stage).tag("outcome", outcome)
        .description("Job stages run, by stage and outcome").register(metrics).increment();
  }
}
