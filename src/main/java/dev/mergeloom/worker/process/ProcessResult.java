package dev.mergeloom.worker.process;

import java.time.Duration;
import java.util.List;

/**
 * How a managed process ended.
 *
 * @param exitCode the exit status (128 + signal number when it was killed by a signal)
 * @param timedOut it ran past its time limit and was stopped
 * @param stopped it was stopped by a caller (cancel, shutdown) before it ended by itself
 * @param limitReached the cgroup limit the kernel enforced on it ("memory", "processes"), or null
 */
public record ProcessResult(int exitCode, boolean timedOut, boolean stopped, List<String> lastStdout,
    List<String> lastStderr, Duration duration, String limitReached) {

  public ProcessResult withLimitReached(String limit) {
    return new ProcessResult(exitCode, timedOut, stopped, lastStdout, lastStderr, duration, limit);
  }
}
