package dev.mergeloom.worker.jobs.loop;

import dev.mergeloom.worker.jobs.model.FailureReason;
import dev.mergeloom.worker.jobs.model.JobFailure;
import dev.mergeloom.worker.jobs.workspace.JobNetwork;
import dev.mergeloom.worker.cli.CliKind;
import dev.mergeloom.worker.process.HostAllowlist;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * What a CLI backend needs in the job's sandbox: its installation, visible read-only, and a
 * per-job copy of its config directory (the login's credentials and settings), never the shared
 * one, so a job's CLI cannot change or take the logins other jobs use. Blocking, but for {@link #box}.
 */
final class CliSandbox {
  private CliSandbox() {}

  /**
   * Copies the regular files at the top of the CLI's shared config directory (auth, settings;
   * not its session history) into {@code <job home>/<name>}; links are not followed.
   */
  static Path copyConfig(Path shared, Path jobHome, String name) throws IOException {
    Path copy = Files.createDirectories(jobHome.resolve(name));
    if (Files.isDirectory(shared)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(shared)) {
        for (Path f : files) {
          if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            Files.copy(f, copy.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.COPY_ATTRIBUTES);
          }
        }
      }
    }
    return copy;
  }

  /** Removes a config copy (files written by the CLI during the session included); links are not followed. */
  static Void remove(Path copy) throws IOException {
    if (Files.exists(copy, LinkOption.NOFOLLOW_LINKS)) {
      try (var files = Files.walk(copy)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
    return null;
  }

  /**
   * The directory to show the CLI from: the {@code node_modules} its real file lives in (its
   * dependencies, the native binary of Codex, sit beside it there), else that file's directory.
   */
  static Path installRoot(Path exe) throws IOException {
    Path real = exe.toRealPath();
    for (Path p = real.getParent(); p != null; p = p.getParent()) {
      if (p.getFileName() != null && p.getFileName().toString().equals("node_modules")) {
        return p;
      }
    }
    return real.getParent();
  }

  /**
   * The sandbox a CLI session runs in, with its per-job config copy and a proxy that reaches its
   * provider's endpoints (and the job's hosts); empty when the sandbox is off.
   *
   * @param home the job's home directory, where the config copy goes
   */
  static Future<Optional<CliSession.Boxed>> box(SessionDeps deps, String provider, Path home, JobNetwork network,
      HostAllowlist hosts) {
    var sandbox = deps.sandbox().sandbox();
    CliKind kind = CliKind.of(provider);
    var exe = deps.cli().executable(kind);
    if (sandbox.isEmpty() || exe.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    if (deps.sandbox().egress().isEmpty()) {
      return Future.failedFuture(new JobFailure(FailureReason.SANDBOX_UNAVAILABLE, "a CLI provider reaches its "
          + "endpoint only through the sandbox's egress proxy, which does not work here: "
          + deps.sandbox().egressDetail()));
    }
    record Copied(Path config, Path install, List<HostAllowlist.Entry> endpoints) {}
    return deps.vertx().executeBlocking(() -> {
      Path config = copyConfig(deps.cli().configDir(kind), home, kind == CliKind.CODEX ? "codex-home" : "claude-config");
      return new Copied(config, installRoot(exe.get()), JobNetwork.cliHosts(kind, config,
          deps.cli().claudeEnvironment().get("ANTHROPIC_BASE_URL")));
    }, false).compose(c -> network.open(hosts.with(c.endpoints()), "the " + kind.command() + " CLI")
        .map(egress -> Optional.of(new CliSession.Boxed(sandbox.get(), c.config(), c.install(), egress.orElseThrow()))));
  }
}
