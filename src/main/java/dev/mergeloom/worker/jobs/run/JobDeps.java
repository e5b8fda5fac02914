package dev.mergeloom.worker.jobs.run;

import dev.mergeloom.worker.jobs.loop.SessionDeps;
import dev.mergeloom.worker.jobs.model.Prices;
import dev.mergeloom.worker.jobs.workspace.AsyncLimiter;
import dev.mergeloom.worker.config.ProviderSettingsService;
import dev.mergeloom.worker.config.RuntimeConfigService;
import dev.mergeloom.worker.process.ProcessManager;
import dev.mergeloom.worker.provider.OutboundSettings;
import dev.mergeloom.worker.provider.clients.Providers;
import io.vertx.core.Vertx;
import java.nio.file.Path;

/**
 * What a job needs from the worker.
 *
 * @param path the PATH for git and job commands (the worker's own)
 * @param maxTurns turns per session before it ends with max_turns
 * @param maxTokens tokens per session before it ends with token_limit
 * @param gitProcesses how many of the jobs' git processes run at once (shared by all jobs)
 * @param gitThreads the threads that clone local repositories in-process; their number is how
 *     many such clones run at once
 * @param sandbox where the job's processes run: in bubblewrap, or unsandboxed when the operator said so
 * @param forges opens and updates review requests on the work repository's forge
 * @param publicUrl the worker's address as people reach it, for the audit link of a review request
 * @param gitHosts the tokens stored per git host, for jobs whose envelope carries none
 */
public record JobDeps(Vertx vertx, ProcessManager processes, dev.mergeloom.worker.cli.CliSettings cli,
    ProviderSettingsService providers,
    RuntimeConfigService runtime, Providers clients, OutboundSettings outbound, Path workspaceRoot, String path,
    Prices prices, int maxTurns, long maxTokens, AsyncLimiter gitProcesses,
    io.vertx.core.WorkerExecutor gitThreads, dev.mergeloom.worker.process.SandboxStatus sandbox,
    dev.mergeloom.worker.forge.ForgeClient forges, java.util.Optional<java.net.URI> publicUrl,
    dev.mergeloom.worker.githosts.GitHosts gitHosts) {

  /** The worker's git for one job, with the job's private home (unsandboxed until told otherwise). */
  public dev.mergeloom.worker.jobs.workspace.Git git(Path home) {
    return new dev.mergeloom.worker.jobs.workspace.Git(gitThreads, processes, gitProcesses, path, home);
  }

  /** The part a model session uses. */
  public SessionDeps sessions() {
    return new SessionDeps(vertx, processes, cli, sandbox, clients, outbound, maxTurns, maxTokens);
  }
}
