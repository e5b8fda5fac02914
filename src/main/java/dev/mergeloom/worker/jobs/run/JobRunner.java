package dev.mergeloom.worker.jobs.run;

import dev.mergeloom.worker.jobs.loop.JobTools;
import dev.mergeloom.worker.jobs.loop.LiveLines;
import dev.mergeloom.worker.jobs.loop.ModelSession;
import dev.mergeloom.worker.jobs.loop.Prompts;
import dev.mergeloom.worker.jobs.loop.ToolLoop;
import dev.mergeloom.worker.jobs.model.Directives;
import dev.mergeloom.worker.jobs.model.FailureReason;
import dev.mergeloom.worker.jobs.model.JobEnd;
import dev.mergeloom.worker.jobs.model.JobEnvelope;
import dev.mergeloom.worker.jobs.model.JobEvents;
import dev.mergeloom.worker.jobs.model.JobFailure;
import dev.mergeloom.worker.jobs.model.JobRecord;
import dev.mergeloom.worker.jobs.workspace.CommandLine;
import dev.mergeloom.worker.jobs.workspace.CommandRunner;
import dev.mergeloom.worker.jobs.workspace.Continuation;
import dev.mergeloom.worker.jobs.workspace.Git;
import dev.mergeloom.worker.jobs.workspace.JobContext;
import dev.mergeloom.worker.jobs.workspace.JobNetwork;
import dev.mergeloom.worker.jobs.workspace.WorkspacePaths;
import dev.mergeloom.worker.jobs.model.JobRecord.State;
import dev.mergeloom.worker.process.ManagedProcess;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs one job end to end: checkout, context, the implementation session, setup and validation
 * commands, bounded repair, commit, result. Every step reports events; any failure ends the job
 * as failed with a code and keeps what was recorded so far.
 */
public final class JobRunner implements ToolLoop.Session, JobTools.CommandHooks {
  private final JobDeps deps;
  private final JobRecord record;
  private final JobEnvelope envelope;
  private final Directives directives;
  private final JobEvents events;
  private final Promise<Void> cancel = Promise.promise();
  private final Set<ManagedProcess> running = ConcurrentHashMap.newKeySet();
  /** The runtime settings as they were when the job started: a change applies to the next job. */
  private final dev.mergeloom.worker.config.RuntimeValues runtime;
  private final Map<String, String> providerSecrets;
  private Path workspace;
  private WorkspacePaths paths;
  private JobTools tools;
  private CommandRunner commands;
  private Git git;
  private String baseCommit;
  /** The ticket's branch tip this run started from, when the branch existed; and what it says. */
  private String continuedFrom;
  private String earlierWork;
  /** The job's model, through the API tool loop or a CLI; chosen at checkout. */
  private ModelSession model;
  private String stage = "checkout";
  private final JobNetwork network;
  /**
   * Whether anything but the worker's own git could have changed the workspace: a write or edit
   * tool, or any process (commands, the CLI). When nothing could, the end needs no git status.
   */
  private volatile boolean mayHaveChanged;

  public JobRunner(JobDeps deps, JobRecord record, JobEnvelope envelope, Directives directives, JobEvents events) {
    this(deps, record, envelope, directives, events, Map.of());
  }

  /** @param providerSecrets on an executor, the secrets of the job's provider that its claim brought */
  public JobRunner(JobDeps deps, JobRecord record, JobEnvelope envelope, Directives directives, JobEvents events,
      Map<String, String> providerSecrets) {
    this.providerSecrets = Map.copyOf(providerSecrets);
    this.deps = deps;
    this.record = record;
    this.envelope = envelope;
    this.directives = directives;
    this.events = events;
    this.runtime = deps.runtime().values();
    this.live = new LiveLines(events, () -> stage);
    this.network = new JobNetwork(deps.vertx(), deps.sandbox().egress(), deps.sandbox().sandbox().isPresent(),
        record.id(), events);
  }

  /** Stops the provider wait and every running command; the job ends as cancelled. */
  public void cancel() {
    if (cancel.tryComplete()) {
      running.forEach(p -> p.stop(Duration.ofSeconds(2)));
    }
  }

  @Override
  public Future<Void> cancelled() {
    return cancel.future();
  }

  @Override
  public void event(String type, JsonObject data) {
    events.add(type, data);
  }

