package dev.mergeloom.worker.bench;

import dev.mergeloom.worker.process.CgroupDetector;
import dev.mergeloom.worker.process.CommandCgroups;
import dev.mergeloom.worker.process.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the sandbox costs per command: p50 and p90 wall time of {@code git status} in a small
 * repository and of {@code python3 -c pass}, each started as a child process directly and in the
 * worker's own bubblewrap argv ({@link Sandbox#wrap}), and, where this machine lets the worker
 * make cgroups, in bubblewrap in a cgroup of its own (made before and removed after each run, as
 * the worker does), alternating, after a warm-up.
 *
 *   bash bench/sandbox.sh [runs]      # default 50 runs of each
 */
public final class SandboxBench {
  private SandboxBench() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    Path repo = Files.createTempDirectory("sandbox-bench");
    exec(List.of("git", "init", "-q", repo.toString()), repo);
    for (int i = 0; i < 50; i++) {
      Files.writeString(repo.resolve("file" + i + ".txt"), "line " + i + "\n");
    }
    exec(List.of("git", "add", "-A"), repo);
    exec(List.of("git", "-c", "user.name=b", "-c", "user.email=b@example.invalid", "commit", "-q", "-m", "init"), repo);
    Sandbox sandbox = Sandbox.of(Path.of("/usr/bin/bwrap"), List.of(), Sandbox.Limits.DEFAULT);
    var cgroups = CgroupDetector.detect(Sandbox.Limits.DEFAULT.memoryBytes(), Sandbox.Limits.DEFAULT.processes())
        .cgroups().orElse(null);
    Map<String, String> env = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LANG", "C.UTF-8");
    System.out.println("| command | runs | direct p50 | direct p90 | in bubblewrap p50 | in bubblewrap p90 | cost p50 "
        + "| bubblewrap + cgroup p50 | p90 | cost p50 |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    for (List<String> command : List.of(List.of("git", "status", "--porcelain"), List.of("python3", "-c", "pass"))) {
      List<String> wrapped = sandbox.wrap(command, new Sandbox.Request(repo, false, List.of(), env, 60));
      for (int i = 0; i < 5; i++) {
        exec(command, repo);
        exec(wrapped, repo);
        limited(cgroups, wrapped, repo);
      }
      double[] direct = new double[runs];
      double[] boxed = new double[runs];
      double[] grouped = new double[runs];
      for (int i = 0; i < runs; i++) {
        direct[i] = exec(command, repo);
        boxed[i] = exec(wrapped, repo);
        grouped[i] = limited(cgroups, wrapped, repo);
      }
      Arrays.sort(direct);
      Arrays.sort(boxed);
      Arrays.sort(grouped);
      double d50 = BenchSupport.percentile(direct, 50);
      double b50 = BenchSupport.percentile(boxed, 50);
      double g50 = BenchSupport.percentile(grouped, 50);
      System.out.printf("| `%s` | %d | %.1f ms | %.1f ms | %.1f ms | %.1f ms | +%.1f ms | %s |%n", String.join(" ", command),
          runs, d50, BenchSupport.percentile(direct, 90), b50, BenchSupport.percentile(boxed, 90), b50 - d50,
          cgroups == null ? "no cgroups here | – | –" : String.format("%.1f ms | %.1f ms | +%.1f ms", g50,
              BenchSupport.percentile(grouped, 90), g50 - d50));
    }
  }

  /** Makes a command cgroup, runs the command in it and removes it; the wall time of all three (0 without cgroups). */
  private static double limited(CommandCgroups cgroups, List<String> wrapped, Path dir) throws Exception {
    if (cgroups == null) {
      return 0;
    }
    long start = System.nanoTime();
    CommandCgroups.Group group = cgroups.create();
    exec(group.wrap(wrapped), dir);
    group.remove();
    return (System.nanoTime() - start) / 1e6;
  }

  /** Runs to the end; the wall time in milliseconds. Fails on a non-zero exit. */
  private static double exec(List<String> argv, Path dir) throws Exception {
    long start = System.nanoTime();
    // Java finds a bare executable name on its own PATH, not the child's: resolve it on the child's.
    List<String> resolved = new ArrayList<>(argv);
    for (String d : List.of("/usr/local/bin", "/usr/bin", "/bin")) {
      if (!resolved.get(0).contains("/") && Files.isExecutable(Path.of(d, resolved.get(0)))) {
        resolved.set(0, d + "/" + resolved.get(0));
      }
    }
    ProcessBuilder pb = new ProcessBuilder(resolved).directory(dir.toFile()).redirectErrorStream(true);
    // The same environment as inside, so both sides start the same executables the same way.
    pb.environment().clear();
    pb.environment().putAll(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LANG", "C.UTF-8", "HOME", "/tmp",
        "GIT_CONFIG_NOSYSTEM", "1"));
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(argv + " failed: " + new String(out));
    }
    return (System.nanoTime() - start) / 1e6;
  }
}
