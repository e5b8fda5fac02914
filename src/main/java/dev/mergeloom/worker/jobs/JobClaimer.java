package dev.mergeloom.worker.jobs;

import dev.mergeloom.worker.jobs.model.Directives;
import dev.mergeloom.worker.jobs.model.JobEnvelope;
import dev.mergeloom.worker.jobs.model.JobEvents;
import dev.mergeloom.worker.jobs.model.JobRecord;
import dev.mergeloom.worker.jobs.run.JobDeps;
import dev.mergeloom.worker.jobs.run.JobRunner;
import dev.mergeloom.worker.config.Redactor;
import dev.mergeloom.worker.config.SecretValue;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An executor's side of gateway-held queues: while it has room (the gateway's
 * {@code maxConcurrentJobs}), it claims jobs from {@code POST /cluster/v1/jobs/claim?wait=20} (a
 * long poll the gateway answers as soon as a job is queued, or empty after 20 s), runs each
 * with its own {@link JobRunner}, forwards the events and a heartbeat to
 * {@code POST /cluster/v1/jobs/{id}/report} (whose answer carries a cancel), and reports the
 * final record there. A verticle: its timers, its HTTP answers and the runners it starts all run
 * on its context, so the jobs it runs (records, event streams, outboxes) need no lock.
 */
