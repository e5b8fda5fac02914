package dev.mergeloom.worker.jobs.loop;

import dev.mergeloom.worker.jobs.workspace.JobNetwork;
import dev.mergeloom.worker.config.ResolvedProvider;
import dev.mergeloom.worker.config.providers.ProviderSpec;
import dev.mergeloom.worker.process.HostAllowlist;
import dev.mergeloom.worker.provider.clients.Providers;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * One agentic stage of a job (implementation, repair), whatever runs it: the worker's own tool
 * loop against an API provider, or a CLI (Codex, Claude Code) that is its own loop. The runner
 * chooses one at checkout and asks it for each stage, so no stage code branches on the kind of
 * provider.
 */
public interface ModelSession {
  /** Runs one stage with its task; the outcome says how it ended and what it cost. */
  Future<ToolLoop.Outcome> run(String stage, String task, Duration wallTime);

  /** The job has ended: gives back what the session holds for the whole job (the provider client). */
  default void close() {}

  /** What every stage of one job shares. */
  record Job(SessionDeps deps, ResolvedProvider provider, String model, Set<String> allowedCommands, Path workspace,
      Path home, JobNetwork network, HostAllowlist hosts, JobTools tools, ToolLoop.Session session,
      JobTools.CommandHooks hooks) {}

  /**
   * The session kind for the job's provider: a CLI runs itself, an API provider gets the tool loop
   * with its client, held until the job ends.
   */
  static Future<ModelSession> open(Job job) {
    return job.provider().spec().backend() == ProviderSpec.Backend.CLI ? Future.succeededFuture(new Cli(job))
        : job.deps().clients().open(job.provider(), job.deps().outbound()).map(client -> new Api(job, client));
  }

  /** The worker's tool loop: the model calls the job's tools through the provider's API. */
  final class Api implements ModelSession {
    private final Job job;
    private final Providers.Session client;

    Api(Job job, Providers.Session client) {
      this.job = job;
      this.client = client;
    }

    @Override
    public void close() {
      client.close();
    }

    @Override
    public Future<ToolLoop.Outcome> run(String stage, String task, Duration wallTime) {
      return new ToolLoop(client, job.model(), Prompts.system(job.allowedCommands()), job.tools(),
          job.deps().limits(wallTime), job.session(), stage).run(task);
    }
  }

  /**
   * A CLI run per stage, in the job's sandbox with a per-stage copy of its credentials, which
   * lives only as long as the stage.
   */
  final class Cli implements ModelSession {
    private final Job job;

    Cli(Job job) {
      this.job = job;
    }

    @Override
    public Future<ToolLoop.Outcome> run(String stage, String task, Duration wallTime) {
      SessionDeps deps = job.deps();
      return CliSandbox.box(deps, job.provider().spec().id(), job.home(), job.network(), job.hosts())
          .compose(box -> new CliSession(deps.processes(), deps.cli(), job.provider(), job.model(),
              job.allowedCommands(), deps.maxTurns(), wallTime, job.session(), job.hooks(), stage, box)
              .run(Prompts.forCli(task, job.allowedCommands()), job.workspace())
              .eventually(() -> box.map(b -> deps.vertx().executeBlocking(() -> CliSandbox.remove(b.config()), false))
                  .orElse(Future.succeededFuture())));
    }
  }
}
