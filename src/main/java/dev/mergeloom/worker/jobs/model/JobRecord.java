package dev.mergeloom.worker.jobs.model;

import dev.mergeloom.worker.config.FieldProblem;
import dev.mergeloom.worker.config.InvalidSettingsException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * A job's record as the API shows it (contract §2.5): state, selection, result and error. All
 * changes go through these methods, which keep it consistent; {@link #toJson} is what is stored.
 * Never holds an access token. One context owns a record (the jobs verticle, or on an executor
 * the claimer) and its runner changes it there, so it has no lock; readers elsewhere get a
 * {@link JobView}, a copy.
 */
public final class JobRecord {
  /** Job states; all but queued and running are final. */
  public enum State {
    QUEUED, RUNNING, COMPLETED, BLOCKED, FAILED, CANCELLED,
    /** The change was made and committed, but pushing it failed: the commit stays in the workspace. */
    PUBLISH_FAILED;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean finished() {
      return this != QUEUED && this != RUNNING;
    }

    public static State of(String wire) {
      return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
    }

    /** The state with this wire name, if there is one (input from outside: an executor's report). */
    public static java.util.Optional<State> parse(Object wire) {
      return java.util.Arrays.stream(values()).filter(s -> s.wireName().equals(wire)).findFirst();
    }
  }

  /** How big a patch the record keeps, as the API says it. */
  public static final String MAX_PATCH_TEXT = "1 MB";

  private final JsonObject json;
  /** Copies of two fields read far more often than they change (lists sort by the first, filter by the second). */
  private final String createdAt;
  private State state;

  private JobRecord(JsonObject json) {
    this.json = json;
    this.createdAt = json.getString("createdAt");
    this.state = State.of(json.getString("state"));
  }

  public static JobRecord create(String id, JobEnvelope envelope, Selection selection, List<String> warnings) {
    JsonObject ticket = new JsonObject().put("key", envelope.ticket().key()).put("title", envelope.ticket().title())
        .put("description", envelope.ticket().description());
    JsonArray repositories = new JsonArray(envelope.repositories().stream().map(r -> new JsonObject()
        .put("alias", r.alias()).put("source", r.source()).put("role", r.role())
        .put("validationMode", r.validationMode()).put("setupCommands", new JsonArray(r.setupCommands()))
        .put("validationCommands", new JsonArray(r.validationCommands()))).toList());
    return new JobRecord(new JsonObject().put("id", id).put("state", State.QUEUED.wireName()).put("ticket", ticket)
        .put("repositories", repositories).put("provider", selection.provider()).put("model", selection.model())
        .put("selection", selection.toJson()).put("warnings", new JsonArray(warnings))
        .put("createdAt", Instant.now().toString()).putNull("startedAt").putNull("finishedAt").putNull("result")
        .putNull("error"));
  }

  /** The work repository's source, which with the ticket key says which runs belong together. */
  public String workSource() {
    JsonArray repos = json.getJsonArray("repositories", new JsonArray());
    return repos.stream().map(JsonObject.class::cast).filter(r -> "work".equals(r.getString("role")))
        .map(r -> r.getString("source")).findFirst().orElse(null);
  }

  /**
   * Links this run to the ticket's run before it on the same repository ({@code previousRun}):
   * each run names the one before, so a reader walks a ticket's runs from the newest.
   */
  public void follows(String previousId) {
    guard(state == State.QUEUED, "follow another run");
    json.put("previousRun", previousId);
  }

  public static JobRecord restore(JsonObject stored) {
    return new JobRecord(stored.copy());
  }

  public String id() {
    return json.getString("id");
  }

  public State state() {
    return state;
  }

  public String provider() {
    return json.getString("provider");
  }

  public String model() {
    return json.getString("model");
  }

  public String createdAt() {
    return createdAt;
  }

  public String ticketKey() {
    return json.getJsonObject("ticket").getString("key");
  }

  /** Queued (or already running, as a dispatched job is) → running. */
  public void running() {
    guard(!state.finished(), "start");
    json.put("state", State.RUNNING.wireName()).put("startedAt", Instant.now().toString());
    state = State.RUNNING;
    result();
  }

  /** Back to the queue (a dispatched job whose executor vanished before it started). */
  public void requeue() {
    guard(!state.finished(), "go back to the queue");
    json.put("state", State.QUEUED.wireName()).putNull("startedAt").putNull("result");
    state = State.QUEUED;
  }

  /** Takes over what an executor reported at the end: state, result, error and times. */
  public void adopt(JsonObject reported) {
    guard(!state.finished(), "take an executor's final record");
    Object given = reported.getValue("state");
    State end = State.parse(given).filter(State::finished).orElseThrow(() -> new InvalidSettingsException(List.of(
        new FieldProblem("record.state", "got '" + given + "'; expected a final state ("
            + String.join(", ", java.util.Arrays.stream(State.values()).filter(State::finished).map(State::wireName).toList())
            + ")"))));
    for (String key : new String[] {"state", "result", "error", "startedAt", "finishedAt"}) {
      if (reported.containsKey(key)) {
        json.put(key, reported.getValue(key));
      }
    }
    state = end;
  }

  /**
   * A publish_failed job published after all (a retried publish): completed, with the error
   * gone. The only way out of a final state.
   */
  public void published(JsonObject publish) {
    guard(state == State.PUBLISH_FAILED, "be published again");
    json.put("state", State.COMPLETED.wireName()).putNull("error");
    state = State.COMPLETED;
    result().put("publish", publish);
  }

  /** A retried publish failed too: the job stays publish_failed, with the newest reason. */
  public void publishFailedAgain(JsonObject publish, String message) {
    guard(state == State.PUBLISH_FAILED, "fail to publish again");
    json.put("error", new JsonObject().put("code", FailureReason.PUBLISH_FAILED.wireName()).put("message", message));
    result().put("publish", publish);
  }

  /** The result being built; created when the job starts. */
  public JsonObject result() {
    if (json.getJsonObject("result") == null) {
      json.put("result", new JsonObject().putNull("summary").put("diff", "").put("changedFiles", new JsonArray())
          .putNull("branch").putNull("commit").putNull("baseCommit").put("commands", new JsonArray())
          .put("validation", new JsonArray()).put("stages", new JsonArray()).putNull("exitReason"));
    }
    return json.getJsonObject("result");
  }

  public void addCommand(JsonObject command) {
    result().getJsonArray("commands").add(command);
  }

  public void addValidation(JsonObject validation) {
    result().getJsonArray("validation").add(validation);
  }

  public void addStage(JsonObject stage) {
    result().getJsonArray("stages").add(stage);
  }

  public void resultField(String key, Object value) {
    result().put(key, value);
  }

  /** Ends the job; the error is kept for failed, blocked and cancelled jobs when given. */
  public void finish(State state, FailureReason reason, String errorMessage) {
    guard(!this.state.finished() && state.finished(), "end as " + state.wireName());
    json.put("state", state.wireName()).put("finishedAt", Instant.now().toString());
    this.state = state;
    if (reason != null) {
      json.put("error", new JsonObject().put("code", reason.wireName()).put("message", errorMessage));
    }
  }

  /**
   * The state machine: queued → running → one final state, queued → a final state (cancelled,
   * failed at restart), running → queued (a dispatch whose executor vanished), publish_failed →
   * completed (a retried publish). Nothing else leaves a final state. The one owner of a job's state (its service) never asks otherwise; when it
   * does, that is a bug, refused without touching the record.
   */
  private void guard(boolean allowed, String what) {
    if (!allowed) {
      throw new IllegalStateException("job " + json.getString("id") + " is " + state.wireName() + "; it cannot " + what);
    }
  }

  public JsonObject toJson() {
    return json.copy();
  }

  /** The short form for lists: no diff, commands or events. */
  public JsonObject summary() {
    return summaryOf(json);
  }

  /** The short form of a record's JSON (this record's, or a copy's). */
  static JsonObject summaryOf(JsonObject json) {
    JsonObject result = json.getJsonObject("result");
    return new JsonObject().put("id", json.getString("id")).put("state", json.getString("state"))
        .put("ticket", json.getJsonObject("ticket").copy()).put("provider", json.getString("provider"))
        .put("model", json.getString("model")).put("createdAt", json.getString("createdAt"))
        .put("startedAt", json.getString("startedAt")).put("finishedAt", json.getString("finishedAt"))
        .put("summary", result == null ? null : result.getString("summary"))
        .put("repository", workSource(json))
        .put("error", json.getJsonObject("error"));
  }

  /** Where the work repository came from (its path or URL), for lists. */
  private static String workSource(JsonObject json) {
    JsonArray repositories = json.getJsonArray("repositories");
    if (repositories == null) {
      return null;
    }
    return repositories.stream().map(JsonObject.class::cast).filter(r -> "work".equals(r.getString("role")))
        .map(r -> r.getString("source")).findFirst().orElse(null);
  }
}
