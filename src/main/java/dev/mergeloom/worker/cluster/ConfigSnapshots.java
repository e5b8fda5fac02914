package dev.mergeloom.worker.cluster;

import dev.mergeloom.worker.config.Settings;
import dev.mergeloom.worker.config.SettingsView;
import java.security.SecureRandom;

/**
 * The gateway's config snapshots, made from the newest settings revision under one version key
 * for the worker's life. Every HTTP verticle's feed and the executor registry use the same key,
 * so equal settings give one version whichever event loop an executor's poll lands on.
 */
public final class ConfigSnapshots {
  private final SettingsView settings;
  private final byte[] versionKey = new byte[32];

  public ConfigSnapshots(SettingsView settings) {
    this.settings = settings;
    new SecureRandom().nextBytes(versionKey);
  }

  ConfigSnapshot current() {
    return of(settings.current());
  }

  ConfigSnapshot of(Settings revision) {
    return ConfigSnapshot.of(revision, versionKey);
  }

  SettingsView settings() {
    return settings;
  }
}