  @Override
  public void writing() {
    mayHaveChanged = true;
  }

  @Override
  public void started(ManagedProcess process) {
    mayHaveChanged = true;
    running.add(process);
    process.exit().onComplete(ar -> running.remove(process));
    if (cancel.future().isComplete()) {
      process.stop(Duration.ofSeconds(2));
    }
  }

  private final LiveLines live;

  @Override
  public void line(String line) {
    live.line(line);
  }

  @Override
  public void finished(CommandRunner.Outcome outcome, String inStage) {
    live.flush();
    JsonObject json = outcome.toJson().put("stage", inStage);
    record.addCommand(json);
    events.add("command.finished", new JsonObject().put("stage", inStage).put("argv", json.getJsonArray("argv"))
        .put("exitCode", outcome.exitCode()).put("timedOut", outcome.timedOut()).put("durationMs", outcome.durationMs()));
  }

  /**
   * File work of this job on a worker thread, unordered: all jobs share one context, and an
   * ordered call would queue every job's file work behind every other job's.
   */
  private <T> Future<T> blocking(java.util.concurrent.Callable<T> work) {
    return deps.vertx().executeBlocking(work, false);
  }

  public Future<State> run() {
    record.running();
    events.add("job.state", new JsonObject().put("state", "running"));
    return checkout()
        .compose(v -> implement())
        .compose(this::afterImplementation)
        .recover(this::failed)
        .compose(end -> {
          if (baseCommit == null) {
            return Future.succeededFuture(end);
          }
          WorkspaceResult result = new WorkspaceResult(deps, git, workspace, baseCommit, record, events, runtime.diffGuard());
          return result.record(end, mayHaveChanged, Prompts.commitMessage(envelope, record)).otherwise(end)
              .compose(recorded -> result.publish(recorded, envelope, branch()));
        })
        .compose(end -> {
          if (model != null) {
            model.close();
          }
          if (network.used()) {
            record.resultField("network", network.summary());
          }
          return network.close().map(end);
        })
        .compose(end -> WorkspaceResult.markFinished(deps, record.id()).map(end))
        .map(end -> {
          // The end is applied last, after the diff and commit, so a reader never sees it early.
          end.applyTo(record);
          events.add("job.state", new JsonObject().put("state", end.state().wireName()));
          return end.state();
        });
  }

  private Future<Void> checkout() {
    JobEnvelope.Repository work = envelope.workRepository();
    workspace = deps.workspaceRoot().resolve(record.id()).resolve("work");
    Path home = deps.workspaceRoot().resolve(record.id()).resolve("home");
    git = deps.git(home).sandboxed(deps.sandbox().sandbox());
    record.resultField("sandbox", deps.sandbox().recordLabel());
    events.add("checkout.started", new JsonObject().put("source", work.source()));
    // Job commands reach the allowlisted hosts through their proxy, or nothing at all.
    return network.open(runtime.networkAllowlist(), "job commands").compose(egress -> {
      commands = new CommandRunner(deps.processes(), runtime.allowedCommands(),
          runtime.commandTimeout(), deps.path(), home, deps.sandbox().sandbox(),
          egress);
      // A ticket's branch that exists already is where this run starts: its commit goes on top.
      return Continuation.cloneFor(git, work, branch(), workspace).map(tip -> {
        continuedFrom = tip.orElse(null);
        return (Void) null;
      });
    })
        .compose(v -> blocking(() -> {
          dev.mergeloom.worker.config.OwnerOnly.directory(deps.workspaceRoot());
          dev.mergeloom.worker.config.OwnerOnly.directory(deps.workspaceRoot().resolve(record.id()));
          Files.createDirectories(home);
          // Two steps after the clone, in one trip to a worker thread: under load every trip waits.
          baseCommit = Git.startBranch(workspace, branch());
          if (continuedFrom != null) {
            continuedFrom = baseCommit; // what the clone got, should the branch have moved since it was asked
            earlierWork = Continuation.lastMessage(workspace);
          }
          return new WorkspacePaths(workspace);
        }))
        .compose(p -> {
          record.resultField("branch", branch());
          record.resultField("baseCommit", baseCommit);
          record.resultField("workspace", workspace.toString());
          if (continuedFrom != null) {
            record.resultField("continuedFrom", continuedFrom);
            events.add("checkout.continued", new JsonObject().put("branch", branch()).put("commit", continuedFrom));
          }
          paths = p;
          tools = new JobTools(deps.vertx(), paths, commands, git, baseCommit, this);
          return ModelSession.open(new ModelSession.Job(deps.sessions(), provider(), record.model(), runtime.allowedCommands(),
              workspace, home, network, runtime.networkAllowlist(), tools, this, this));
        })
        .map(session -> {
          model = session;
          events.add("checkout.finished", new JsonObject().put("branch", branch()).put("baseCommit", baseCommit));
          return (Void) null;
        })
        .recover(e -> Future.failedFuture(e instanceof JobFailure ? e : new JobFailure(FailureReason.CHECKOUT_FAILED,
            "checking out " + work.source() + " failed: " + e.getMessage())));
  }

