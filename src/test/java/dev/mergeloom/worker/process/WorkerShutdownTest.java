package dev.mergeloom.worker.process;

import dev.mergeloom.worker.testing.Eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.testing.TestWorker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping the worker ends every process it started, children included, and leaves no temporary directory. */
class WorkerShutdownTest {
  @Test
  void theJobsProxyDirectoryGoesWithTheWorker(@TempDir Path dir) throws Exception {
    TestWorker worker = TestWorker.start(dir);
    SandboxStatus sandbox = worker.worker().context().sandbox();
    org.junit.jupiter.api.Assumptions.assumeTrue(sandbox.egress().isPresent(), "no egress bridge here: "
        + sandbox.egressDetail());
    Path sockets = sandbox.egress().orElseThrow();
    assertThat(sockets).isDirectory();
    worker.close();
    assertThat(sockets).doesNotExist();
  }

  @Test
  void noChildProcessOutlivesTheWorker(@TempDir Path dir) throws Exception {
    TestWorker worker = TestWorker.start(dir);
    ProcessManager processes = worker.worker().context().processes();
    ManagedProcess p = processes.start(ProcessSpec.of("sleeper", List.of("bash", "-c", "sleep 300 & sleep 300; wait"),
        Map.of("PATH", "/usr/bin:/bin"), null)).await();
    Eventually.until("both sleepers started", Duration.ofSeconds(10),
        () -> ProcessHandle.of(p.pid()).map(h -> h.descendants().count() == 2).orElse(false));
    List<ProcessHandle> tree = ProcessHandle.of(p.pid()).orElseThrow().descendants().toList();
    assertThat(tree).isNotEmpty();
    worker.close();
    assertThat(p.alive()).isFalse();
    for (ProcessHandle h : tree) {
      h.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
    }
    assertThat(ProcessHandle.current().descendants().filter(h -> h.info().command().orElse("").endsWith("sleep")))
        .as("no sleeper left").isEmpty();
  }
}
