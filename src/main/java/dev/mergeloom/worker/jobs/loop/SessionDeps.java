package dev.mergeloom.worker.jobs.loop;

import dev.mergeloom.worker.cli.CliSettings;
import dev.mergeloom.worker.process.ProcessManager;
import dev.mergeloom.worker.process.SandboxStatus;
import dev.mergeloom.worker.provider.OutboundSettings;
import dev.mergeloom.worker.provider.clients.Providers;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * What a model session needs from the worker, whichever kind it is: the provider clients and
 * their call policy for the tool loop, the process manager, CLI settings and sandbox for a CLI.
 *
 * @param maxTurns turns per session before it ends with max_turns
 * @param maxTokens tokens per session before it ends with token_limit
 */
public record SessionDeps(Vertx vertx, ProcessManager processes, CliSettings cli, SandboxStatus sandbox,
    Providers clients, OutboundSettings outbound, int maxTurns, long maxTokens) {

  ToolLoop.Limits limits(Duration wallTime) {
    return new ToolLoop.Limits(maxTurns, maxTokens, wallTime);
  }
}
