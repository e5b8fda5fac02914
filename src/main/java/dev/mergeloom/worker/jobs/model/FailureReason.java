package dev.mergeloom.worker.jobs.model;

import java.util.Locale;

/**
 * Why a job ended other than completed: a closed list, as GitLab Runner's failure reasons are, so
 * the record's {@code error.code}, the pages and any automation reading them agree on every value
 * (docs/jobs.md lists them).
 */
public enum FailureReason {
  /** The job needs the sandbox's network (a CLI provider's proxy), which does not work here. */
  SANDBOX_UNAVAILABLE,
  /** The repository could not be cloned or checked out. */
  CHECKOUT_FAILED,
  /** Validation still failed after the repair attempts (mode {@code required}). */
  VALIDATION_FAILED,
  /** The committed change could not be pushed (the remote refused it, or the branch there has other commits). */
  PUBLISH_FAILED,
  /** The model said it cannot do the task and why. */
  BLOCKED,
  /** The change broke a diff guard rule (too large, a protected path, a binary file) in mode required. */
  DIFF_GUARD,
  /** Cancelled by request, before or while it ran. */
  CANCELLED,
  /** The session used its turns. */
  MAX_TURNS,
  /** The session used its tokens. */
  TOKEN_LIMIT,
  /** The session ran past its wall time. */
  TIMEOUT,
  /** The provider answered with an error the session could not get past. */
  PROVIDER_ERROR,
  /** The worker stopped while the job was running. */
  WORKER_RESTARTED,
  /** The executor running it stopped reporting. */
  EXECUTOR_LOST,
  /** The queue was full when it was to be queued again. */
  QUEUE_FULL,
  /** A bug in the worker; the log has the cause. */
  INTERNAL;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
