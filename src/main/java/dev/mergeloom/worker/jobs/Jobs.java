package dev.mergeloom.worker.jobs;

import dev.mergeloom.worker.jobs.model.Directives;
import dev.mergeloom.worker.jobs.model.JobEnvelope;
import dev.mergeloom.worker.jobs.model.JobRecord;
import dev.mergeloom.worker.jobs.model.JobView;
import dev.mergeloom.worker.jobs.model.Selection;
import dev.mergeloom.worker.jobs.run.JobDeps;
import dev.mergeloom.worker.bus.Addresses;
import dev.mergeloom.worker.bus.Bus;
import dev.mergeloom.worker.bus.Refusal;
import dev.mergeloom.worker.config.InvalidSettingsException;
import dev.mergeloom.worker.config.Redactor;
import dev.mergeloom.worker.selftest.SelfTestService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What the HTTP verticles hold of the jobs: requests to {@link JobsVerticle}, which owns the
 * queue and the records. A job is checked whole here, on the caller's event loop (envelope,
 * selection, self-test gate, command allowlist), so a refused job never reaches the owner and
 * the checks of many submissions run on many loops; the owner only queues.
 */
public final class Jobs {
  /** How many jobs may wait at once; one more is refused with {@code queue_full}. */
  public static final int QUEUE_LIMIT = 10_000;

  private final JobDeps deps;
  private final SelfTestService selfTests;
  private final boolean onExecutors;

  /** A checked job on its way to the queue; the record is the owner's from the moment it is sent. */
  record Submission(JobRecord record, Selection selection, JobEnvelope envelope, Directives directives) {}

  record ListQuery(String state, int limit) {}

  /** The newest jobs' summaries (newest first), counts by state, and how many run and wait now. */
  public record JobList(List<JsonObject> summaries, Map<String, Long> counts, int running, int queued) {}

  record EventsQuery(String id, long after) {}

  /** A job's events after the id asked for, and whether it had ended when they were taken. */
  public record EventReplay(List<JsonObject> events, boolean ended) {}

  record Claim(String claimId, String executor, Duration longest) {}

  record Report(String id, String executor, JsonArray events, JsonObject record) {}

  Jobs(JobDeps deps, SelfTestService selfTests, boolean onExecutors) {
    this.deps = deps;
    this.selfTests = selfTests;
    this.onExecutors = onExecutors;
  }

  /** Checks and queues a job; fails with {@link InvalidSettingsException} (400) or a {@link Refusal}. */
  public Future<JobView> submit(JsonObject body) {
    // A URL repository without a token gets its host's stored one (the caller's body is not changed).
    return deps.gitHosts().fill(body).compose(filled -> {
      Submission submission;
      try {
        submission = check(filled);
      } catch (Selection.Unavailable e) {
        return Future.failedFuture(new Refusal(Refusal.Code.NO_PROVIDER, e.getMessage()));
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
      return Bus.request(deps.vertx(), Addresses.JOBS_SUBMIT, submission);
    });
  }

  private Submission check(JsonObject body) {
    JobAdmission admission = new JobAdmission(deps, selfTests);
    admission.sandbox(onExecutors);
    JobEnvelope envelope = JobEnvelope.parse(body);
    Directives directives = envelope.directives() != null ? Directives.resolved(envelope.directives())
        : Directives.parse(envelope.ticket().description());
    Selection selection = Selection.choose(directives, envelope.workRepository(), deps.runtime().values(),
        deps.providers());
    admission.selfTest(selection);
    admission.commands(envelope);
    envelope.repositories().forEach(r -> r.accessToken().ifPresent(t -> Redactor.register(t.reveal())));
    return new Submission(JobRecord.create(UUID.randomUUID().toString(), envelope, selection, directives.warnings()),
        selection, envelope, directives);
  }

  /** Cancels a queued job at once, a running one within seconds; a finished one is refused ({@code job_finished}). */
  public Future<JobView> cancel(String id) {
    return Bus.request(deps.vertx(), Addresses.JOBS_CANCEL, id);
  }

  /** What a retried publish needs besides the job: the token for a URL remote, if it needs one. */
  public record Republish(String id, java.util.Optional<dev.mergeloom.worker.config.SecretValue> accessToken) {}

  /**
   * Publishes a publish_failed job's commit again, without rerunning its model; answers the
   * record as it is afterwards (completed, or publish_failed with the new reason).
   */
  public Future<JobView> publish(String id, java.util.Optional<dev.mergeloom.worker.config.SecretValue> accessToken) {
    accessToken.ifPresent(t -> Redactor.register(t.reveal()));
    // No token given: a URL remote's host may have one stored.
    Future<java.util.Optional<dev.mergeloom.worker.config.SecretValue>> token = accessToken.isPresent()
        ? Future.succeededFuture(accessToken)
        : get(id).compose(view -> {
          JsonObject result = view.json().getJsonObject("result");
          JsonObject last = result == null ? null : result.getJsonObject("publish");
          return last != null && last.getBoolean("remote", false) ? deps.gitHosts().tokenFor(last.getString("target"))
              : Future.succeededFuture(java.util.Optional.empty());
        });
    return token.compose(t -> Bus.request(deps.vertx(), Addresses.JOBS_PUBLISH, new Republish(id, t)));
  }

  /** A copy of the job's record; fails with {@code job_not_found}. */
  public Future<JobView> get(String id) {
    return Bus.request(deps.vertx(), Addresses.JOBS_GET, id);
  }

  /** The newest {@code limit} jobs, optionally only those in one state, with the counts pages show. */
  public Future<JobList> list(String state, int limit) {
    return Bus.request(deps.vertx(), Addresses.JOBS_LIST, new ListQuery(state, limit));
  }

  /** The job's events after {@code after}: the live ones while it runs, the stored ones after. */
  public Future<EventReplay> events(String id, long after) {
    return Bus.request(deps.vertx(), Addresses.JOBS_EVENTS, new EventsQuery(id, after));
  }

  /** The ids of the jobs running in this process now. */
  public Future<Set<String>> runningIds() {
    return Bus.request(deps.vertx(), Addresses.JOBS_RUNNING_IDS, "");
  }

  /**
   * Gateway: the next queued job for {@code executor}, as the cluster API hands it over. When none
   * waits, the claim waits up to {@code wait} for one (a long poll), then answers empty; {@code
   * gone} withdraws it early (the executor hung up).
   */
  public Future<Optional<JsonObject>> claim(String executor, Duration wait, Future<Void> gone) {
    String claimId = UUID.randomUUID().toString();
    gone.onComplete(x -> Bus.request(deps.vertx(), Addresses.JOBS_CLAIM_WITHDRAW, claimId));
    return Bus.request(deps.vertx(), Addresses.JOBS_CLAIM, new Claim(claimId, executor, wait),
        wait.plusSeconds(10));
  }

  /**
   * Gateway: an executor's report on a job it runs (new events, and at the end its record);
   * answers {@code {"cancel"}}, or a {@link Refusal} when the job is not that executor's.
   */
  public Future<JsonObject> report(String id, String executor, JsonArray events, JsonObject finalRecord) {
    return Bus.request(deps.vertx(), Addresses.JOBS_REPORT, new Report(id, executor, events, finalRecord));
  }
}
