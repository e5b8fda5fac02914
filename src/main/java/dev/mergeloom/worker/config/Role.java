package dev.mergeloom.worker.config;

/** {@code JCA_WORKER_ROLE}: which parts of the worker this process runs (contract §1). */
public enum Role {
  STANDALONE,
  GATEWAY,
  EXECUTOR;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
