package dev.mergeloom.worker.jobs.model;

import dev.mergeloom.worker.jobs.model.JobRecord.State;
import io.vertx.core.json.JsonObject;

/**
 * A reader's copy of a job's record, taken on the owner's context at one moment: the JSON is the
 * reader's own (it may change it, the record does not move), the state is the one it had then.
 */
public record JobView(JsonObject json) {
  public static JobView of(JobRecord record) {
    return new JobView(record.toJson());
  }

  public String id() {
    return json.getString("id");
  }

  public State state() {
    return State.of(json.getString("state"));
  }

  public String ticketKey() {
    return json.getJsonObject("ticket").getString("key");
  }

  /** The short form for lists and pages: no diff, commands or events. */
  public JsonObject summary() {
    return JobRecord.summaryOf(json);
  }
}
