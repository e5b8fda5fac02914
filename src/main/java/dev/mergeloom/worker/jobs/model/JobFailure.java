package dev.mergeloom.worker.jobs.model;

/** A step that ends the job as failed with a closed reason; the message is the operator's. */
public final class JobFailure extends RuntimeException {
  private final FailureReason reason;

  public JobFailure(FailureReason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public FailureReason reason() {
    return reason;
  }
}