  private Future<ToolLoop.Outcome> implement() {
    return contextRepositories().compose(repos -> blocking(() -> JobContext.build(paths,
        directives, repos))).compose(context -> {
          context.warnings().forEach(w -> events.add("context.warning", new JsonObject().put("message", w)));
          String task = "# Ticket " + envelope.ticket().key() + ": " + envelope.ticket().title() + "\n\n"
              + Prompts.withoutDirectives(envelope.ticket().description()) + "\n\n" + Prompts.continuing(earlierWork)
              + context.text();
          return session("implementation", task);
        });
  }

  /**
   * Checks out the context repositories (role {@code context}; only those the
   * {@code context_repos} directive names, when it names any) beside the workspace. One that
   * cannot be cloned becomes a warning, not a failed job.
   */
  private Future<List<JobContext.ContextRepository>> contextRepositories() {
    List<String> named = directives.list("context_repos");
    List<Future<JobContext.ContextRepository>> clones = new ArrayList<>();
    for (JobEnvelope.Repository r : envelope.repositories()) {
      if (r.isWork() || (!named.isEmpty() && !named.contains(r.alias()))) {
        continue;
      }
      Path target = deps.workspaceRoot().resolve(record.id()).resolve("context").resolve(r.alias());
      clones.add(git.clone(r, target).map(v -> new JobContext.ContextRepository(r.alias(), r.source(), target))
          .recover(e -> {
            events.add("context.warning", new JsonObject().put("message", "context repository " + r.alias()
                + " could not be checked out: " + e.getMessage()));
            return Future.succeededFuture(null);
          }));
    }
    return Future.all(clones).map(all -> clones.stream().map(Future::result).filter(java.util.Objects::nonNull)
        .toList());
  }

  private Future<ToolLoop.Outcome> session(String name, String task) {
    stage = name;
    events.add("stage.started", new JsonObject().put("stage", name));
    Duration wallTime = runtime.providerCommandTimeout();
    return model.run(name, task, wallTime).map(outcome -> {
      BigDecimal cost = outcome.reportedCost() != null ? BigDecimal.valueOf(outcome.reportedCost())
          : deps.prices().estimate(record.model(), outcome.inputTokens(), outcome.outputTokens());
      JsonObject stageJson = new JsonObject().put("name", name).put("provider", record.provider())
          .put("model", record.model()).put("inputTokens", outcome.inputTokens()).put("outputTokens", outcome.outputTokens())
          .put("costEstimate", cost == null ? null : cost.doubleValue()).put("durationMs", outcome.durationMs())
          .put("toolCalls", outcome.toolCalls()).put("turns", outcome.turns()).put("exitReason", outcome.exit().wireName());
      record.addStage(stageJson);
      events.add("stage.finished", stageJson);
      return outcome;
    });
  }

  private Future<JobEnd> afterImplementation(ToolLoop.Outcome outcome) {
    record.resultField("summary", outcome.summary());
    record.resultField("exitReason", outcome.exit().wireName());
    return switch (outcome.exit()) {
      case COMPLETED -> validateAndRepair(0);
      case BLOCKED -> Future.succeededFuture(JobEnd.blocked(outcome.summary()));
      case CANCELLED -> endCancelled();
      default -> Future.failedFuture(new JobFailure(outcome.exit().failure(), outcome.error()));
    };
  }

