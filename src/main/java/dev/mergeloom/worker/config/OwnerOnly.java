package dev.mergeloom.worker.config;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Permissions at rest: the data directory and the workspaces {@code 0700}, the stores and the
 * key {@code 0600}, so no other account on the machine reads a sealed store or a work tree.
 * Blocking; a file system without POSIX permissions is left as it is.
 */
public final class OwnerOnly {
  private OwnerOnly() {}

  public static Path directory(Path dir) throws IOException {
    Files.createDirectories(dir);
    if (posix()) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
    return dir;
  }

  /** The file when it exists (SQLite makes its -wal and -shm files later, with the same mode as the database). */
  public static void file(Path file) throws IOException {
    if (posix() && Files.exists(file)) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
