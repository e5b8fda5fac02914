package dev.mergeloom.worker.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mergeloom.worker.testing.Eventually;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-command cgroups: the detection of cgroup v2 against a directory tree laid out as the kernel
 * lays out a delegated cgroup (this machine has v1, so v2 cannot be reached for real here), and
 * real limits on real processes in bubblewrap wherever this machine lets the worker make cgroups.
 */
class CommandCgroupsTest {
  private static final long MIB = 1 << 20;
  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();
  private final ProcessManager manager = new ProcessManager(vertx);

  @AfterEach
  void close() {
    manager.stopAll(Duration.ofMillis(200)).await();
    vertx.close().await();
  }

  /** A delegated v2 cgroup "/svc" holding the given processes, with memory and pids available but not enabled. */
  private Path v2Tree(long... pids) throws Exception {
    Path root = Files.createDirectories(dir.resolve("cgroup"));
    Files.writeString(root.resolve("cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");
    Path svc = Files.createDirectories(root.resolve("svc"));
    Files.writeString(svc.resolve("cgroup.controllers"), "cpu io memory pids\n");
    Files.writeString(svc.resolve("cgroup.subtree_control"), "\n");
    StringBuilder procs = new StringBuilder();
    for (long pid : pids) {
      procs.append(pid).append('\n');
    }
    Files.writeString(svc.resolve("cgroup.procs"), procs);
    Files.writeString(dir.resolve("self-cgroup"), "0::/svc\n");
    return svc;
  }

  @Test
  void onCgroupV2TheWorkerMovesIntoALeafEnablesMemoryAndPidsAndLimitsEachCommand() throws Exception {
    Path svc = v2Tree(ProcessHandle.current().pid());
    CgroupDetector.Detection found = CgroupDetector.detect(dir.resolve("cgroup"), dir.resolve("self-cgroup"), 256 * MIB,
        50, false);
    assertThat(found.cgroups()).as(found.detail()).isPresent();
    assertThat(found.cgroups().get().version()).isEqualTo(CommandCgroups.Version.V2);
    assertThat(found.detail()).contains("256 MiB", "50 processes", svc.toString());
    assertThat(Files.readString(svc.resolve(CgroupDetector.WORKER_LEAF).resolve("cgroup.procs")))
        .isEqualTo(Long.toString(ProcessHandle.current().pid()));
    assertThat(Files.readString(svc.resolve("cgroup.subtree_control"))).isEqualTo("+memory +pids");

    CommandCgroups.Group group = found.cgroups().get().create();
    assertThat(group.dirs()).hasSize(1);
    Path cmd = group.dirs().get(0);
    assertThat(cmd.getParent()).isEqualTo(svc);
    assertThat(Files.readString(cmd.resolve("memory.max"))).isEqualTo(Long.toString(256 * MIB));
    assertThat(Files.readString(cmd.resolve("pids.max"))).isEqualTo("50");
    assertThat(group.wrap(List.of("bwrap", "--", "true")))
        .startsWith("/bin/sh", "-c").contains(cmd.resolve("cgroup.procs").toString()).endsWith("bwrap", "--", "true");
    Files.writeString(cmd.resolve("memory.events"), "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");
    assertThat(group.limitReached()).isEqualTo("memory");
  }

  @Test
  void aV2CgroupSharedWithOtherProcessesIsLeftAlone() throws Exception {
    Process other = new ProcessBuilder("sleep", "30").start();
    try {
      Path svc = v2Tree(ProcessHandle.current().pid(), other.pid());
      CgroupDetector.Detection found = CgroupDetector.detect(dir.resolve("cgroup"), dir.resolve("self-cgroup"),
          256 * MIB, 50, false);
      assertThat(found.cgroups()).isEmpty();
      assertThat(found.detail()).contains("holds processes other than the worker's", "rlimits only");
      assertThat(svc.resolve(CgroupDetector.WORKER_LEAF)).doesNotExist();
      assertThat(Files.readString(svc.resolve("cgroup.subtree_control"))).isBlank();
    } finally {
      other.destroyForcibly();
    }
  }

  @Test
  void withoutTheControllersThereAreNoCommandCgroups() throws Exception {
    Path svc = v2Tree(ProcessHandle.current().pid());
    Files.writeString(svc.resolve("cgroup.controllers"), "cpu io\n");
    CgroupDetector.Detection found = CgroupDetector.detect(dir.resolve("cgroup"), dir.resolve("self-cgroup"), MIB, 5,
        false);
    assertThat(found.cgroups()).isEmpty();
    assertThat(found.detail()).contains("memory and pids controllers");
  }

  /** The real cgroups of this machine, when the worker may make them here (root on v1, a delegated v2). */
  private Sandbox realSandbox(long memoryBytes, long processes) {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/bwrap")), "bubblewrap is not installed (scripts/test.sh installs it)");
    CgroupDetector.Detection found = CgroupDetector.detect(memoryBytes, processes);
    assumeTrue(found.cgroups().isPresent(), found.detail());
    return Sandbox.of(Path.of("/usr/bin/bwrap"), List.of(), Sandbox.Limits.DEFAULT).withCgroups(found);
  }

  private ProcessResult runBoxed(Sandbox sandbox, String script) throws Exception {
    Path tree = Files.createDirectories(dir.resolve("tree"));
    // No address-space rlimit, as for the CLIs: what stops the command here is its cgroup alone.
    List<String> argv = sandbox.wrap(List.of("/bin/sh", "-c", script), new Sandbox.Request(tree, false, List.of(),
        Map.of("PATH", "/usr/bin:/bin"), 60, List.of(), null, false));
    return manager.start(sandbox.confine(ProcessSpec.of("cgroup test", argv, Map.of(), Duration.ofSeconds(60))))
        .compose(ManagedProcess::exit).await();
  }

  @Test
  void processesTogetherOverTheMemoryLimitAreKilledAndTheCgroupGoes() throws Exception {
    Sandbox sandbox = realSandbox(96 * MIB, 200);
    // Four processes of 60 MiB each: every one is under any per-process limit, together they are not.
    ProcessResult result = runBoxed(sandbox, "for i in 1 2 3 4; do python3 -c \"b = b'x' * (60 << 20); "
        + "import time; time.sleep(5)\" & done; wait; echo all-survived");
    assertThat(result.limitReached()).isEqualTo("memory");
    assertThat(result.lastStdout()).containsExactly("all-survived");
    assertNoLeftovers(sandbox);
  }

  @Test
  void aCommandThatForksPastItsProcessLimitIsRefusedForks() throws Exception {
    Sandbox sandbox = realSandbox(512 * MIB, 20);
    ProcessResult result = runBoxed(sandbox, "n=0; for i in $(seq 60); do sleep 3 & n=$((n+1)); done 2>/dev/null; "
        + "echo started $n");
    assertThat(result.limitReached()).isEqualTo("processes");
    assertNoLeftovers(sandbox);
  }

  @Test
  void aCommandWithinItsLimitsRunsAsBefore() throws Exception {
    Sandbox sandbox = realSandbox(256 * MIB, 100);
    ProcessResult result = runBoxed(sandbox, "python3 -c \"b = b'x' * (20 << 20); print(len(b))\"");
    assertThat(result.exitCode()).isZero();
    assertThat(result.lastStdout()).containsExactly(Integer.toString(20 << 20));
    assertThat(result.limitReached()).isNull();
    assertNoLeftovers(sandbox);
  }

  @Test
  void aProcessThatLeftTheTreeIsStoppedThroughTheCommandsCgroup() throws Exception {
    Sandbox sandbox = realSandbox(256 * MIB, 100);
    var ready = new java.util.concurrent.CompletableFuture<Void>();
    // Not in bubblewrap, so the orphaned sleep is re-parented outside the command's tree at once;
    // only its cgroup still knows it belongs to the command.
    ManagedProcess p = manager.start(sandbox.confine(ProcessSpec.of("stray", List.of("/bin/sh", "-c",
        "(sleep 29.72 &); echo ready; sleep 60"), Map.of("PATH", "/usr/bin:/bin"), Duration.ofSeconds(60))), l -> {
          if (l.line().equals("ready")) {
            ready.complete(null);
          }
        }).await();
    ready.get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(ProcessManagerTest.strays("29.72")).hasSize(1);
    long stoppedAt = System.nanoTime();
    ProcessResult result = p.stop(Duration.ofMillis(200)).toCompletionStage().toCompletableFuture()
        .get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(result.stopped()).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).as("ended by the cgroup's kill, not by giving up "
        + "on the output").isLessThan(Duration.ofMillis(200).plus(ManagedProcess.STREAMS_GRACE));
    Eventually.until("the stray sleep is gone", Duration.ofSeconds(5), () -> ProcessManagerTest.strays("29.72").isEmpty());
    assertNoLeftovers(sandbox);
  }

