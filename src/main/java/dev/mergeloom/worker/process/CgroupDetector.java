package dev.mergeloom.worker.process;

import dev.mergeloom.worker.process.CommandCgroups.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds out at start whether the worker may make cgroups for its commands: cgroup v2 with the
 * memory and pids controllers delegated to the worker's cgroup, or cgroup v1 with the memory and
 * pids hierarchies writable (root in a VM, a privileged container). Where neither is offered (most
 * Kubernetes pods, a laptop session), commands keep their rlimits and the pod's or the machine's
 * own limits, and {@code /health} says so. Blocking: call on a worker thread.
 */
public final class CgroupDetector {
  /** The leaf the worker moves itself into on v2, where a cgroup with children may hold no process. */
  static final String WORKER_LEAF = "mergeloom-worker";

  private CgroupDetector() {}

  /** The outcome: the facility when there is one, and what was found either way. */
  public record Detection(Optional<CommandCgroups> cgroups, String detail) {
    static Detection none(String why) {
      return new Detection(Optional.empty(), why + "; job commands keep their rlimits only");
    }
  }

  /** Looks at the real cgroup file system and the worker's own cgroup. */
  public static Detection detect(long memoryBytes, long processes) {
    return detect(Path.of("/sys/fs/cgroup"), Path.of("/proc/self/cgroup"), memoryBytes, processes, true);
  }

  /**
   * @param root where the cgroup file systems are mounted
   * @param self the worker's {@code /proc/self/cgroup}
   * @param probe whether to make and remove one command cgroup to prove it works (a test on a
   *     plain directory tree cannot remove a directory holding files)
   */
  static Detection detect(Path root, Path self, long memoryBytes, long processes, boolean probe) {
    List<String> lines;
    try {
      lines = Files.readAllLines(self);
    } catch (IOException e) {
      return Detection.none("cannot read " + self + " (" + e.getMessage() + ")");
    }
    try {
      Optional<CommandCgroups> found = Files.exists(root.resolve("cgroup.controllers"))
          ? v2(root, lines, memoryBytes, processes) : v1(root, lines, memoryBytes, processes);
      if (found.isEmpty()) {
        return Detection.none("no writable cgroup with the memory and pids controllers under " + root);
      }
      if (probe) {
        found.get().removeStale();
        found.get().create().remove();
      }
      return new Detection(found, found.get().describe());
    } catch (IOException | RuntimeException e) {
      return Detection.none("cgroups under " + root + " are not writable here (" + e.getMessage() + ")");
    }
  }

  /** cgroup v2: the worker's own cgroup, once memory and pids are enabled for its children. */
  private static Optional<CommandCgroups> v2(Path root, List<String> lines, long memoryBytes, long processes)
      throws IOException {
    String own = lines.stream().filter(l -> l.startsWith("0::")).map(l -> l.substring(3)).findFirst().orElse("/");
    Path dir = inside(root, own);
    if (!words(dir.resolve("cgroup.controllers")).containsAll(Set.of("memory", "pids"))) {
      return Optional.empty();
    }
    if (!words(dir.resolve("cgroup.subtree_control")).containsAll(Set.of("memory", "pids"))) {
      moveWorkerIntoLeaf(dir);
      Files.writeString(dir.resolve("cgroup.subtree_control"), "+memory +pids");
    }
    return Optional.of(new CommandCgroups(Version.V2, dir, dir, memoryBytes, processes));
  }

  /**
   * A v2 cgroup with processes cannot enable controllers for children (the no-internal-process
   * rule), so the worker moves into a leaf of its own, as a delegated service is meant to. Only the
   * worker and its ancestors (tini, a shell that started it) are moved; any other process there
   * belongs to someone else, and the worker leaves the cgroup alone.
   */
  private static void moveWorkerIntoLeaf(Path dir) throws IOException {
    Set<Long> ours = new HashSet<>();
    for (Optional<ProcessHandle> p = Optional.of(ProcessHandle.current()); p.isPresent(); p = p.get().parent()) {
      ours.add(p.get().pid());
    }
    List<Long> members = Files.readAllLines(dir.resolve("cgroup.procs")).stream().filter(l -> !l.isBlank())
        .map(l -> Long.parseLong(l.trim())).toList();
    if (members.isEmpty()) {
      return;
    }
    if (!ours.containsAll(members)) {
      throw new IOException(dir + " holds processes other than the worker's; run the worker in a cgroup of its own "
          + "(systemd: Delegate=yes)");
    }
    Path leaf = dir.resolve(WORKER_LEAF);
    Files.createDirectories(leaf);
    for (long pid : members) {
      Files.writeString(leaf.resolve("cgroup.procs"), Long.toString(pid));
    }
  }

  /** cgroup v1: the worker's own cgroup in the memory hierarchy and in the pids hierarchy. */
  private static Optional<CommandCgroups> v1(Path root, List<String> lines, long memoryBytes, long processes) {
    Optional<Path> memory = hierarchy(root, lines, "memory");
    Optional<Path> pids = hierarchy(root, lines, "pids");
    if (memory.isEmpty() || pids.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new CommandCgroups(Version.V1, memory.get(), pids.get(), memoryBytes, processes));
  }

  /** The worker's cgroup directory in the v1 hierarchy of {@code controller} ("4:memory:/a/b"). */
  private static Optional<Path> hierarchy(Path root, List<String> lines, String controller) {
    for (String line : lines) {
      String[] parts = line.split(":", 3);
      if (parts.length == 3 && List.of(parts[1].split(",")).contains(controller)) {
        Path mount = root.resolve(parts[1]);
        return Files.isDirectory(mount) ? Optional.of(inside(mount, parts[2])) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * The directory of a cgroup path under a mount; the mount itself when the path is not there (in
   * a container without its own cgroup namespace the path names the host's view).
   */
  private static Path inside(Path mount, String cgroupPath) {
    Path dir = mount.resolve(cgroupPath.replaceFirst("^/+", ""));
    return Files.isDirectory(dir) ? dir : mount;
  }

  private static Set<String> words(Path file) throws IOException {
    return Files.exists(file) ? Set.of(Files.readString(file).trim().split("\\s+")) : Set.of();
  }
}
