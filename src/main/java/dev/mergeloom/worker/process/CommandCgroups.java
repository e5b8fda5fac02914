package dev.mergeloom.worker.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A cgroup of its own for every sandboxed command, where the host lets the worker make one
 * ({@link CgroupDetector} finds out at start): a memory limit for all the command's processes
 * together (an rlimit bounds each process's address space only, and not at all for a Node.js CLI)
 * and a process count the kernel enforces for the command alone. The command's first process
 * joins the cgroup before it execs bubblewrap, so nothing it forks is ever outside; when the
 * command ends, whatever is left in the cgroup is killed and the cgroup removed.
 *
 * <p>All methods touch the cgroup file system: call them on a worker thread.
 */
public final class CommandCgroups {
  /** cgroup v1 (one hierarchy per controller) or v2 (one unified hierarchy). */
  public enum Version { V1, V2 }

  private final Version version;
  private final Path memoryParent;
  private final Path pidsParent;
  private final long memoryBytes;
  private final long processes;
  /**
   * Names are unique in the JVM, not per instance: several workers in one JVM (the tests) share
   * the cgroup directories, and one worker's cgroup may still be going while another makes one.
   */
  private static final String PREFIX = "mergeloom-cmd-" + ProcessHandle.current().pid() + "-";
  private static final AtomicLong CREATED = new AtomicLong();

  /**
   * @param memoryParent where command cgroups are made in the memory hierarchy
   * @param pidsParent where they are made in the pids hierarchy (the same directory on v2)
   */
  CommandCgroups(Version version, Path memoryParent, Path pidsParent, long memoryBytes, long processes) {
    this.version = version;
    this.memoryParent = memoryParent;
    this.pidsParent = pidsParent;
    this.memoryBytes = memoryBytes;
    this.processes = processes;
  }

  public Version version() {
    return version;
  }

  /** What commands get, for the log and {@code /health}. */
  public String describe() {
    String where = version == Version.V2 ? memoryParent.toString() : memoryParent + " and " + pidsParent;
    return "cgroup " + version.name().toLowerCase(java.util.Locale.ROOT) + ": each job command at most "
        + (memoryBytes >> 20) + " MiB of memory and " + processes + " processes in all (cgroups under " + where + ")";
  }

  /**
   * Removes command cgroups that a worker no longer running left behind (a crash, a kill -9):
   * they would hold names a new worker with the same pid wants, and they keep nothing worth
   * keeping. Those of live processes, this one's included, are left alone.
   */
  void removeStale() {
    for (Path parent : version == Version.V2 ? List.of(memoryParent) : List.of(memoryParent, pidsParent)) {
      try (var children = Files.list(parent)) {
        children.filter(d -> d.getFileName().toString().startsWith("mergeloom-cmd-")).filter(CommandCgroups::orphaned)
            .forEach(d -> new Group(List.of(d), null, null).tryRemove());
      } catch (IOException e) {
        // unreadable: the probe that follows says whether commands can get cgroups here
      }
    }
  }

  private static boolean orphaned(Path dir) {
    String[] parts = dir.getFileName().toString().split("-");
    try {
      long pid = Long.parseLong(parts[2]);
      return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Makes the cgroup of one command with its limits. */
  public Group create() throws IOException {
    String name = PREFIX + CREATED.incrementAndGet();
    List<Path> dirs = new ArrayList<>();
    try {
      Path memory = made(memoryParent.resolve(name), dirs);
      Path pids = version == Version.V2 ? memory : made(pidsParent.resolve(name), dirs);
      if (version == Version.V2) {
        write(memory.resolve("memory.max"), memoryBytes);
        writeIfPresent(memory.resolve("memory.swap.max"), 0);
      } else {
        write(memory.resolve("memory.limit_in_bytes"), memoryBytes);
        // With swap accounting on, swap counts too; the combined limit must not be below memory's.
        writeIfPresent(memory.resolve("memory.memsw.limit_in_bytes"), memoryBytes);
      }
      write(pids.resolve("pids.max"), processes);
      return new Group(List.copyOf(dirs), memory, pids);
    } catch (IOException | RuntimeException e) {
      new Group(List.copyOf(dirs), null, null).remove();
      throw e;
    }
  }

  private static Path made(Path dir, List<Path> dirs) throws IOException {
    Files.createDirectory(dir);
    dirs.add(dir);
    return dir;
  }

  private static void write(Path file, long value) throws IOException {
    Files.writeString(file, Long.toString(value), StandardCharsets.US_ASCII);
  }

  private static void writeIfPresent(Path file, long value) throws IOException {
    if (Files.exists(file)) {
      write(file, value);
    }
  }

  /**
   * One command's cgroup.
   *
   * @param dirs the cgroup directories (one on v2, one per hierarchy on v1)
   */
  public record Group(List<Path> dirs, Path memory, Path pids) {
    /**
     * The first process writes its own pid into each {@code cgroup.procs}, then execs the command:
     * its children are born inside. A join that fails stops the command (exit 125) rather than run
     * it unlimited.
     */
    private static final String JOIN = "n=$1; shift; while [ \"$n\" -gt 0 ]; do "
        + "echo $$ > \"$1\" || { echo 'mergeloom-worker: could not join the command cgroup' >&2; exit 125; }; "
        + "shift; n=$((n-1)); done; exec \"$@\"";

    public List<String> wrap(List<String> argv) {
      List<String> out = new ArrayList<>(List.of("/bin/sh", "-c", JOIN, "mergeloom-cgroup", Integer.toString(dirs.size())));
      dirs.forEach(d -> out.add(d.resolve("cgroup.procs").toString()));
      out.addAll(argv);
      return out;
    }

    /**
     * Which limit the kernel enforced on the command, read before the cgroup goes: "memory" when it
     * killed a process for memory, "processes" when it refused a fork; null when neither.
     */
    public String limitReached() {
      // v2 counts kills in memory.events, v1 in memory.oom_control (kernels from 4.13)
      Path oom = memory == null ? null : memory.resolve(memory.equals(pids) ? "memory.events" : "memory.oom_control");
      if (oom != null && counter(oom, "oom_kill") > 0) {
        return "memory";
      }
      return pids != null && counter(pids.resolve("pids.events"), "max") > 0 ? "processes" : null;
    }

    /** Kills whatever is still in the cgroup and removes it, waiting up to a second (probes, failed starts). */
    public void remove() {
      for (int attempt = 0; attempt < 1000 && !tryRemove(); attempt++) {
        sleepBriefly();
      }
    }

    /**
     * Kills whatever is still in the cgroup and tries once to remove it; false while the kernel
     * still holds it (EBUSY for a moment after the last process exited). The worker retries on a
     * timer, so no thread sleeps waiting for the kernel.
     */
    public boolean tryRemove() {
      boolean gone = true;
      for (Path dir : dirs) {
        killAll(dir);
        try {
          Files.deleteIfExists(dir);
        } catch (IOException busy) {
          gone = false;
        }
      }
      return gone;
    }

    private static void killAll(Path dir) {
      Path kill = dir.resolve("cgroup.kill");
      try {
        if (Files.exists(kill)) {
          Files.writeString(kill, "1");
          return;
        }
      } catch (IOException e) {
        // gone already: deleting it says so
      }
      signal(dir, true);
    }

    /**
     * Signals every process in the command's cgroups (SIGTERM, or SIGKILL when {@code forcibly}).
     * The cgroup holds what the command forked even after it was re-parented (a bubblewrap child
     * whose parent died before it asked to die with it), which a walk of descendants misses.
     */
    public void signalAll(boolean forcibly) {
      dirs.forEach(dir -> signal(dir, forcibly));
    }

    private static void signal(Path dir, boolean forcibly) {
      try {
        for (String line : Files.readAllLines(dir.resolve("cgroup.procs"))) {
          if (!line.isBlank()) {
            ProcessHandle.of(Long.parseLong(line.trim()))
                .ifPresent(forcibly ? ProcessHandle::destroyForcibly : ProcessHandle::destroy);
          }
        }
      } catch (IOException | NumberFormatException e) {
        // gone already, or not a cgroup directory: deleting it says which
      }
    }

    private static void sleepBriefly() {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** The value of {@code key} in a flat-keyed cgroup file ("oom_kill 1"), 0 when absent. */
    static long counter(Path file, String key) {
      try {
        for (String line : Files.readAllLines(file)) {
          String[] parts = line.trim().split("\\s+");
          if (parts.length == 2 && parts[0].equals(key)) {
            return Long.parseLong(parts[1]);
          }
        }
      } catch (IOException | NumberFormatException e) {
        // no such file on this kernel: the limit is not reported, only enforced
      }
      return 0;
    }
  }
}
