package dev.mergeloom.worker.cluster;

import dev.mergeloom.worker.config.Settings;
import dev.mergeloom.worker.config.SettingsView;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gateway's config snapshots, made from the newest settings revision under one version key
 * for the worker's life. Every HTTP verticle's feed and the executor registry use the same key,
 * so equal settings give one version whichever event loop an executor's poll lands on.
 */
public final class ConfigSnapshots {
  private final SettingsView settings;
  private final byte[] versionKey = new byte[32];
  /**
   * The snapshot of the newest revision asked for: every executor's poll and every executor row
   * asks for the current version, and a snapshot (all providers resolved, an HMAC) is made once
   * per revision, not once per ask. Shared by the HTTP verticles, hence the atomic reference.
   */
  private final AtomicReference<Made> last = new AtomicReference<>();

  private record Made(long revision, ConfigSnapshot snapshot) {}

  public ConfigSnapshots(SettingsView settings) {
    this.settings = settings;
    new SecureRandom().nextBytes(versionKey);
  }

  ConfigSnapshot current() {
    return of(settings.current());
  }

  ConfigSnapshot of(Settings revision) {
    Made made = last.get();
    if (made != null && made.revision() == revision.revision()) {
      return made.snapshot();
    }
    ConfigSnapshot snapshot = ConfigSnapshot.of(revision, versionKey);
    last.accumulateAndGet(new Made(revision.revision(), snapshot),
        (held, given) -> held == null || given.revision() > held.revision() ? given : held);
    return snapshot;
  }

  SettingsView settings() {
    return settings;
  }
}
