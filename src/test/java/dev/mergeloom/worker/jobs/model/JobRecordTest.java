package dev.mergeloom.worker.jobs.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mergeloom.worker.config.InvalidSettingsException;
import dev.mergeloom.worker.jobs.model.JobRecord.State;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The record's state machine: the allowed moves work, the others are refused and change nothing. */
class JobRecordTest {

  private static JobRecord queued() {
    return JobRecord.restore(new JsonObject().put("id", "j-1").put("state", "queued")
        .put("createdAt", "2026-12-02T10:00:00Z").putNull("startedAt").putNull("finishedAt").putNull("result")
        .putNull("error"));
  }

  @Test
  void aJobRunsAndEndsOnce() {
    JobRecord record = queued();
    record.running();
    assertThat(record.state()).isEqualTo(State.RUNNING);
    assertThat(record.toJson().getString("startedAt")).isNotNull();
    record.finish(State.FAILED, FailureReason.TIMEOUT, "the job ran out of time");
    assertThat(record.toJson().getJsonObject("error").getString("code")).isEqualTo("timeout");

    JsonObject before = record.toJson();
    assertThatThrownBy(() -> record.finish(State.COMPLETED, null, null)).isInstanceOf(IllegalStateException.class)
        .hasMessage("job j-1 is failed; it cannot end as completed");
    assertThatThrownBy(record::running).hasMessageContaining("cannot start");
    assertThatThrownBy(record::requeue).hasMessageContaining("cannot go back to the queue");
    assertThat(record.toJson()).as("a refused move touches nothing").isEqualTo(before);
  }

  @Test
  void aQueuedJobCanBeCancelledAndARunningOneRequeued() {
    JobRecord cancelled = queued();
    cancelled.finish(State.CANCELLED, FailureReason.CANCELLED, "cancelled before it ran");
    assertThat(cancelled.state()).isEqualTo(State.CANCELLED);

    JobRecord dispatched = queued();
    dispatched.running();
    dispatched.requeue();
    assertThat(dispatched.state()).isEqualTo(State.QUEUED);
    assertThat(dispatched.toJson().getValue("startedAt")).isNull();
  }

  @Test
  void endingInAStateThatIsNotFinalIsRefused() {
    JobRecord record = queued();
    assertThatThrownBy(() -> record.finish(State.RUNNING, null, null)).hasMessageContaining("cannot end as running");
    assertThat(record.state()).isEqualTo(State.QUEUED);
  }

  @Test
  void anExecutorsFinalRecordIsTakenOverOnlyWhenItIsFinal() {
    JobRecord record = queued();
    record.running();
    assertThatThrownBy(() -> record.adopt(new JsonObject().put("state", "running")))
        .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("record.state")
        .hasMessageContaining("got 'running'");
    assertThatThrownBy(() -> record.adopt(new JsonObject().put("state", 7))).hasMessageContaining("got '7'");
    assertThat(record.state()).isEqualTo(State.RUNNING);

    record.adopt(new JsonObject().put("state", "completed").put("finishedAt", "2026-12-02T10:05:00Z")
        .put("result", new JsonObject().put("summary", "done")).put("ignored", "x"));
    assertThat(record.state()).isEqualTo(State.COMPLETED);
    assertThat(record.toJson().getString("finishedAt")).isEqualTo("2026-12-02T10:05:00Z");
    assertThat(record.toJson().containsKey("ignored")).as("only the record's own fields are taken").isFalse();
    assertThatThrownBy(() -> record.adopt(new JsonObject().put("state", "failed")))
        .isInstanceOf(IllegalStateException.class);
  }
}
