package dev.mergeloom.worker.process;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether job processes run in the sandbox here, found out at start by running one command in
 * it: user namespaces, seccomp and AppArmor can each forbid bubblewrap, and a worker must say so
 * and run no job rather than run jobs without a boundary. {@code off} is only ever the
 * operator's explicit choice ({@code JCA_WORKER_SANDBOX=off}).
 *
 * @param sandbox the sandbox to wrap commands in, empty when off or unavailable
 * @param mode {@code bwrap} or {@code off}, as configured
 * @param detail why it is unavailable (and what to do), or what runs
 * @param egress where jobs' egress proxy sockets go, present when a sandboxed command reached a proxy
 *     through the network bridge in the probe; without it jobs run with no network at all
 * @param egressDetail what the bridge probe found (and what to do when it failed)
 */
public record SandboxStatus(Optional<Sandbox> sandbox, String mode, boolean available, String detail,
    Optional<Path> egress, String egressDetail) {

  public SandboxStatus(Optional<Sandbox> sandbox, String mode, boolean available, String detail) {
    this(sandbox, mode, available, detail, Optional.empty(), "no sandbox, no egress proxy");
  }

  /** The same status with the outcome of the network bridge's probe. */
  SandboxStatus withEgress(Optional<Path> dir, String what) {
    return new SandboxStatus(sandbox, mode, available, detail, dir, what);
  }
  /** The mode of a gateway, which runs no job itself. */
  public static final String ON_EXECUTORS = "executors";

  public static SandboxStatus off() {
    return new SandboxStatus(Optional.empty(), "off", false,
        "JCA_WORKER_SANDBOX=off: job commands run unsandboxed, with the worker's own access to this machine");
  }

  /** True when jobs may run: sandboxed, or unsandboxed because the operator said so. */
  public boolean jobsAllowed() {
    return available || mode.equals("off");
  }

  /** What a job's record says about where its commands ran. */
  public String recordLabel() {
    return available ? "bubblewrap" : "unsandboxed";
  }

  public JsonObject toJson() {
    return new JsonObject().put("mode", mode).put("available", available).put("jobsAllowed", jobsAllowed())
        .put("here", !mode.equals(ON_EXECUTORS)).put("detail", detail)
        .put("egressProxy", new JsonObject().put("available", egress.isPresent()).put("detail", egressDetail))
        .put("cgroups", new JsonObject().put("available", sandbox.flatMap(Sandbox::cgroups).isPresent())
            .put("detail", sandbox.map(Sandbox::cgroupDetail).orElse("no sandbox, no command cgroups")));
  }

  /**
   * Runs {@code true} in the sandbox once; the answer says what failed and how to fix it.
   *
   * @param tree an empty directory to stand in for a work tree, made by the caller off the event loop
   * @param installed whether the bubblewrap executable exists, checked by the caller off the event loop
   */
  public static Future<SandboxStatus> probe(ProcessManager processes, Sandbox sandbox, Path tree, boolean installed) {
    if (!installed) {
      return Future.succeededFuture(unavailable(sandbox, "bubblewrap is not installed at " + sandbox.bwrap()));
    }
    List<String> argv = sandbox.wrap(List.of("true"), new Sandbox.Request(tree, false, List.of(),
        Map.of("PATH", "/usr/bin:/bin"), 5));
    return processes.start(sandbox.confine(ProcessSpec.of("sandbox probe", argv, Map.of(), Duration.ofSeconds(20))))
        .compose(ManagedProcess::exit)
        .map(result -> result.exitCode() == 0
            ? new SandboxStatus(Optional.of(sandbox), "bwrap", true, "bubblewrap " + sandbox.bwrap()
                + ": job commands run in their own namespaces, network off, only the work tree writable")
            : unavailable(sandbox, "a command in bubblewrap failed (exit " + result.exitCode() + "): "
                + String.join(" ", result.lastStderr()).strip()))
        .recover(e -> Future.succeededFuture(unavailable(sandbox, "bubblewrap could not start: " + e.getMessage())));
  }

  private static SandboxStatus unavailable(Sandbox sandbox, String why) {
    return new SandboxStatus(Optional.empty(), "bwrap", false, why + ". Jobs are refused until the sandbox works: "
        + "install bubblewrap (Debian: apt-get install bubblewrap), allow unprivileged user namespaces "
        + "(sysctl kernel.unprivileged_userns_clone=1; in a container, a seccomp profile and AppArmor that allow "
        + "unshare, see docs/security.md), or set JCA_WORKER_SANDBOX=off to run jobs unsandboxed");
  }
}
