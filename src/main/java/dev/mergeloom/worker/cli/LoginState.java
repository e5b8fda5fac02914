package dev.mergeloom.worker.cli;

/** Where a CLI login stands (contract §2.5). */
public enum LoginState {
  STARTING,
  AWAITING_USER,
  SUCCEEDED,
  FAILED,
  EXPIRED,
  CANCELLED;

  public boolean finished() {
    return this == SUCCEEDED || this == FAILED || this == EXPIRED || this == CANCELLED;
  }

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