public final class JobClaimer extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(JobClaimer.class);
  /** How long one claim waits at the gateway for a job. */
  static final int CLAIM_WAIT_SECONDS = 20;
  /** A claim answered sooner than this while none was waiting came from a gateway that does not wait. */
  static final long MIN_EMPTY_CLAIM_MS = 500;
  /** Looks for room now and then too: the job limit can be raised while all slots are full. */
  static final long ROOM_CHECK_MS = 2_000;
  static final long FLUSH_MS = 300;

  private final JobDeps deps;
  private final WebClient client;
  private final String base;
  private final SecretValue token;
  private final String name;
  private final Duration heartbeat;
  /** How many jobs run here; also read by the gateway-config follower, on its own context. */
  private final AtomicInteger running = new AtomicInteger();
  /** Ids of the jobs running here, whose workspaces the retention sweep leaves alone. */
  private final java.util.Set<String> active = new java.util.HashSet<>();
  private boolean stopped;
  private long timer = -1;

  public JobClaimer(JobDeps deps, URI gateway, SecretValue token, String name, Duration heartbeat) {
    this.deps = deps;
    this.client = WebClient.create(deps.vertx(), new WebClientOptions().setConnectTimeout(5_000)
        .setUserAgent("mergeloom-worker-executor"));
    this.base = gateway.toString().replaceAll("/+$", "") + "/cluster/v1/jobs";
    this.token = token;
    this.name = name;
    this.heartbeat = heartbeat;
  }

  public int running() {
    return running.get();
  }

  /** {@code others} and the ids of the jobs running here, taken on the claimer's context. */
  public Future<java.util.Set<String>> runningIds(java.util.Set<String> others) {
    if (context == null) {
      return Future.succeededFuture(others); // not started (yet): it runs nothing
    }
    Promise<java.util.Set<String>> ids = Promise.promise();
    context.runOnContext(v -> {
      java.util.Set<String> all = new java.util.HashSet<>(others);
      all.addAll(active);
      ids.complete(all);
    });
    return ids.future();
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(ROOM_CHECK_MS, t -> claimWhileRoom());
    claimWhileRoom();
    return Future.succeededFuture();
  }

  /** When the worker stops (its verticles are undeployed): no new claim; the runners' processes are the process manager's to stop. */
  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    client.close();
    return Future.succeededFuture();
  }

  private int limit() {
    return deps.runtime().values().maxConcurrentJobs();
  }

  /** One claim at a time. */
  private boolean claiming;

  private void claimWhileRoom() {
    if (!deps.sandbox().jobsAllowed()) {
      return; // an executor that cannot sandbox takes no job (its /health says why); others will
    }
    if (stopped || running.get() >= limit() || claiming) {
      return;
    }
    claiming = true;
    long asked = System.nanoTime();
    post("/claim?wait=" + CLAIM_WAIT_SECONDS, new JsonObject(), (CLAIM_WAIT_SECONDS + 10) * 1000L).onComplete(ar -> {
      claiming = false;
      if (ar.succeeded() && ar.result().statusCode() == 200) {
        run(ar.result().bodyAsJsonObject());
        claimWhileRoom();
      } else if (ar.succeeded() && ar.result().statusCode() == 204
          && System.nanoTime() - asked >= MIN_EMPTY_CLAIM_MS * 1_000_000) {
        claimWhileRoom(); // the long poll ran out: ask again at once
      } else {
        if (ar.failed()) {
          LOG.debug("claiming from the gateway failed: {}", ar.cause().getMessage());
        } else if (ar.result().statusCode() != 204) {
          LOG.debug("claiming from the gateway: HTTP {}", ar.result().statusCode());
        }
        // The gateway is away, refused, or answered at once without waiting: not in a tight loop.
        deps.vertx().setTimer(MIN_EMPTY_CLAIM_MS, t -> claimWhileRoom());
      }
    });
  }

  /** Events waiting for the next report; a gateway that does not answer cannot make this grow without end. */
  static final int MAX_OUTBOX = 5_000;

  private void run(JsonObject claimed) {
    JobEnvelope envelope = JobEnvelope.parse(claimed.getJsonObject("envelope"));
    envelope.repositories().forEach(r -> r.accessToken().map(SecretValue::reveal).ifPresent(Redactor::register));
    java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
    claimed.getJsonObject("directives", new JsonObject()).forEach(e -> values.put(e.getKey(), String.valueOf(e.getValue())));
    JobRecord record = JobRecord.restore(claimed.getJsonObject("job"));
    JobEvents events = new JobEvents(deps.vertx(), record.id());
    List<JsonObject> outbox = new ArrayList<>();
    events.forwardTo(e -> {
      if (outbox.size() >= MAX_OUTBOX) {
        return; // the gateway is away: the job's record still ends complete, its stream loses the middle
      }
      outbox.add(new JsonObject().put("type", e.getString("type")).put("data", e.getJsonObject("data")));
    });
    // The secrets of this job's provider, for this job only (the config feed carries none).
    java.util.Map<String, String> secrets = ClaimAnswer.secrets(claimed);
    secrets.values().forEach(Redactor::register);
    JobRunner runner = new JobRunner(deps, record, envelope, new Directives(values, List.of()), events, secrets);
    running.incrementAndGet();
    active.add(record.id());
    LOG.info("running job {} (ticket {}) for the gateway", record.id(), record.ticketKey());
    long[] lastReport = {System.nanoTime()};
    long flusher = deps.vertx().setPeriodic(FLUSH_MS, t -> {
      boolean due = System.nanoTime() - lastReport[0] > heartbeat.toNanos();
      if (!outbox.isEmpty() || due) {
        lastReport[0] = System.nanoTime();
        report(record.id(), drain(outbox), null).onComplete(ar -> {
          // Cancelled on the gateway, or no longer ours (the lease ran out and it went to another).
          if (ar.succeeded() ? ar.result().getBoolean("cancel", false) : ar.cause() instanceof NotAssigned) {
            runner.cancel();
          }
        });
      }
    });
    runner.run().onComplete(ar -> {
      active.remove(record.id());
      deps.vertx().cancelTimer(flusher);
      finish(record, outbox, 0);
    });
  }

  /** The final report, retried a few times: losing it would leave the job to the lease. */
  private void finish(JobRecord record, List<JsonObject> outbox, int attempt) {
    report(record.id(), drain(outbox), record.toJson()).onComplete(ar -> {
      if (ar.succeeded() || ar.cause() instanceof NotAssigned || attempt >= 5 || stopped) {
        running.decrementAndGet();
        LOG.info("job {} {} and reported", record.id(), record.state().wireName());
        claimWhileRoom(); // a slot is free again
      } else {
        deps.vertx().setTimer(1_000L << attempt, t -> finish(record, outbox, attempt + 1));
      }
    });
  }

  private static JsonArray drain(List<JsonObject> outbox) {
    JsonArray batch = new JsonArray(new ArrayList<>(outbox));
    outbox.clear();
    return batch;
  }

  private Future<JsonObject> report(String id, JsonArray events, JsonObject finalRecord) {
    JsonObject body = new JsonObject().put("events", events);
    if (finalRecord != null) {
      body.put("record", finalRecord);
    }
    return post("/" + id + "/report", body).compose(r -> r.statusCode() == 200 ? Future.succeededFuture(r.bodyAsJsonObject())
        : Future.failedFuture(r.statusCode() == 409 ? new NotAssigned(id) : new IllegalStateException(
            "the gateway answered HTTP " + r.statusCode())));
  }

  /** The gateway gave the job to someone else (our lease ran out): stop working on it. */
  static final class NotAssigned extends RuntimeException {
    NotAssigned(String id) {
      super("job " + id + " is no longer assigned to this executor", null, false, false);
    }
  }

  private Future<HttpResponse<Buffer>> post(String path, JsonObject body) {
    return post(path, body, 30_000);
  }

  private Future<HttpResponse<Buffer>> post(String path, JsonObject body, long timeoutMs) {
    return client.postAbs(base + path).timeout(timeoutMs).putHeader("Authorization", "Bearer " + token.reveal())
        .putHeader("X-MergeLoom-Executor", name).putHeader("X-MergeLoom-Running-Jobs", Integer.toString(running.get()))
        .sendJsonObject(body);
  }
}
