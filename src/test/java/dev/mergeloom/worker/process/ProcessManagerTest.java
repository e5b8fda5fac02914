package dev.mergeloom.worker.process;

import dev.mergeloom.worker.testing.Eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mergeloom.worker.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child processes: streaming, environment, stdin, time limits, stopping whole trees. */
class ProcessManagerTest {
  private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin", "LANG", "C.UTF-8");
  private final Vertx vertx = Vertx.vertx();
  private final ProcessManager manager = new ProcessManager(vertx);

  @AfterEach
  void close() {
    manager.stopAll(Duration.ofMillis(200)).await();
    vertx.close().await();
  }

  private ManagedProcess bash(String script, Duration timeout) {
    return manager.start(ProcessSpec.of("test", List.of("bash", "-c", script), ENV, timeout)).await();
  }

  /** Starts a script and waits for one of its lines (the listener is attached before output is read). */
  private ManagedProcess bashUntil(String script, String line) {
    var seen = new java.util.concurrent.CompletableFuture<Void>();
    ManagedProcess p = manager.start(ProcessSpec.of("test", List.of("bash", "-c", script), ENV, Duration.ofSeconds(30)),
        l -> {
          if (l.line().equals(line)) {
            seen.complete(null);
          }
        }).await();
    seen.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
    return p;
  }

