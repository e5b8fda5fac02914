package dev.mergeloom.worker.jobs;

import dev.mergeloom.worker.jobs.model.FailureReason;
import dev.mergeloom.worker.jobs.model.JobEvents;
import dev.mergeloom.worker.jobs.model.JobRecord;
import dev.mergeloom.worker.jobs.model.JobView;
import dev.mergeloom.worker.jobs.run.JobDeps;
import dev.mergeloom.worker.jobs.run.JobRunner;
import dev.mergeloom.worker.bus.Addresses;
import dev.mergeloom.worker.bus.Bus;
import dev.mergeloom.worker.bus.Refusal;
import dev.mergeloom.worker.jobs.model.JobRecord.State;
import dev.mergeloom.worker.jobs.Jobs.EventReplay;
import dev.mergeloom.worker.jobs.Jobs.EventsQuery;
import dev.mergeloom.worker.jobs.Jobs.JobList;
import dev.mergeloom.worker.jobs.Jobs.ListQuery;
import dev.mergeloom.worker.jobs.Jobs.Submission;
import dev.mergeloom.worker.selftest.SelfTestService;
import dev.mergeloom.worker.store.JobStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner of the jobs: the records, the queue, the live event streams and the state machine
 * (only this verticle changes a job's state; {@link JobRecord} refuses a change out of a final
 * one). Requests arrive from {@link Jobs} on the {@code JOBS_*} addresses; a job's runner is
 * started here and runs on this verticle's context, so nothing here needs a lock. At most
 * {@code maxConcurrentJobs} run at once; the rest wait in order, and a running job is never
 * evicted. On a gateway the queue is served to executors instead ({@link JobDispatch}).
 */
