package dev.mergeloom.worker.jobs;

import dev.mergeloom.worker.bus.Refusal;

import dev.mergeloom.worker.config.InvalidSettingsException;
import dev.mergeloom.worker.config.Redactor;
import dev.mergeloom.worker.jobs.JobRecord.State;
import dev.mergeloom.worker.selftest.SelfTestService;
import dev.mergeloom.worker.store.JobStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Intake, queue and bookkeeping of jobs. A job is checked whole at intake (envelope, selection,
 * self-test gate, command allowlist) so a refused job never enters the queue. At most
 * {@code maxConcurrentJobs} run at once; the rest wait in order, and a running job is never
 * evicted. All queue decisions happen on one context, so they need no locks.
 */
public final class JobService {
  private static final Logger LOG = LoggerFactory.getLogger(JobService.class);
  public static final int QUEUE_LIMIT = 10_000;

  private final JobDeps deps;
  private final JobStore store;
  private final SelfTestService selfTests;
  private final Context context;
  private final Map<String, JobRecord> records = new ConcurrentHashMap<>();
  private final Map<String, JobEvents> liveEvents = new ConcurrentHashMap<>();
  private final Map<String, JobRunner> runners = new ConcurrentHashMap<>();
  private final Deque<Queued> queue = new ArrayDeque<>();
  private final MeterRegistry metrics;
  private int runningCount;
  /** Gateway: queued jobs go to executors that claim them instead of running here. */
  private boolean dispatch;
  private java.time.Duration lease = java.time.Duration.ofSeconds(45);
  private final Map<String, Assignment> assignments = new java.util.HashMap<>();
  /** Gateway: executors' claims waiting for a job (long polls), oldest first. */
  private final Deque<WaitingClaim> claims = new ArrayDeque<>();

  private record Queued(JobRecord record, JobEnvelope envelope, Directives directives) {}

  /** A job an executor claimed: who, until when it must report, whether it reported yet. */
  private static final class Assignment {
    final Queued job;
    final String executor;
    long leaseUntil;
    boolean started;
    boolean cancelRequested;

    Assignment(Queued job, String executor, long leaseUntil) {
      this.job = job;
      this.executor = executor;
      this.leaseUntil = leaseUntil;
    }
  }

  private JobService(JobDeps deps, JobStore store, SelfTestService selfTests, MeterRegistry metrics, Context context) {
    this.deps = deps;
    this.store = store;
    this.selfTests = selfTests;
    this.metrics = metrics;
    this.context = context;
  }

  /**
   * Loads the stored records; a job that was queued or running when the worker stopped is marked
   * failed with reason {@code worker_restarted} (its access token, kept only in memory, is gone).
   */
  public static Future<JobService> load(JobDeps deps, JobStore store, SelfTestService selfTests, MeterRegistry metrics) {
    return JobLoop.own(deps.vertx()).compose(context -> load(new JobService(deps, store, selfTests, metrics, context)));
  }

  private static Future<JobService> load(JobService service) {
    JobStore store = service.store;
    return store.loadAll().compose(all -> {
      List<Future<Void>> fixes = new ArrayList<>();
      for (JsonObject stored : all) {
        JobRecord record = JobRecord.restore(stored);
        service.records.put(record.id(), record);
        if (!record.state().finished()) {
          record.finish(State.FAILED, FailureReason.WORKER_RESTARTED, "the worker stopped while this job was "
              + record.state().wireName() + "; submit it again");
          fixes.add(store.save(record.toJson(), null));
        }
      }
      return Future.all(fixes).map(v -> service);
    }).onSuccess(JobService::registerMetrics);
  }

  private void registerMetrics() {
    Gauge.builder("mergeloom_jobs_queued", this, s -> s.queue.size()).description("Jobs waiting to run")
        .register(metrics);
    Gauge.builder("mergeloom_jobs_running", this, s -> s.runningCount).description("Jobs running now")
        .register(metrics);
  }