  /** Setup then validation commands; in required mode a failure starts a repair session. */
  private Future<JobEnd> validateAndRepair(int repairsDone) {
    JobEnvelope.Repository work = envelope.workRepository();
    if (work.validationMode().equals("off") || (work.setupCommands().isEmpty() && work.validationCommands().isEmpty())) {
      return endCompleted();
    }
    stage = repairsDone == 0 ? "validation" : "validation-" + repairsDone;
    events.add("validation.started", new JsonObject().put("attempt", repairsDone + 1));
    List<String> lines = new ArrayList<>(work.setupCommands());
    lines.addAll(work.validationCommands());
    return runInOrder(lines, work.setupCommands().size(), 0, new ArrayList<>()).compose(failures -> {
      events.add("validation.finished", new JsonObject().put("attempt", repairsDone + 1).put("passed", failures.isEmpty()));
      if (failures.isEmpty() || work.validationMode().equals("advisory")) {
        return endCompleted();
      }
      if (cancel.future().isComplete()) {
        return endCancelled();
      }
      int maxRepairs = runtime.maxRepairAttempts();
      if (repairsDone >= maxRepairs) {
        return Future.failedFuture(new JobFailure(FailureReason.VALIDATION_FAILED, "validation still fails after " + repairsDone
            + " repair attempt(s): " + failures.get(0).argv() + " exited " + failures.get(0).exitCode()));
      }
      events.add("repair.started", new JsonObject().put("attempt", repairsDone + 1));
      return session("repair-" + (repairsDone + 1), Prompts.repair(failures)).compose(outcome -> switch (outcome.exit()) {
        case COMPLETED -> {
          record.resultField("summary", outcome.summary());
          yield validateAndRepair(repairsDone + 1);
        }
        case CANCELLED -> endCancelled();
        case BLOCKED -> Future.succeededFuture(JobEnd.blocked(outcome.summary()));
        default -> Future.failedFuture(new JobFailure(outcome.exit().failure(), outcome.error()));
      });
    });
  }

  /** Runs the command lines one after another; setup failures stop the rest. */
  private Future<List<CommandRunner.Outcome>> runInOrder(List<String> lines, int setupCount, int index,
      List<CommandRunner.Outcome> failures) {
    if (index == lines.size() || cancel.future().isComplete()) {
      return Future.succeededFuture(failures);
    }
    boolean setup = index < setupCount;
    List<String> argv = CommandLine.split(lines.get(index));
    String kind = setup ? "setup" : "validation";
    return commands.run(argv, workspace, this::started, this::line).compose(outcome -> {
      finished(outcome, stage);
      record.addValidation(new JsonObject().put("kind", kind).put("command", lines.get(index))
          .put("exitCode", outcome.exitCode()).put("timedOut", outcome.timedOut()).put("passed", outcome.ok())
          .put("stage", stage).put("output", outcome.output()));
      if (!outcome.ok()) {
        failures.add(outcome);
        if (setup) {
          return Future.succeededFuture(failures);
        }
      }
      return runInOrder(lines, setupCount, index + 1, failures);
    }, e -> {
      CommandRunner.Outcome refused = new CommandRunner.Outcome(argv, 127, 0, e.getMessage(), false, false);
      record.addValidation(new JsonObject().put("kind", kind).put("command", lines.get(index)).put("exitCode", 127)
          .put("passed", false).put("stage", stage).put("output", e.getMessage()));
      failures.add(refused);
      return Future.succeededFuture(failures);
    });
  }

  private static Future<JobEnd> endCompleted() {
    return Future.succeededFuture(JobEnd.completed());
  }

  private static Future<JobEnd> endCancelled() {
    return Future.succeededFuture(JobEnd.cancelled());
  }

  private Future<JobEnd> failed(Throwable e) {
    if (cancel.future().isComplete()) {
      return endCancelled();
    }
    FailureReason reason = e instanceof JobFailure f ? f.reason() : FailureReason.INTERNAL;
    events.add("job.error", new JsonObject().put("code", reason.wireName()).put("message", e.getMessage()));
    return Future.succeededFuture(JobEnd.failed(reason, e.getMessage()));
  }

  /** The job's provider with its settings, and on an executor the secrets its claim brought. */
  private dev.mergeloom.worker.config.ResolvedProvider provider() {
    return deps.providers().get(record.provider(), providerSecrets).orElseThrow();
  }

  private String branch() {
    return "mergeloom/" + record.ticketKey();
  }
}
