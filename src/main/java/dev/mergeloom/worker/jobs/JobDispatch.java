package dev.mergeloom.worker.jobs;

import dev.mergeloom.worker.jobs.model.FailureReason;
import dev.mergeloom.worker.jobs.model.JobEvents;
import dev.mergeloom.worker.jobs.model.JobRecord;
import dev.mergeloom.worker.jobs.run.JobDeps;
import dev.mergeloom.worker.bus.Refusal;
import dev.mergeloom.worker.jobs.model.JobRecord.State;
import dev.mergeloom.worker.jobs.Jobs.Claim;
import dev.mergeloom.worker.jobs.Jobs.Report;
import dev.mergeloom.worker.jobs.Jobs.Submission;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway's part of {@link JobsVerticle}: queued jobs go to executors that claim them, under a
 * lease each report renews. An executor that has not reported for three heartbeat intervals
 * loses the job: failed with {@code executor_lost} when it had started it, back to the head of
 * the queue when it had not. Runs on the owner's context only.
 */
final class JobDispatch {
  private static final Logger LOG = LoggerFactory.getLogger(JobDispatch.class);

  private final JobsVerticle owner;
  private final JobDeps deps;
  private final Duration lease;
  private final Map<String, Assignment> assignments = new HashMap<>();
  /** Executors' claims waiting for a job (long polls), oldest first. */
  private final Deque<WaitingClaim> claims = new ArrayDeque<>();

  /** A job an executor claimed: who, until when it must report, whether it reported yet. */
  private static final class Assignment {
    final Submission job;
    final String executor;
    long leaseUntil;
    boolean started;
    boolean cancelRequested;

    Assignment(Submission job, String executor, long leaseUntil) {
      this.job = job;
      this.executor = executor;
      this.leaseUntil = leaseUntil;
    }
  }

  private record WaitingClaim(Claim claim, Promise<Optional<JsonObject>> answer, long timer) {}

  JobDispatch(JobsVerticle owner, JobDeps deps, Duration heartbeat) {
    this.owner = owner;
    this.deps = deps;
    this.lease = heartbeat.multipliedBy(3);
    deps.vertx().setPeriodic(Math.max(200, heartbeat.toMillis() / 2), t -> expireLeases());
  }

  /**
   * The next queued job for the claim's executor; when none waits, the claim waits up to its
   * {@code wait} for one (an idle executor learns of a new job at once), then answers empty.
   */
  Future<Optional<JsonObject>> claim(Claim claim) {
    Optional<Submission> next = owner.handOut();
    if (next.isPresent()) {
      return Future.succeededFuture(Optional.of(assign(next.get(), claim.executor())));
    }
    if (claim.longest().isZero() || claim.longest().isNegative()) {
      return Future.succeededFuture(Optional.empty());
    }
    Promise<Optional<JsonObject>> answer = Promise.promise();
    long timer = deps.vertx().setTimer(claim.longest().toMillis(), t -> withdraw(claim.claimId()));
    claims.addLast(new WaitingClaim(claim, answer, timer));
    return answer.future();
  }

  /** Ends a waiting claim with no job (its time is up, or the executor hung up); answers whether it waited. */
  boolean withdraw(String claimId) {
    for (WaitingClaim waiting : claims) {
      if (waiting.claim().claimId().equals(claimId)) {
        claims.remove(waiting);
        deps.vertx().cancelTimer(waiting.timer());
        waiting.answer().tryComplete(Optional.empty());
        return true;
      }
    }
    return false;
  }

  /** Hands queued jobs to waiting claims, oldest claim first. */
  void serveWaitingClaims() {
    while (!claims.isEmpty()) {
      Optional<Submission> next = owner.handOut();
      if (next.isEmpty()) {
        return;
      }
      WaitingClaim waiting = claims.pollFirst();
      deps.vertx().cancelTimer(waiting.timer());
      waiting.answer().tryComplete(Optional.of(assign(next.get(), waiting.claim().executor())));
    }
  }

  /** Gives a handed-out job to an executor under a lease; answers what the claim hands over. */
  private JsonObject assign(Submission job, String executor) {
    JobRecord record = job.record();
    assignments.put(record.id(), new Assignment(job, executor, System.nanoTime() + lease.toNanos()));
    owner.events(record.id()).add("job.claimed", new JsonObject().put("executor", executor));
    LOG.info("job {} claimed by executor {}", record.id(), executor);
    return ClaimAnswer.of(record, job.envelope(), job.directives(), deps.providers().get(record.provider()));
  }

  /**
   * An executor's report: new events, and at the end its record. Renews the lease; answers whether
   * the job should be cancelled. A {@link Refusal} when the job is not this executor's any more.
   */
  Future<JsonObject> report(Report report) {
    Assignment a = assignments.get(report.id());
    if (a == null || !a.executor.equals(report.executor())) {
      return Future.failedFuture(new Refusal(Refusal.Code.JOB_NOT_ASSIGNED, "Job " + report.id()
          + " is not assigned to " + report.executor()));
    }
    a.leaseUntil = System.nanoTime() + lease.toNanos();
    a.started = true;
    JobEvents stream = owner.events(report.id());
    report.events().forEach(e -> {
      JsonObject event = (JsonObject) e;
      stream.add(event.getString("type"), event.getJsonObject("data", new JsonObject()));
    });
    if (report.record() != null) {
      // A record that is not a final one (a bad state) is refused naming the field; the job stays
      // assigned, so a good report or the lease decides it.
      a.job.record().adopt(report.record());
      assignments.remove(report.id());
      owner.ended(a.job.record(), null);
    }
    return Future.succeededFuture(new JsonObject().put("cancel", a.cancelRequested));
  }

  /** A cancel of a job an executor runs is passed on in the answer to its next report. */
  void cancel(String id) {
    Optional.ofNullable(assignments.get(id)).ifPresent(a -> a.cancelRequested = true);
  }

  private void expireLeases() {
    long now = System.nanoTime();
    for (Assignment a : List.copyOf(assignments.values())) {
      if (a.leaseUntil > now) {
        continue;
      }
      JobRecord record = a.job.record();
      assignments.remove(record.id());
      if (!a.started) {
        LOG.warn("executor {} did not start job {}: back to the queue", a.executor, record.id());
        owner.backToQueue(a.job);
      } else {
        LOG.warn("executor {} stopped reporting on job {}: failed as executor_lost", a.executor, record.id());
        record.finish(State.FAILED, FailureReason.EXECUTOR_LOST, "executor " + a.executor + " stopped reporting for "
            + lease.toSeconds() + " s");
        owner.events(record.id()).add("job.state", new JsonObject().put("state", "failed"));
        owner.ended(record, null);
      }
    }
  }
}
