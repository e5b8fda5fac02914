package dev.mergeloom.worker.jobs.model;

import dev.mergeloom.worker.jobs.model.JobRecord.State;

/**
 * How a job ended, decided by its last stage and applied to the record only after the workspace's
 * result (diff, commit) is in, so a reader never sees the end before the commit.
 *
 * @param reason null when completed
 * @param message the operator's reason; null when completed
 */
public record JobEnd(State state, FailureReason reason, String message) {
  public static JobEnd completed() {
    return new JobEnd(State.COMPLETED, null, null);
  }

  public static JobEnd cancelled() {
    return new JobEnd(State.CANCELLED, FailureReason.CANCELLED, "cancelled by request");
  }

  public static JobEnd blocked(String summary) {
    return new JobEnd(State.BLOCKED, FailureReason.BLOCKED, summary);
  }

  /** The diff guard stopped the change before it was committed; {@code rules} says which rule fired. */
  public static JobEnd guarded(String rules) {
    return new JobEnd(State.BLOCKED, FailureReason.DIFF_GUARD, rules);
  }

  /** The change is committed, and pushing it failed; the commit stays in the workspace. */
  public static JobEnd publishFailed(String message) {
    return new JobEnd(State.PUBLISH_FAILED, FailureReason.PUBLISH_FAILED, message);
  }

  public static JobEnd failed(FailureReason reason, String message) {
    return new JobEnd(State.FAILED, reason, message);
  }

  public void applyTo(JobRecord record) {
    record.finish(state, reason, message);
  }
}
