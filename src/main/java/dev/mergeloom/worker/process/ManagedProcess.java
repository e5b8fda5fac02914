package dev.mergeloom.worker.process;

import dev.mergeloom.worker.bus.Addresses;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A running child process owned by the worker. Its two output streams are read by two threads
 * of its own (reads block), and every line is handed to the Vert.x context that started it, to
 * the listeners and to the event bus, so nothing that reacts to output ever blocks an event
 * loop. Writes to stdin and the waits for exit run on worker threads too.
 */
public final class ManagedProcess {
  private final String id;
  private final ProcessSpec spec;
  private final Process process;
  private final Vertx vertx;
  private final Context context;
  private final long startedNanos = System.nanoTime();
  private final List<Consumer<OutputLine>> listeners = new CopyOnWriteArrayList<>();
  private final Deque<String> lastStdout = new ArrayDeque<>();
  private final Deque<String> lastStderr = new ArrayDeque<>();
  private final AtomicBoolean timedOut = new AtomicBoolean();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final AtomicInteger openStreams = new AtomicInteger(2);
  private final Promise<ProcessResult> exit = Promise.promise();
  private int exitCode = -1;

  ManagedProcess(String id, ProcessSpec spec, Process process, Vertx vertx, Context context) {
    this.id = id;
    this.spec = spec;
    this.process = process;
    this.vertx = vertx;
    this.context = context;
  }

  void begin() {
    reader(process.getInputStream(), OutputLine.Stream.STDOUT, lastStdout).start();
    reader(process.getErrorStream(), OutputLine.Stream.STDERR, lastStderr).start();
    process.onExit().thenAccept(p -> context.runOnContext(v -> {
      exitCode = p.exitValue();
      maybeFinish();
    }));
    if (spec.timeout() != null) {
      long timer = vertx.setTimer(Math.max(1, spec.timeout().toMillis()), t -> {
        if (process.isAlive()) {
          timedOut.set(true);
          terminate(ProcessManager.DEFAULT_GRACE);
        }
      });
      exit.future().onComplete(ar -> vertx.cancelTimer(timer));
    }
  }

  private Thread reader(InputStream in, OutputLine.Stream stream, Deque<String> last) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          OutputLine out = new OutputLine(stream, line);
          context.runOnContext(v -> deliver(out, last));
        }
      } catch (IOException e) {
        // the stream closed under us (the process was killed): the exit handler reports the end
      } finally {
        context.runOnContext(v -> {
          openStreams.decrementAndGet();
          maybeFinish();
        });
      }
    }, "process-" + id + "-" + stream.name().toLowerCase(java.util.Locale.ROOT));
    t.setDaemon(true);
    return t;
  }

  private void deliver(OutputLine out, Deque<String> last) {
    last.addLast(out.line());
    while (last.size() > spec.keepLines()) {
      last.removeFirst();
    }
    vertx.eventBus().publish(Addresses.processOutput(id), new JsonObject().put("processId", id)
        .put("stream", out.stream().name().toLowerCase(java.util.Locale.ROOT)).put("line", out.line()));
    listeners.forEach(l -> l.accept(out));
  }

  /** Completes once the process has exited and both streams are drained (all lines delivered). */
  private void maybeFinish() {
    if (exitCode >= 0 && openStreams.get() == 0) {
      exit.tryComplete(new ProcessResult(exitCode, timedOut.get(), stopped.get(), List.copyOf(lastStdout),
          List.copyOf(lastStderr), Duration.ofNanos(System.nanoTime() - startedNanos)));
    }
  }

  public String id() {
    return id;
  }

  public ProcessSpec spec() {
    return spec;
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** Called on the starting context for every line, in order per stream. */
  public ManagedProcess onLine(Consumer<OutputLine> listener) {
    listeners.add(listener);
    return this;
  }

  public Future<ProcessResult> exit() {
    return exit.future();
  }

  /** Writes a line (and a newline) to the child's stdin, off the event loop. */
  public Future<Void> writeLine(String line) {
    return vertx.executeBlocking(() -> {
      OutputStream stdin = process.getOutputStream();
      stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      stdin.flush();
      return null;
    });
  }

  public Future<Void> closeStdin() {
    return vertx.executeBlocking(() -> {
      process.getOutputStream().close();
      return null;
    });
  }

  /** Asks the whole process tree to stop (SIGTERM), then kills what is left after the grace period. */
  public Future<ProcessResult> stop(Duration grace) {
    stopped.set(true);
    terminate(grace);
    return exit();
  }

  private void terminate(Duration grace) {
    // Signals go through ProcessHandle: Process.destroy() also closes our ends of the pipes, and
    // whatever the child prints while it shuts down would be lost.
    // Children first: once the parent is gone they are re-parented and no longer its descendants.
    ProcessHandle self = process.toHandle();
    List<ProcessHandle> tree = self.descendants().toList();
    tree.forEach(ProcessHandle::destroy);
    self.destroy();
    vertx.setTimer(Math.max(1, grace.toMillis()), t -> {
      tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
      self.descendants().forEach(ProcessHandle::destroyForcibly);
      if (self.isAlive()) {
        self.destroyForcibly();
      }
    });
  }
}
