package dev.mergeloom.worker.jobs.model;

import dev.mergeloom.worker.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A job's event stream: numbered events kept in memory while it runs (and stored with the record
 * when it ends), each also published on {@link Addresses#jobEvents} for live readers. Bounded:
 * past {@link #LIMIT} events only the count grows, so a chatty command cannot exhaust memory.
 * Used on the context that owns the job only (see {@link JobRecord}), so it has no lock.
 */
public final class JobEvents {
  public static final int LIMIT = 5_000;
  private final Vertx vertx;
  private final String address;
  private final List<JsonObject> events = new ArrayList<>();
  private long next = 1;
  private long dropped;
  private java.util.function.Consumer<JsonObject> forward = e -> {};

  public JobEvents(Vertx vertx, String jobId) {
    this.vertx = vertx;
    this.address = Addresses.jobEvents(jobId);
  }

  /** Restores the stream of a finished job from its stored events. */
  public static JobEvents restored(Vertx vertx, String jobId, JsonArray stored) {
    JobEvents e = new JobEvents(vertx, jobId);
    stored.forEach(o -> e.events.add((JsonObject) o));
    e.next = e.events.isEmpty() ? 1 : e.events.get(e.events.size() - 1).getLong("id") + 1;
    return e;
  }

  public void add(String type, JsonObject data) {
    JsonObject event = new JsonObject().put("id", next++).put("type", type).put("at", Instant.now().toString())
        .put("data", data);
    if (events.size() < LIMIT) {
      events.add(event);
    } else {
      dropped++;
    }
    vertx.eventBus().publish(address, event);
    forward.accept(event);
  }

  /** Also hands every new event to {@code sink} (an executor forwards them to the gateway). */
  public void forwardTo(java.util.function.Consumer<JsonObject> sink) {
    this.forward = sink;
  }

  /** Events with an id above {@code after}, in order. */
  public List<JsonObject> after(long after) {
    return events.stream().filter(e -> e.getLong("id") > after).toList();
  }

  public JsonArray toJson() {
    return new JsonArray(new ArrayList<>(events));
  }

  public long dropped() {
    return dropped;
  }
}
