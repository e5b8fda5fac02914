package dev.mergeloom.worker.jobs.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Confines every path the model names to the job's workspace: relative only, no {@code ..}, not
 * into {@code .git}, and no symlink that leads out. Blocking (file checks): call on a worker
 * thread.
 */
public final class WorkspacePaths {
  private final Path root;
  private final Path realRoot;

  /** Refused paths; the message goes back to the model as the tool's error. */
  public static final class OutsideWorkspace extends RuntimeException {
    public OutsideWorkspace(String message) {
      super(message);
    }
  }

  public WorkspacePaths(Path root) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    this.realRoot = this.root.toRealPath();
  }

  public Path root() {
    return root;
  }

  public Path resolve(String relative) {
    if (relative == null || relative.isBlank()) {
      throw new OutsideWorkspace("path is required: a path relative to the repository root, e.g. src/app.py");
    }
    String p = relative.strip();
    if (p.startsWith("/") || p.startsWith("~") || p.matches("^[A-Za-z]:.*") || Path.of(p).isAbsolute()) {
      throw new OutsideWorkspace("'" + p + "' is absolute; expected a path relative to the repository root");
    }
    for (String segment : p.split("[/\\\\]")) {
      if (segment.equals("..")) {
        throw new OutsideWorkspace("'" + p + "' contains '..'; paths must stay inside the repository");
      }
    }
    Path target = root.resolve(p).normalize();
    Path inRepo = root.relativize(target);
    if (!inRepo.toString().isEmpty() && inRepo.getName(0).toString().equals(".git")) {
      throw new OutsideWorkspace("'" + p + "' is inside .git, which the worker manages");
    }
    Path existing = target;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    try {
      Path real = existing == null ? null : existing.toRealPath();
      if (real == null || !real.startsWith(realRoot)) {
        throw new OutsideWorkspace("'" + p + "' leads outside the repository (through a symbolic link)");
      }
      // The rule holds for the path as resolved: a link g -> .git makes g/config .git/config.
      Path resolved = realRoot.relativize(real);
      if (!resolved.toString().isEmpty() && resolved.getName(0).toString().equals(".git")) {
        throw new OutsideWorkspace("'" + p + "' leads into .git (through a symbolic link), which the worker manages");
      }
    } catch (IOException e) {
      throw new OutsideWorkspace("'" + p + "' cannot be resolved: " + e.getMessage());
    }
    return target;
  }

  /** The path as the model should see it: relative, with forward slashes. */
  public String display(Path path) {
    return root.relativize(path.toAbsolutePath().normalize()).toString().replace('\\', '/');
  }
}