  @Test
  void linesOfBothStreamsArriveInOrderAndTheExitCodeIsKept() {
    List<OutputLine> lines = new CopyOnWriteArrayList<>();
    ManagedProcess p = manager.start(ProcessSpec.of("test", List.of("bash", "-c",
        "for i in 1 2 3; do echo out$i; echo err$i >&2; done; exit 3"), ENV, Duration.ofSeconds(10)), lines::add).await();
    ProcessResult result = p.exit().await();
    assertThat(lines.stream().filter(l -> l.stream() == OutputLine.Stream.STDOUT).map(OutputLine::line))
        .containsExactly("out1", "out2", "out3");
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.timedOut()).isFalse();
    assertThat(result.lastStdout()).containsExactly("out1", "out2", "out3");
    assertThat(result.lastStderr()).containsExactly("err1", "err2", "err3");
    assertThat(manager.live()).isEmpty();
  }

  @Test
  void linesArePublishedOnTheEventBus() {
    List<String> bus = new CopyOnWriteArrayList<>();
    var done = new java.util.concurrent.CompletableFuture<Void>();
    ManagedProcess p = bashUntil("echo ready; read go; echo one; echo two", "ready");
    vertx.eventBus().<JsonObject>consumer(Addresses.processOutput(p.id()), m -> {
      bus.add(m.body().getString("stream") + ":" + m.body().getString("line"));
      if (bus.size() == 2) {
        done.complete(null);
      }
    }).completion().await();
    p.writeLine("go").await();
    done.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
    assertThat(bus).containsExactly("stdout:one", "stdout:two");
  }

  @Test
  void theChildGetsExactlyTheGivenEnvironment() {
    ManagedProcess p = manager.start(ProcessSpec.of("env", List.of("env"), Map.of("PATH", "/usr/bin:/bin", "ONLY", "this"),
        Duration.ofSeconds(10))).await();
    assertThat(p.exit().await().lastStdout()).containsExactlyInAnyOrder("PATH=/usr/bin:/bin", "ONLY=this");
  }

  @Test
  void argumentsAreNeverInterpretedByAShell(@TempDir Path dir) {
    Path marker = dir.resolve("pwned");
    ManagedProcess p = manager.start(ProcessSpec.of("echo", List.of("echo", "$(touch " + marker + ")", ";", "rm", "-rf", "/"),
        ENV, Duration.ofSeconds(10))).await();
    assertThat(p.exit().await().lastStdout()).containsExactly("$(touch " + marker + ") ; rm -rf /");
    assertThat(marker).doesNotExist();
  }

  @Test
  void stdinLinesReachTheChild() {
    ManagedProcess p = bash("read a; echo got:$a; read b; echo got:$b", Duration.ofSeconds(10));
    p.writeLine("first").await();
    p.writeLine("code#state").await();
    assertThat(p.exit().await().lastStdout()).containsExactly("got:first", "got:code#state");
  }

  @Test
  void aProcessPastItsTimeLimitIsStoppedWithItsChildren() throws Exception {
    ManagedProcess p = bash("sleep 60 & sleep 60 & echo started; wait", Duration.ofSeconds(2));
    Eventually.until("both children started", Duration.ofSeconds(2),
        () -> ProcessHandle.of(p.pid()).map(h -> h.descendants().count() == 2).orElse(false));
    List<ProcessHandle> children = ProcessHandle.of(p.pid()).orElseThrow().descendants().toList();
    assertThat(children).hasSize(2);
    ProcessResult result = p.exit().await();
    assertThat(result.timedOut()).isTrue();
    assertThat(result.duration()).isLessThan(Duration.ofSeconds(7));
    for (ProcessHandle child : children) {
      child.onExit().get(6, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(child.isAlive()).isFalse();
    }
  }

  @Test
  void stopIsGracefulFirstAndForcefulAfterTheGrace() {
    ManagedProcess polite = bashUntil("trap 'echo bye; exit 0' TERM; echo ready; while true; do sleep 0.1; done", "ready");
    ProcessResult bye = polite.stop(Duration.ofSeconds(5)).await();
    assertThat(bye.stopped()).isTrue();
    assertThat(bye.lastStdout()).as(bye.toString()).contains("bye");
    assertThat(bye.duration()).isLessThan(Duration.ofSeconds(4));

    ManagedProcess stubborn = bashUntil("trap '' TERM; echo ready; while true; do sleep 0.1; done", "ready");
    long start = System.nanoTime();
    ProcessResult killed = stubborn.stop(Duration.ofMillis(300)).await();
    assertThat(killed.exitCode()).isEqualTo(137); // SIGKILL
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void stopAllLeavesNothingRunning() {
    List<ManagedProcess> started = List.of(bash("sleep 60", null), bash("sleep 60", null), bash("sleep 60 & wait", null));
    assertThat(manager.live()).hasSize(3);
    manager.stopAll(Duration.ofMillis(500)).await();
    assertThat(manager.live()).isEmpty();
    assertThat(started).allSatisfy(p -> assertThat(p.alive()).isFalse());
  }

  @Test
  void aStrayProcessHoldingTheOutputIsFoundByItsPipeAndKilled() throws Exception {
    // The subshell forks a sleep and exits: the sleep is re-parented, out of the command's process
    // tree, and holds its output open (as a bubblewrap child can when its parent dies first).
    ManagedProcess p = bashUntil("(sleep 29.71 &); echo ready; sleep 60", "ready");
    try {
      ProcessResult result = p.stop(Duration.ofMillis(200)).toCompletionStage().toCompletableFuture()
          .get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(result.stopped()).isTrue();
      assertThat(result.lastStdout()).containsExactly("ready");
      Eventually.until("the stray holding the output was killed", Duration.ofSeconds(5),
          () -> strays("29.71").isEmpty());
    } finally {
      strays("29.71").forEach(ProcessHandle::destroyForcibly);
    }
  }

  /** {@code sleep} processes anywhere on the machine whose arguments are the marker. */
  static List<ProcessHandle> strays(String marker) {
    return ProcessHandle.allProcesses().filter(h -> h.info().command().orElse("").endsWith("/sleep")
        && List.of(h.info().arguments().orElse(new String[0])).contains(marker)).toList();
  }

  @Test
  void aMissingExecutableIsAClearError() {
    assertThatThrownBy(() -> manager.start(ProcessSpec.of("x", List.of("/nonexistent/codex", "login"), ENV,
        Duration.ofSeconds(1))).await()).hasMessageContaining("cannot start /nonexistent/codex");
  }
}
