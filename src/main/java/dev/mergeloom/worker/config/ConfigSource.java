package dev.mergeloom.worker.config;

/** Where an effective setting came from; {@link #wireName()} is what the API and UI show. */
public enum ConfigSource {
  ENV("env"),
  FILE("file"),
  SECRETS_DIR("secrets-dir"),
  CONFIGMAP("configmap"),
  GATEWAY("gateway"),
  UI("ui"),
  DEFAULT("default");

  private final String wireName;

  ConfigSource(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** Deployment sources lock a value against UI edits (contract §2.1). */
  public boolean isDeployment() {
    return this == ENV || this == FILE || this == SECRETS_DIR || this == CONFIGMAP || this == GATEWAY;
  }
}
