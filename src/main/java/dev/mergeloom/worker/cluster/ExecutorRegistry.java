package dev.mergeloom.worker.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's view of its executors: each cluster API call says who is calling, which config
 * version it holds and how many jobs it runs. Nothing is forgotten; an executor not heard from
 * for {@link #STALE_AFTER} is shown as not seen recently.
 */
public final class ExecutorRegistry {
  /** Executors long-poll every 25 s, so two missed polls and a margin. */
  public static final Duration STALE_AFTER = Duration.ofSeconds(75);

  private final Clock clock;
  private final Map<String, Executor> executors = new ConcurrentHashMap<>();
  private final ConfigSnapshots snapshots;

  /** One executor as last seen. */
  public record Executor(String name, Instant lastSeen, String configVersion, int runningJobs, String address) {}

  public ExecutorRegistry(Clock clock, ConfigSnapshots snapshots) {
    this.clock = clock;
    this.snapshots = snapshots;
  }

  ConfigSnapshots snapshots() {
    return snapshots;
  }

  /** Records a call; a header the call did not carry (null) keeps what the executor said before. */
  void seen(String name, String configVersion, Integer runningJobs, String address) {
    executors.compute(name, (n, old) -> new Executor(name, clock.instant(),
        configVersion != null ? configVersion : old == null ? "" : old.configVersion(),
        runningJobs != null ? runningJobs : old == null ? 0 : old.runningJobs(), address));
  }

  /** Whether the executor's last call said it holds the gateway's current config. */
  public boolean configCurrent(Executor e) {
    return e.configVersion() != null && e.configVersion().equals(snapshots.current().version());
  }

  public List<Executor> all() {
    return executors.values().stream().sorted(Comparator.comparing(Executor::name)).toList();
  }

  public boolean recentlySeen(Executor e) {
    return Duration.between(e.lastSeen(), clock.instant()).compareTo(STALE_AFTER) <= 0;
  }

  /**
   * {@code GET /api/v1/executors}: {@code [{"name", "lastSeen", "configVersion", "runningJobs",
   * "recentlySeen", "configCurrent"}]}.
   */
  public JsonArray toJson() {
    return new JsonArray(all().stream().map(e -> new JsonObject().put("name", e.name())
        .put("lastSeen", e.lastSeen().toString()).put("configVersion", e.configVersion())
        .put("runningJobs", e.runningJobs()).put("recentlySeen", recentlySeen(e))
        .put("configCurrent", configCurrent(e))).toList());
  }
}
