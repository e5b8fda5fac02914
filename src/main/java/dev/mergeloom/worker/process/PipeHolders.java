package dev.mergeloom.worker.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds processes by the pipe they hold: a command's stray child that left its process tree (and
 * has no cgroup to be found by) still writes to the command's stdout or stderr. Linux only; where
 * {@code /proc} cannot be read, nothing is found. Blocking (reads {@code /proc}).
 */
final class PipeHolders {
  private PipeHolders() {}

  /** What {@code /proc/<pid>/fd/1} of the process is ("pipe:[inode]"); null when it cannot be read. */
  static String stdoutOf(long pid) {
    try {
      return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "fd", "1")).toString();
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }

  /** Kills (SIGKILL) every process other than this JVM whose stdout or stderr is {@code pipe}; answers how many. */
  static int kill(String pipe) {
    if (pipe == null || !pipe.startsWith("pipe:")) {
      return 0;
    }
    long self = ProcessHandle.current().pid();
    int killed = 0;
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        long pid = Long.parseLong(proc.getFileName().toString());
        if (pid != self && (holds(proc.resolve("fd/1"), pipe) || holds(proc.resolve("fd/2"), pipe))) {
          killed += ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false) ? 1 : 0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // no /proc here: the caller then reports the end without waiting for the output
    }
    return killed;
  }

  private static boolean holds(Path fd, String pipe) {
    try {
      return Files.readSymbolicLink(fd).toString().equals(pipe);
    } catch (IOException e) {
      return false; // gone, or not ours to read
    }
  }
}
