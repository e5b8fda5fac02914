package dev.mergeloom.worker.process;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Finds out at start whether a sandboxed command can reach an egress proxy: one command in the
 * sandbox sends a CONNECT through the network bridge (socat) to a proxy that allows nothing,
 * and the probe passes when the proxy saw that request. Without it, jobs still run, with no
 * network at all, and the hosts of the network allowlist are unreachable (the log and /health say so).
 */
final class EgressProbe {
  private static final String PROBE_HOST = "mergeloom-egress-probe.invalid";

  private EgressProbe() {}

  /** @param tree an empty directory standing in for a work tree */
  static Future<SandboxStatus> run(Vertx vertx, ProcessManager processes, SandboxStatus status, Path tree) {
    Sandbox sandbox = status.sandbox().orElseThrow();
    AtomicReference<EgressProxy.Decision> seen = new AtomicReference<>();
    return vertx.executeBlocking(() -> {
      // A short path of its own: a Unix socket's path has at most 107 bytes.
      Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "mlw-egress");
      dev.mergeloom.worker.config.OwnerOnly.directory(dir);
      return dir;
    }, false).compose(dir -> {
      Path socket = dir.resolve("probe.sock");
      return EgressProxy.start(vertx, socket, HostAllowlist.NONE, seen::set).compose(proxy -> {
        List<String> argv = sandbox.wrap(List.of("/bin/sh", "-c", "printf 'CONNECT " + PROBE_HOST
            + ":443 HTTP/1.1\\r\\n\\r\\n' | socat -t 2 - TCP:127.0.0.1:3128"),
            new Sandbox.Request(tree, false, List.of(), Map.of("PATH", "/usr/bin:/bin"), 5).withEgress(socket));
        return processes.start(sandbox.confine(ProcessSpec.of("sandbox egress probe", argv, Map.of(),
            Duration.ofSeconds(20))))
            .compose(ManagedProcess::exit)
            .map(result -> seen.get() != null && PROBE_HOST.equals(seen.get().host())
                ? status.withEgress(Optional.of(dir), "jobs reach the hosts of their network allowlist through "
                    + "the worker's egress proxy (Unix sockets in " + dir + "), and nothing else")
                : status.withEgress(Optional.empty(), failed("the probe command ended with exit " + result.exitCode()
                    + ": " + String.join(" ", result.lastStderr()).strip())))
            .eventually(proxy::close)
            .eventually(() -> vertx.executeBlocking(() -> Files.deleteIfExists(socket), false))
            // Without a working bridge no job socket goes there: the directory is not kept.
            .compose(probed -> probed.egress().isPresent() ? Future.succeededFuture(probed)
                : vertx.fileSystem().deleteRecursive(dir.toString()).otherwiseEmpty().map(probed));
      });
    }).recover(e -> Future.succeededFuture(status.withEgress(Optional.empty(), failed(e.getMessage()))));
  }

  private static String failed(String why) {
    return "job commands have no network at all (" + why + "); to reach the hosts of the network "
        + "allowlist, install socat (Debian: apt-get install socat), which bridges the sandbox to the proxy";
  }
}
