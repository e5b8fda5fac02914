package dev.mergeloom.worker.jobs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * What a CLI backend needs in the job's sandbox: its installation, visible read-only, and a
 * per-job copy of its config directory (the login's credentials and settings), never the shared
 * one, so a job's CLI cannot change or take the logins other jobs use. Blocking.
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
}