  /**
   * Gateway mode: jobs wait here for executors (no local runs). An executor that has not
   * reported for three heartbeat intervals loses the job: failed with {@code executor_lost} when
   * it had started it, back to the queue when it had not.
   */
  public JobService dispatchToExecutors(java.time.Duration heartbeat) {
    this.dispatch = true;
    this.lease = heartbeat.multipliedBy(3);
    deps.vertx().setPeriodic(Math.max(200, heartbeat.toMillis() / 2), t -> context.runOnContext(v -> expireLeases()));
    return this;
  }

  /**
   * The next queued job for {@code executor}, as the cluster API hands it over. When none waits,
   * the claim waits up to {@code wait} for one (a long poll: an idle executor learns of a new job
   * at once, without asking twice a second), then answers empty; {@code gone} ends the wait early
   * (the executor hung up).
   */
  public Future<Optional<JsonObject>> claim(String executor, java.time.Duration wait, Future<Void> gone) {
    var claimed = io.vertx.core.Promise.<Optional<JsonObject>>promise();
    context.runOnContext(v -> {
      Queued next = queue.pollFirst();
      if (next != null) {
        claimed.complete(Optional.of(assign(next, executor)));
        return;
      }
      if (wait.isZero() || wait.isNegative()) {
        claimed.complete(Optional.empty());
        return;
      }
      WaitingClaim waiting = new WaitingClaim(executor, claimed);
      claims.addLast(waiting);
      long timer = deps.vertx().setTimer(wait.toMillis(), t -> context.runOnContext(x -> {
        if (claims.remove(waiting)) {
          claimed.tryComplete(Optional.empty());
        }
      }));
      gone.onComplete(x -> context.runOnContext(y -> {
        deps.vertx().cancelTimer(timer);
        if (claims.remove(waiting)) {
          claimed.tryComplete(Optional.empty());
        }
      }));
    });
    return claimed.future();
  }

  /** An executor's claim waiting for a job. */
  private record WaitingClaim(String executor, io.vertx.core.Promise<Optional<JsonObject>> answer) {}

  /** Gateway: hands queued jobs to waiting claims, oldest claim first. On the service's context. */
  private void serveWaitingClaims() {
    while (!claims.isEmpty() && !queue.isEmpty()) {
      WaitingClaim waiting = claims.pollFirst();
      waiting.answer().tryComplete(Optional.of(assign(queue.pollFirst(), waiting.executor())));
    }
  }

  /** Gives a queued job to an executor under a lease; answers what the claim hands over. */
  private JsonObject assign(Queued next, String executor) {
    next.record().running();
    runningCount++;
    assignments.put(next.record().id(), new Assignment(next, executor, System.nanoTime() + lease.toNanos()));
    liveEvents.get(next.record().id()).add("job.claimed", new JsonObject().put("executor", executor));
    store.save(next.record().toJson(), null);
    LOG.info("job {} claimed by executor {}", next.record().id(), executor);
    return ClaimAnswer.of(next.record(), next.envelope(), next.directives(), deps.providers().get(next.record().provider()));
  }

  /**
   * An executor's report on a job it runs: new events, and at the end its record. Renews the
   * lease; answers whether the job should be cancelled. A {@link Refusal} when the job is not this
   * executor's any more.
   */
  public Future<JsonObject> report(String id, String executor, JsonArray events, JsonObject finalRecord) {
    var answered = io.vertx.core.Promise.<JsonObject>promise();
    context.runOnContext(v -> {
      Assignment a = assignments.get(id);
      if (a == null || !a.executor.equals(executor)) {
        answered.fail(new Refusal(Refusal.Code.JOB_NOT_ASSIGNED, "Job " + id + " is not assigned to " + executor));
        return;
      }
      a.leaseUntil = System.nanoTime() + lease.toNanos();
      a.started = true;
      JobEvents stream = liveEvents.get(id);
      events.forEach(e -> {
        JsonObject event = (JsonObject) e;
        stream.add(event.getString("type"), event.getJsonObject("data", new JsonObject()));
      });
      if (finalRecord != null) {
        try {
          a.job.record().adopt(finalRecord);
        } catch (RuntimeException e) {
          // A record that is not a final one (a bad state) is refused naming the field; the job
          // stays assigned, so a good report or the lease decides it.
          answered.fail(e);
          return;
        }
        assignments.remove(id);
        ended(a.job.record(), a.job.record().state(), null);
      }
      answered.complete(new JsonObject().put("cancel", a.cancelRequested));
    });
    return answered.future();
  }