public final class JobsVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(JobsVerticle.class);

  private final JobDeps deps;
  private final JobStore store;
  private final MeterRegistry metrics;
  private final Optional<Duration> heartbeat;
  private final Map<String, JobRecord> records = new HashMap<>();
  /**
   * The same records, oldest first: a list (newest first) walks back from the end and stops at
   * its limit, instead of sorting every record on the context that also runs the jobs.
   */
  private final List<JobRecord> byCreation = new ArrayList<>();
  /** The newest run of each ticket on each work repository ("key\u0000source" → id), for previousRun. */
  private final Map<String, String> newestRun = new HashMap<>();
  private final Map<String, JobEvents> liveEvents = new HashMap<>();
  private final Map<String, JobRunner> runners = new HashMap<>();
  /** Jobs whose publish is being retried now. */
  private final Set<String> republishing = new java.util.HashSet<>();
  private final Deque<Submission> queue = new ArrayDeque<>();
  private int runningCount;
  /** Copies of the two counts for the metrics scrape, which reads them from its own thread. */
  private final AtomicInteger queuedGauge = new AtomicInteger();
  private final AtomicInteger runningGauge = new AtomicInteger();
  private JobDispatch dispatch;

  private JobsVerticle(JobDeps deps, JobStore store, MeterRegistry metrics, Optional<Duration> heartbeat) {
    this.deps = deps;
    this.store = store;
    this.metrics = metrics;
    this.heartbeat = heartbeat;
  }

  /**
   * Loads the stored records and deploys the owner; answers the client the HTTP verticles hold.
   * With {@code heartbeat} (a gateway) jobs wait for executors instead of running here.
   */
  public static Future<Jobs> deploy(JobDeps deps, JobStore store, SelfTestService selfTests, MeterRegistry metrics,
      Optional<Duration> heartbeat) {
    return deps.vertx().deployVerticle(new JobsVerticle(deps, store, metrics, heartbeat))
        .map(id -> new Jobs(deps, selfTests, heartbeat.isPresent()));
  }

  @Override
  public Future<?> start() {
    heartbeat.ifPresent(h -> dispatch = new JobDispatch(this, deps, h));
    return restore().compose(v -> Future.all(List.of(
        Bus.<Submission>serve(vertx, Addresses.JOBS_SUBMIT, this::submit),
        Bus.<String>serve(vertx, Addresses.JOBS_CANCEL, this::cancel),
        Bus.<Jobs.Republish>serve(vertx, Addresses.JOBS_PUBLISH, this::publish),
        Bus.<String>serve(vertx, Addresses.JOBS_GET, id -> Future.succeededFuture(JobView.of(record(id)))),
        Bus.<ListQuery>serve(vertx, Addresses.JOBS_LIST, q -> Future.succeededFuture(list(q))),
        Bus.<EventsQuery>serve(vertx, Addresses.JOBS_EVENTS, this::events),
        Bus.<String>serve(vertx, Addresses.JOBS_RUNNING_IDS, x -> Future.succeededFuture(Set.copyOf(runners.keySet()))),
        Bus.<Jobs.Claim>serve(vertx, Addresses.JOBS_CLAIM, c -> gateway().claim(c)),
        Bus.<String>serve(vertx, Addresses.JOBS_CLAIM_WITHDRAW, id -> Future.succeededFuture(gateway().withdraw(id))),
        Bus.<Jobs.Report>serve(vertx, Addresses.JOBS_REPORT, r -> gateway().report(r)))))
        .onSuccess(v -> registerMetrics());
  }

  /**
   * Loads the stored records; a job that was queued or running when the worker stopped is marked
   * failed with reason {@code worker_restarted} (its access token, kept only in memory, is gone).
   */
  private Future<Void> restore() {
    return store.loadAll().compose(all -> {
      List<Future<Void>> fixes = new ArrayList<>();
      for (JsonObject stored : all) {
        JobRecord record = JobRecord.restore(stored);
        records.put(record.id(), record);
        if (!record.state().finished()) {
          record.finish(State.FAILED, FailureReason.WORKER_RESTARTED, "the worker stopped while this job was "
              + record.state().wireName() + "; submit it again");
          fixes.add(store.save(record.toJson(), null));
        }
      }
      byCreation.addAll(records.values());
      byCreation.sort(Comparator.comparing(JobRecord::createdAt));
      byCreation.forEach(r -> newestRun.put(runKey(r), r.id()));
      return Future.all(fixes).mapEmpty();
    });
  }

  private void registerMetrics() {
    Gauge.builder("mergeloom_jobs_queued", queuedGauge, AtomicInteger::get).description("Jobs waiting to run")
        .register(metrics);
    Gauge.builder("mergeloom_jobs_running", runningGauge, AtomicInteger::get).description("Jobs running now")
        .register(metrics);
  }

  private JobDispatch gateway() {
    if (dispatch == null) {
      throw new IllegalStateException("jobs are dispatched to executors only on a gateway");
    }
    return dispatch;
  }

  private Future<JobView> submit(Submission job) {
    JobRecord record = job.record();
    previousRun(record).ifPresent(record::follows);
    return store.save(record.toJson(), null).compose(v -> {
      if (queue.size() >= Jobs.QUEUE_LIMIT) {
        record.finish(State.FAILED, FailureReason.QUEUE_FULL, "the queue holds " + Jobs.QUEUE_LIMIT + " jobs");
        saved(record.toJson(), null);
        return Future.failedFuture(new Refusal(Refusal.Code.QUEUE_FULL, "The job queue is full ("
            + Jobs.QUEUE_LIMIT + " waiting); try again later."));
      }
      records.put(record.id(), record);
      addByCreation(record);
      JobEvents events = new JobEvents(deps.vertx(), record.id());
      liveEvents.put(record.id(), events);
      events.add("job.state", new JsonObject().put("state", "queued").put("selection", job.selection().toJson()));
      queue.addLast(job);
      LOG.info("job {} queued: ticket {} on {} / {}", record.id(), record.ticketKey(), record.provider(),
          record.model());
      drain();
      return Future.succeededFuture(JobView.of(record));
    });
  }

  /**
   * The newest earlier run of the same ticket on the same work repository, if this worker has one;
   * this run becomes the newest. A map, not a scan: a worker keeps thousands of records.
   */
  private Optional<String> previousRun(JobRecord record) {
    return Optional.ofNullable(newestRun.put(runKey(record), record.id()));
  }

  private static String runKey(JobRecord record) {
    return record.ticketKey() + "\u0000" + record.workSource();
  }

  /** Starts queued jobs while there is room (or, on a gateway, hands them to waiting claims). */
  private void drain() {
    if (dispatch != null) {
      dispatch.serveWaitingClaims();
      counted();
      return;
    }
    int limit = deps.runtime().values().maxConcurrentJobs();
    while (runningCount < limit && !queue.isEmpty()) {
      Submission next = queue.pollFirst();
      runningCount++;
      JobRunner runner = new JobRunner(deps, next.record(), next.envelope(), next.directives(),
          liveEvents.get(next.record().id()));
      runners.put(next.record().id(), runner);
      saved(next.record().toJson(), null);
      // The runner's steps complete on this context; the end is brought back to it all the same,
      // because the state machine must only ever move here.
      runner.run().onComplete(ar -> context.runOnContext(v -> ended(next.record(), ar.cause())));
    }
    counted();
  }

  /** A job reached its end (here or on an executor): counted, stored with its events, and the queue moves. */
  void ended(JobRecord record, Throwable unexpected) {
    if (unexpected != null) {
      LOG.error("job {} failed unexpectedly", record.id(), unexpected);
      if (!record.state().finished()) {
        record.finish(State.FAILED, FailureReason.INTERNAL, "the worker failed: " + unexpected.getMessage());
      }
    }
    runningCount--;
    runners.remove(record.id());
    Counter.builder("mergeloom_jobs_finished_total").tag("outcome", record.state().wireName())
        .description("Jobs finished, by outcome").register(metrics).increment();
    StageCounts.count(metrics, record.toJson());
    JobEvents events = liveEvents.get(record.id());
    LOG.info("job {} {}", record.id(), record.state().wireName());
    saved(record.toJson(), events.toJson()).onComplete(ar -> liveEvents.remove(record.id()));
    drain();
  }

  /** Gateway: the oldest queued job, now running on an executor; empty when none waits. */
  Optional<Submission> handOut() {
    Submission next = queue.pollFirst();
    if (next != null) {
      next.record().running();
      runningCount++;
      saved(next.record().toJson(), null);
      counted();
    }
    return Optional.ofNullable(next);
  }

  /** Gateway: a handed-out job whose executor never started it goes back to the head of the queue. */
  void backToQueue(Submission job) {
    runningCount--;
    job.record().requeue();
    queue.addFirst(job);
    saved(job.record().toJson(), null);
    drain();
  }

  JobEvents events(String id) {
    return liveEvents.get(id);
  }

  private JobRecord record(String id) {
    JobRecord record = records.get(id);
    if (record == null) {
      throw new Refusal(Refusal.Code.JOB_NOT_FOUND, "No job " + id);
    }
    return record;
  }

  /** Cancels a queued job at once, a running one within seconds; a finished one is left as it is. */
  private Future<JobView> cancel(String id) {
    JobRecord record = record(id);
    if (record.state().finished()) {
      throw new Refusal(Refusal.Code.JOB_FINISHED, "Job " + id + " already ended (" + record.state().wireName() + ")");
    }
    if (queue.removeIf(q -> q.record().id().equals(id))) {
      record.finish(State.CANCELLED, FailureReason.CANCELLED, "cancelled before it started");
      JobEvents events = liveEvents.remove(id);
      events.add("job.state", new JsonObject().put("state", "cancelled"));
      saved(record.toJson(), events.toJson());
      counted();
      return Future.succeededFuture(JobView.of(record));
    }
    Optional.ofNullable(runners.get(id)).ifPresent(JobRunner::cancel);
    if (dispatch != null) {
      dispatch.cancel(id);
    }
    return Future.succeededFuture(JobView.of(record));
  }

  /**
   * Publishes a publish_failed job's commit again, without its model ({@link Republisher}); one
   * retry of a job at a time. The record changes here, on the owner's context, when the push ends.
   */
  private Future<JobView> publish(Jobs.Republish ask) {
    JobRecord record = record(ask.id());
    if (record.state() != State.PUBLISH_FAILED) {
      throw new Refusal(Refusal.Code.JOB_NOT_PUBLISHABLE, "Job " + ask.id() + " is " + record.state().wireName()
          + "; only a job whose publish failed publishes again");
    }
    if (!republishing.add(ask.id())) {
      throw new Refusal(Refusal.Code.JOB_NOT_PUBLISHABLE, "Job " + ask.id() + " is being published now");
    }
    JsonObject result = record.toJson().getJsonObject("result");
    return new Republisher(deps).attempt(ask.id(), result, dispatch != null, ask.accessToken()).map(outcome -> {
      StageCounts.publish(metrics, outcome);
      if ("published".equals(outcome.getString("state"))) {
        record.published(outcome);
        LOG.info("job {} published on retry", record.id());
      } else {
        record.publishFailedAgain(outcome, outcome.getString("error"));
      }
      saved(record.toJson(), null);
      return JobView.of(record);
    }).eventually(() -> {
      republishing.remove(ask.id());
      return Future.succeededFuture();
    });
  }

  /**
   * Submissions checked on different loops arrive here a little out of their creation order: the
   * record goes where its time puts it, found from the end, where it nearly always belongs.
   */
  private void addByCreation(JobRecord record) {
    int at = byCreation.size();
    while (at > 0 && byCreation.get(at - 1).createdAt().compareTo(record.createdAt()) > 0) {
      at--;
    }
    byCreation.add(at, record);
  }

  private JobList list(ListQuery query) {
    List<JsonObject> summaries = new ArrayList<>();
    long[] byState = new long[State.values().length];
    for (int i = byCreation.size() - 1; i >= 0; i--) {
      JobRecord r = byCreation.get(i);
      byState[r.state().ordinal()]++;
      if (summaries.size() < query.limit() && (query.state() == null || r.state().wireName().equals(query.state()))) {
        summaries.add(r.summary());
      }
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    for (State s : State.values()) {
      counts.put(s.wireName(), byState[s.ordinal()]);
    }
    return new JobList(summaries, counts, runningCount, queue.size());
  }

  /** The live events after the id asked for while the job has a stream here; the stored ones after it ended. */
  private Future<EventReplay> events(EventsQuery query) {
    JobRecord record = record(query.id());
    JobEvents live = liveEvents.get(query.id());
    if (live != null) {
      return Future.succeededFuture(new EventReplay(live.after(query.after()), record.state().finished()));
    }
    return store.events(query.id()).map(stored -> new EventReplay(stored.stream().map(JsonObject.class::cast)
        .filter(e -> e.getLong("id") > query.after()).toList(), true));
  }

  private void counted() {
    queuedGauge.set(queue.size());
    runningGauge.set(runningCount);
  }

  /**
   * Writes a record (and its events when given); a write that fails is logged with the job's id,
   * and the job goes on from memory: its next write carries the whole record again.
   */
  private Future<Void> saved(JsonObject record, JsonArray events) {
    return store.save(record, events).onFailure(e -> LOG.warn("job {} not saved to the job store: {}",
        record.getString("id"), e.getMessage()));
  }
}
