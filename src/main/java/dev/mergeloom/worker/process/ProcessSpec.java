package dev.mergeloom.worker.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What to run: an argv (never a shell string), the complete environment of the child (nothing
 * is inherited, so no worker secret reaches it unless the caller puts it here on purpose), the
 * working directory, and a time limit.
 *
 * @param name a label for logs and the registry (e.g. "codex login")
 * @param keepLines how many of the last lines of each stream to keep for the result
 * @param cgroups where to make the process's own cgroup before it starts, or null for none
 */
public record ProcessSpec(String name, List<String> argv, Map<String, String> environment, Path workingDirectory,
    Duration timeout, int keepLines, CommandCgroups cgroups) {

  public ProcessSpec(String name, List<String> argv, Map<String, String> environment, Path workingDirectory,
      Duration timeout, int keepLines) {
    this(name, argv, environment, workingDirectory, timeout, keepLines, null);
  }

  public ProcessSpec {
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("argv must name an executable");
    }
    argv = List.copyOf(argv);
    environment = Map.copyOf(environment);
  }

  public static ProcessSpec of(String name, List<String> argv, Map<String, String> environment, Duration timeout) {
    return new ProcessSpec(name, argv, environment, null, timeout, 50);
  }

  public ProcessSpec in(Path directory) {
    return new ProcessSpec(name, argv, environment, directory, timeout, keepLines, cgroups);
  }

  /** The same spec, started in a cgroup of its own made from {@code groups}. */
  public ProcessSpec limitedBy(CommandCgroups groups) {
    return new ProcessSpec(name, argv, environment, workingDirectory, timeout, keepLines, groups);
  }

  /** Never prints the environment: callers may have put a secret there on purpose. */
  @Override
  public String toString() {
    return "ProcessSpec[" + name + ", argv=" + argv + "]";
  }
}