  private void expireLeases() {
    long now = System.nanoTime();
    for (Assignment a : List.copyOf(assignments.values())) {
      if (a.leaseUntil > now) {
        continue;
      }
      assignments.remove(a.job.record().id());
      if (!a.started) {
        LOG.warn("executor {} did not start job {}: back to the queue", a.executor, a.job.record().id());
        runningCount--;
        a.job.record().requeue();
        queue.addFirst(a.job);
        store.save(a.job.record().toJson(), null);
        serveWaitingClaims();
      } else {
        LOG.warn("executor {} stopped reporting on job {}: failed as executor_lost", a.executor, a.job.record().id());
        a.job.record().finish(State.FAILED, FailureReason.EXECUTOR_LOST, "executor " + a.executor + " stopped reporting for "
            + lease.toSeconds() + " s");
        liveEvents.get(a.job.record().id()).add("job.state", new JsonObject().put("state", "failed"));
        ended(a.job.record(), State.FAILED, null);
      }
    }
  }

  /** Checks and queues a job; fails with {@link InvalidSettingsException} (400) or {@link Refusal}. */
  public Future<JobRecord> submit(JsonObject body) {
    JobEnvelope envelope;
    Directives directives;
    Selection selection;
    JobAdmission admission = new JobAdmission(deps, selfTests);
    try {
      admission.sandbox(dispatch);
      envelope = JobEnvelope.parse(body);
      directives = envelope.directives() != null ? Directives.resolved(envelope.directives())
          : Directives.parse(envelope.ticket().description());
      selection = Selection.choose(directives, envelope.workRepository(), deps.runtime().values(), deps.providers());
      admission.selfTest(selection);
      admission.commands(envelope);
    } catch (Selection.Unavailable e) {
      return Future.failedFuture(new Refusal(Refusal.Code.NO_PROVIDER, e.getMessage()));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    envelope.repositories().forEach(r -> r.accessToken().ifPresent(t -> Redactor.register(t.reveal())));
    JobRecord record = JobRecord.create(UUID.randomUUID().toString(), envelope, selection, directives.warnings());
    return store.save(record.toJson(), null).compose(v -> {
      var accepted = io.vertx.core.Promise.<JobRecord>promise();
      context.runOnContext(x -> {
        if (queue.size() >= QUEUE_LIMIT) {
          record.finish(State.FAILED, FailureReason.QUEUE_FULL, "the queue holds " + QUEUE_LIMIT + " jobs");
          store.save(record.toJson(), null);
          accepted.fail(new Refusal(Refusal.Code.QUEUE_FULL, "The job queue is full (" + QUEUE_LIMIT
              + " waiting); try again later."));
          return;
        }
        records.put(record.id(), record);
        JobEvents events = new JobEvents(deps.vertx(), record.id());
        liveEvents.put(record.id(), events);
        events.add("job.state", new JsonObject().put("state", "queued").put("selection", selection.toJson()));
        queue.addLast(new Queued(record, envelope, directives));
        LOG.info("job {} queued: ticket {} on {} / {}", record.id(), record.ticketKey(), selection.provider(),
            selection.model());
        drain();
        accepted.complete(record);
      });
      return accepted.future();
    });
  }

  /** Starts queued jobs while there is room; runs on the service's context. */
  private void drain() {
    if (dispatch) {
      serveWaitingClaims();
      return;
    }
    int limit = deps.runtime().values().maxConcurrentJobs();
    while (runningCount < limit && !queue.isEmpty()) {
      Queued next = queue.pollFirst();
      runningCount++;
      JobRunner runner = new JobRunner(deps, next.record(), next.envelope(), next.directives(),
          liveEvents.get(next.record().id()));
      runners.put(next.record().id(), runner);
      store.save(next.record().toJson(), null);
      runner.run().onComplete(ar -> context.runOnContext(v -> ended(next.record(), ar.succeeded() ? ar.result()
          : State.FAILED, ar.cause())));
    }
  }

  private void ended(JobRecord record, State state, Throwable unexpected) {
    if (unexpected != null) {
      LOG.error("job {} failed unexpectedly", record.id(), unexpected);
      record.finish(State.FAILED, FailureReason.INTERNAL, "the worker failed: " + unexpected.getMessage());
    }
    runningCount--;
    runners.remove(record.id());
    Counter.builder("mergeloom_jobs_finished_total").tag("outcome", record.state().wireName())
        .description("Jobs finished, by outcome").register(metrics).increment();
    JobEvents events = liveEvents.get(record.id());
    LOG.info("job {} {}", record.id(), record.state().wireName());
    store.save(record.toJson(), events.toJson()).onComplete(ar -> liveEvents.remove(record.id()));
    drain();
  }

  /** Cancels a queued job at once, a running one within seconds; a finished one is left as it is (409). */
  public Future<JobRecord> cancel(String id) {
    var done = io.vertx.core.Promise.<JobRecord>promise();
    context.runOnContext(v -> {
      JobRecord record = records.get(id);
      if (record == null) {
        done.fail(new Refusal(Refusal.Code.JOB_NOT_FOUND, "No job " + id));
        return;
      }
      if (record.state().finished()) {
        done.fail(new Refusal(Refusal.Code.JOB_FINISHED, "Job " + id + " already ended (" + record.state().wireName() + ")"));
        return;
      }
      if (queue.removeIf(q -> q.record().id().equals(id))) {
        record.finish(State.CANCELLED, FailureReason.CANCELLED, "cancelled before it started");
        JobEvents events = liveEvents.get(id);
        events.add("job.state", new JsonObject().put("state", "cancelled"));
        store.save(record.toJson(), events.toJson());
        liveEvents.remove(id);
        done.complete(record);
        return;
      }
      Optional.ofNullable(runners.get(id)).ifPresent(JobRunner::cancel);
      Optional.ofNullable(assignments.get(id)).ifPresent(a -> a.cancelRequested = true);
      done.complete(record);
    });
    return done.future();
  }

  public Optional<JobRecord> get(String id) {
    return Optional.ofNullable(records.get(id));
  }

  /** The newest {@code limit} jobs, newest first, optionally only those in one state. */
  public List<JobRecord> list(String state, int limit) {
    List<JobRecord> all = new ArrayList<>(records.values());
    all.sort(java.util.Comparator.comparing(JobRecord::createdAt).reversed());
    return all.stream().filter(r -> state == null || r.state().wireName().equals(state)).limit(limit).toList();
  }

  /** The live stream of a queued or running job, if it is one. */
  public Optional<JobEvents> liveEvents(String id) {
    return Optional.ofNullable(liveEvents.get(id));
  }

  /** The stored events of a finished job. */
  public Future<JsonArray> storedEvents(String id) {
    return store.events(id);
  }

  public int running() {
    return runningCount;
  }

  /** Whether the job runs in this process now (its workspace is in use). */
  public boolean runs(String id) {
    return runners.containsKey(id);
  }

  public int queued() {
    return queue.size();
  }

  /** Counts by state, for pages. */
  public Map<String, Long> counts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (State s : State.values()) {
      counts.put(s.wireName(), records.values().stream().filter(r -> r.state() == s).count());
    }
    return counts;
  }
}
