package dev.mergeloom.worker.config;

/** Who writes provider (or runtime) settings: contract §2.1. */
public enum ConfigMode {
  /** The UI and API write; deployment values are locked and win. */
  UI,
  /** Only the deployment writes; the API refuses writes with 409. */
  PROVISIONED,
  /** Executors: fetched from the gateway over the cluster API; the executor's own deployment values still win. */
  GATEWAY;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
