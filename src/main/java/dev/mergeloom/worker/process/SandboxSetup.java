package dev.mergeloom.worker.process;

import dev.mergeloom.worker.config.WorkerSettings.SandboxSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the sandbox from the settings and probes it once at start; says the outcome in the log. */
public final class SandboxSetup {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxSetup.class);

  private SandboxSetup() {}

  /** @param env the process environment, whose PATH finds a bubblewrap given by name */
  public static Future<SandboxStatus> start(Vertx vertx, ProcessManager processes, SandboxSettings settings,
      Map<String, String> env) {
    if (settings.off()) {
      SandboxStatus off = SandboxStatus.off();
      LOG.warn("sandbox: {}", off.detail());
      return Future.succeededFuture(off);
    }
    record Prepared(Sandbox sandbox, Path tree, boolean installed) {}
    return vertx.executeBlocking(() -> {
      Sandbox sandbox = Sandbox.of(locate(settings.bwrap(), env.getOrDefault("PATH", "/usr/bin:/bin")),
          settings.readOnly(), new Sandbox.Limits(settings.maxProcesses(), settings.maxMemoryMb() << 20,
              settings.maxFileMb() << 20, Sandbox.Limits.DEFAULT.openFiles()));
      sandbox = sandbox.withCgroups(settings.cgroups()
          ? CgroupDetector.detect(settings.maxMemoryMb() << 20, settings.maxProcesses())
          : new CgroupDetector.Detection(Optional.empty(), "JCA_WORKER_SANDBOX_CGROUPS=off: job commands keep their "
              + "rlimits only"));
      return new Prepared(sandbox, Files.createTempDirectory("mergeloom-sandbox-probe"),
          Files.isExecutable(sandbox.bwrap()));
    }, false)
        .compose(p -> SandboxStatus.probe(processes, p.sandbox(), p.tree(), p.installed())
            .compose(status -> status.available() ? EgressProbe.run(vertx, processes, status, p.tree())
                : Future.succeededFuture(status))
            .eventually(() -> vertx.executeBlocking(() -> Files.deleteIfExists(p.tree()), false)))
        .onSuccess(status -> {
          if (status.available()) {
            LOG.info("sandbox: {}", status.detail());
            LOG.info("sandbox limits: {}", status.sandbox().orElseThrow().cgroupDetail());
            if (status.egress().isPresent()) {
              LOG.info("sandbox network: {}", status.egressDetail());
            } else {
              LOG.warn("sandbox network unavailable: {}", status.egressDetail());
            }
          } else {
            LOG.error("sandbox unavailable, jobs are refused: {}", status.detail());
          }
        });
  }

  /** A path as given, or the first executable of that name on PATH; the name itself when none is found. */
  static Path locate(String configured, String path) {
    if (configured.contains("/")) {
      return Path.of(configured);
    }
    for (String dir : path.split(":")) {
      Path candidate = dir.isEmpty() ? null : Path.of(dir, configured);
      if (candidate != null && Files.isExecutable(candidate)) {
        return candidate.toAbsolutePath();
      }
    }
    return Path.of("/usr/bin", configured);
  }

  /** For roles that run no job here (a gateway): nothing to probe. */
  public static SandboxStatus notHere() {
    return new SandboxStatus(Optional.empty(), SandboxStatus.ON_EXECUTORS, false,
        "this gateway runs no job: its executors sandbox theirs and say so on their /health");
  }
}