  @Test
  void twoWorkersInOneJvmNeverShareACgroupAndADeadWorkersCgroupsAreCleanedAtStart() throws Exception {
    Sandbox sandbox = realSandbox(256 * MIB, 100);
    CommandCgroups other = CgroupDetector.detect(256 * MIB, 100).cgroups().orElseThrow();
    CommandCgroups.Group mine = sandbox.cgroups().orElseThrow().create();
    CommandCgroups.Group theirs = other.create();
    try {
      assertThat(mine.dirs()).doesNotContainAnyElementsOf(theirs.dirs());
    } finally {
      mine.remove();
      theirs.remove();
    }
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    List<Path> stale = new java.util.ArrayList<>();
    for (Path dir : mine.dirs()) {
      stale.add(Files.createDirectory(dir.getParent().resolve("mergeloom-cmd-" + gone.pid() + "-1")));
    }
    CgroupDetector.detect(256 * MIB, 100);
    assertThat(stale).allSatisfy(d -> assertThat(d).doesNotExist());
  }

  /**
   * Waits until no command cgroup of this worker is left on the machine (the worker retries on a
   * timer while the kernel holds a cgroup for a moment after its last exit).
   */
  private static void assertNoLeftovers(Sandbox sandbox) {
    Eventually.until("the command cgroups were removed", Duration.ofSeconds(5), () -> {
      try {
        return presentNow(sandbox).isEmpty();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
  }

  private static List<Path> presentNow(Sandbox sandbox) throws Exception {
    CommandCgroups.Group probe = sandbox.cgroups().orElseThrow().create();
    List<Path> parents = probe.dirs().stream().map(Path::getParent).toList();
    probe.remove();
    String prefix = "mergeloom-cmd-" + ProcessHandle.current().pid() + "-";
    List<Path> left = new java.util.ArrayList<>();
    for (Path parent : parents) {
      try (Stream<Path> children = Files.list(parent)) {
        children.filter(p -> p.getFileName().toString().startsWith(prefix)).forEach(left::add);
      }
    }
    return left;
  }
}
