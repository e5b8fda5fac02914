package dev.mergeloom.worker.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The OS boundary around every process a job starts (bubblewrap, started as a child with argv):
 * new user, pid, network, ipc, uts and cgroup namespaces, all capabilities dropped, a new
 * session, the system read-only, a private {@code /tmp} and {@code HOME}, a {@code /proc} of its
 * own pid namespace (the worker's processes are not there), the job's work tree the only
 * writable place, and nothing of the data directory, the secrets, the CLI logins or the
 * operator's home. When the command's first process ends, bubblewrap ends the whole pid
 * namespace, detached children included; it dies with the worker too. Resource limits
 * (processes, address space, file size, CPU, open files) are set by {@code prlimit} inside, and
 * where the host offers cgroups each command also gets one of its own ({@link CommandCgroups}:
 * memory and processes of the whole command), applied by {@link #confine}.
 *
 * @param bwrap the bubblewrap executable
 * @param readOnly extra host paths the commands may read (toolchains outside {@code /usr})
 * @param limits the per-command resource limits
 * @param systemArgs the read-only system mounts, found once by {@link #of}
 * @param cgroups the per-command cgroups, when the host lets the worker make them
 * @param cgroupDetail what the cgroup detection found, for the log and {@code /health}
 */
public record Sandbox(Path bwrap, List<Path> readOnly, Limits limits, List<String> systemArgs,
    Optional<CommandCgroups> cgroups, String cgroupDetail) {

  /** Looks at the system directories once (which exist, which are links). Blocking: call on a worker thread. */
  public static Sandbox of(Path bwrap, List<Path> readOnly, Limits limits) {
    List<String> args = new ArrayList<>();
    for (String dir : SYSTEM) {
      Path p = Path.of(dir);
      if (Files.isSymbolicLink(p)) {
        try {
          args.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), dir));
        } catch (java.io.IOException e) {
          // unreadable link: left out, and a command needing it fails naming the missing path
        }
      } else if (Files.isDirectory(p)) {
        args.addAll(List.of("--ro-bind", dir, dir));
      }
    }
    ETC.forEach(f -> args.addAll(List.of("--ro-bind-try", f, f)));
    readOnly.forEach(p -> args.addAll(List.of("--ro-bind-try", p.toString(), p.toString())));
    return new Sandbox(bwrap, List.copyOf(readOnly), limits, List.copyOf(args), Optional.empty(),
        "cgroups not looked for");
  }

  /** The same sandbox with what {@link CgroupDetector} found. */
  public Sandbox withCgroups(CgroupDetector.Detection detection) {
    return new Sandbox(bwrap, readOnly, limits, systemArgs, detection.cgroups(), detection.detail());
  }

  /** The spec of a command wrapped by {@link #wrap}, to be started in a cgroup of its own where there are any. */
  public ProcessSpec confine(ProcessSpec spec) {
    return cgroups.map(spec::limitedBy).orElse(spec);
  }

  /** Per-command resource limits, as {@code prlimit} sets them. */
  public record Limits(long processes, long memoryBytes, long fileBytes, long openFiles) {
    public static final Limits DEFAULT = new Limits(1024, 4L << 30, 1L << 30, 4096);
  }

  /**
   * What the sandbox is asked for besides the command.
   *
   * @param writableExtra further host directories the command may write (a CLI's per-job config copy)
   * @param egress the job's {@link EgressProxy} socket, or null: the sandbox has no network of its own,
   *     and with a socket its only way out is that proxy, reached at {@link #PROXY_URL}
   * @param addressSpace whether the address-space limit applies (not for Node.js CLIs, whose engine
   *     reserves far more virtual memory than it uses)
   */
  public record Request(Path workTree, boolean gitWritable, List<Path> readOnlyExtra, Map<String, String> environment,
      long cpuSeconds, List<Path> writableExtra, Path egress, boolean addressSpace) {

    public Request(Path workTree, boolean gitWritable, List<Path> readOnlyExtra, Map<String, String> environment,
        long cpuSeconds) {
      this(workTree, gitWritable, readOnlyExtra, environment, cpuSeconds, List.of(), null, true);
    }

    /** The same request with the job's egress proxy socket (or none). */
    public Request withEgress(Path socket) {
      return new Request(workTree, gitWritable, readOnlyExtra, environment, cpuSeconds, writableExtra, socket,
          addressSpace);
    }
  }

  /** System directories a command needs, read-only; {@code /etc} only in part (no shadow, no keys). */
  private static final List<String> SYSTEM = List.of("/usr", "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32");
  private static final List<String> ETC = List.of("/etc/alternatives", "/etc/ld.so.cache", "/etc/ld.so.conf",
      "/etc/ld.so.conf.d", "/etc/ssl", "/etc/ca-certificates", "/etc/localtime", "/etc/passwd", "/etc/group",
      "/etc/nsswitch.conf", "/etc/hosts", "/etc/mime.types", "/etc/python3", "/etc/python3.11", "/etc/timezone");
  /** Where the job's egress proxy socket appears inside. */
  static final String EGRESS_SOCKET = "/run/mergeloom/egress.sock";
  /** The proxy as commands inside see it: the bridge's port on the sandbox's own loopback. */
  public static final String PROXY_URL = "http://127.0.0.1:3128";
  /**
   * Inside the sandbox's network namespace (loopback only), socat bridges 127.0.0.1:3128 to the
   * proxy socket, so every tool that honours HTTP(S)_PROXY works unchanged. The command starts once
   * the port listens (0C38 is 3128 in /proc/net/tcp; 0A is LISTEN), or fails after two seconds;
   * socat ends with the sandbox's pid namespace.
   */
  private static final List<String> BRIDGE = List.of("/bin/sh", "-c", "socat -lf /dev/null "
      + "TCP-LISTEN:3128,bind=127.0.0.1,fork,reuseaddr UNIX-CONNECT:" + EGRESS_SOCKET + " & i=0; "
      + "until grep -qs ' 0100007F:0C38 00000000:0000 0A' /proc/net/tcp; do i=$((i+1)); "
      + "if [ $i -gt 400 ]; then echo 'mergeloom-worker: the sandbox network bridge (socat) did not start' >&2; "
      + "exit 125; fi; sleep 0.005; done; exec \"$@\"", "mergeloom-egress");
  /** Where HOME and TMPDIR are inside: a tmpfs of the sandbox's own. */
  public static final String HOME = "/tmp/home";

  /**
   * The argv that runs {@code argv} inside the sandbox: bubblewrap's options, then prlimit, then
   * the command. The environment is cleared and set from the request only. Touches no file, so
   * it may run on an event loop.
   */
  public List<String> wrap(List<String> argv, Request request) {
    List<String> out = new ArrayList<>(List.of(bwrap.toString(), "--die-with-parent", "--new-session",
        "--unshare-all", "--cap-drop", "ALL", "--hostname", "sandbox", "--clearenv"));
    // The private /tmp first: a bind below /tmp made before it would be hidden under it.
    out.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--dir", HOME));
    out.addAll(systemArgs);
    request.readOnlyExtra().forEach(p -> out.addAll(List.of("--ro-bind-try", p.toString(), p.toString())));
    request.writableExtra().forEach(p -> out.addAll(List.of("--bind", p.toString(), p.toString())));
    String tree = request.workTree().toString();
    out.addAll(List.of("--bind", tree, tree));
    if (!request.gitWritable()) {
      // The repository's own database is the worker's: a job's commands may read it (git log,
      // status, diff) but never write its config, hooks or objects.
      String git = request.workTree().resolve(".git").toString();
      out.addAll(List.of("--ro-bind-try", git, git));
    }
    if (request.egress() != null) {
      out.addAll(List.of("--bind", request.egress().toString(), EGRESS_SOCKET));
    }
    out.addAll(List.of("--chdir", tree));
    environment(request).forEach((k, v) -> out.addAll(List.of("--setenv", k, v)));
    out.addAll(List.of("--", "prlimit", "--nproc=" + limits.processes(),
        "--as=" + (request.addressSpace() ? Long.toString(limits.memoryBytes()) : "unlimited"),
        "--fsize=" + limits.fileBytes(), "--nofile=" + limits.openFiles(), "--core=0",
        "--cpu=" + Math.max(1, request.cpuSeconds()), "--"));
    if (request.egress() != null) {
      out.addAll(BRIDGE);
    }
    out.addAll(argv);
    return out;
  }

  /** The command's environment: the request's, with HOME and TMPDIR inside the sandbox, PATH cut to what is visible. */
  private Map<String, String> environment(Request request) {
    Map<String, String> env = new LinkedHashMap<>(request.environment());
    env.put("HOME", HOME);
    env.put("TMPDIR", "/tmp");
    env.put("PATH", visiblePath(env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"), request));
    if (request.egress() != null) {
      // Upper and lower case: curl and Python read the lower, Node and Go tools the upper.
      for (String name : List.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy")) {
        env.put(name, PROXY_URL);
      }
      env.remove("NO_PROXY");
      env.remove("no_proxy");
    }
    return env;
  }

  /** The PATH entries a command inside can reach (the system and the read-only extras), in order. */
  String visiblePath(String path, Request request) {
    List<Path> roots = new ArrayList<>(SYSTEM.stream().map(Path::of).toList());
    roots.addAll(readOnly);
    roots.addAll(request.readOnlyExtra());
    String kept = Arrays.stream(path.split(":")).filter(d -> !d.isBlank())
        .filter(d -> roots.stream().anyMatch(r -> Path.of(d).normalize().startsWith(r)))
        .distinct().collect(Collectors.joining(":"));
    return kept.isEmpty() ? "/usr/local/bin:/usr/bin:/bin" : kept;
  }
}
