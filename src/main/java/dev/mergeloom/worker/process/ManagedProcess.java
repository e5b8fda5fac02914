package dev.mergeloom.worker.process;

import dev.mergeloom.worker.bus.Addresses;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
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
  /** Characters held in each of the two deques above; touched on the context only. */
  private final java.util.Map<Deque<String>, Long> keptChars = new java.util.IdentityHashMap<>();
  private final AtomicBoolean timedOut = new AtomicBoolean();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final AtomicInteger openStreams = new AtomicInteger(2);
  private final Promise<ProcessResult> exit = Promise.promise();
  private int exitCode = -1;
  /** Runs once the process ended, before {@link #exit} completes (a cgroup to remove); on the context. */
  private java.util.function.Function<ProcessResult, Future<ProcessResult>> finishing = Future::succeededFuture;
  private boolean finished;
  /** Also signals what the process tree lost track of (a command cgroup's members); on the context. */
  private Consumer<Boolean> signalLeftovers = forcibly -> {};
  /** After the forced kill, how long the output streams may stay open before the end is reported anyway. */
  static final Duration STREAMS_GRACE = Duration.ofSeconds(2);
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ManagedProcess.class);

  ManagedProcess(String id, ProcessSpec spec, Process process, Vertx vertx, Context context) {
    this.id = id;
    this.spec = spec;
    this.process = process;
    this.vertx = vertx;
    this.context = context;
  }

  /** Set before {@link #begin}: what to do once the process ended, before its result is given out. */
  void finishing(java.util.function.Function<ProcessResult, Future<ProcessResult>> step) {
    this.finishing = step;
  }

  /** The pipe the child's stdout is, as {@code /proc/<pid>/fd/1} names it ("pipe:[inode]"); null if unknown. */
  private String outputPipe;

  /** Set before {@link #begin}: the child's stdout pipe, read just after it started. */
  void outputPipe(String pipe) {
    this.outputPipe = pipe;
  }

  /** Set before {@link #begin}: how to signal the processes a walk of descendants misses. */
  void signalLeftovers(Consumer<Boolean> signal) {
    this.signalLeftovers = signal;
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

  /** The longest line delivered; a longer one is cut (a child may print gigabytes without a newline). */
  static final int MAX_LINE_BYTES = 16 * 1024;
  /**
   * Lines read but not yet delivered on the context, per stream. When the context falls behind,
   * the reader waits, the pipe fills and the child blocks on its next write: backpressure, not
   * a task queued per line (8 million lines once took every event loop's memory).
   */
  static final int MAX_PENDING_LINES = 256;
  /** The most characters of the last lines kept for the result, per stream. */
  static final int MAX_KEPT_CHARS = 8 * 1024 * 1024;

  private Thread reader(InputStream in, OutputLine.Stream stream, Deque<String> last) {
    java.util.concurrent.Semaphore pending = new java.util.concurrent.Semaphore(MAX_PENDING_LINES);
    Thread t = new Thread(() -> {
      try (InputStream stream0 = in) {
        BoundedLines lines = new BoundedLines(stream0, MAX_LINE_BYTES);
        String line;
        while ((line = lines.next()) != null) {
          OutputLine out = new OutputLine(stream, line);
          pending.acquire();
          context.runOnContext(v -> {
            try {
              deliver(out, last);
            } finally {
              pending.release();
            }
          });
        }
      } catch (IOException e) {
        // the stream closed under us (the process was killed): the exit handler reports the end
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
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
    keptChars.merge(last, (long) out.line().length(), Long::sum);
    while (last.size() > spec.keepLines() || (last.size() > 1 && keptChars.get(last) > MAX_KEPT_CHARS)) {
      keptChars.merge(last, -(long) last.removeFirst().length(), Long::sum);
    }
    vertx.eventBus().publish(Addresses.processOutput(id), new JsonObject().put("processId", id)
        .put("stream", out.stream().name().toLowerCase(java.util.Locale.ROOT)).put("line", out.line()));
    listeners.forEach(l -> l.accept(out));
  }

  /** Completes once the process has exited and both streams are drained (all lines delivered). */
  private void maybeFinish() {
    maybeFinish(false);
  }

  /** With {@code streamsLeft}, reports the end although a stray process still holds the output open. */
  private void maybeFinish(boolean streamsLeft) {
    if (exitCode >= 0 && (openStreams.get() == 0 || streamsLeft) && !finished) {
      finished = true;
      ProcessResult result = new ProcessResult(exitCode, timedOut.get(), stopped.get(), List.copyOf(lastStdout),
          List.copyOf(lastStderr), Duration.ofNanos(System.nanoTime() - startedNanos), null);
      finishing.apply(result).onComplete(ar -> exit.tryComplete(ar.succeeded() ? ar.result() : result));
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
    signalLeftovers.accept(false);
    vertx.setTimer(Math.max(1, grace.toMillis()), t -> {
      tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
      self.descendants().forEach(ProcessHandle::destroyForcibly);
      if (self.isAlive()) {
        self.destroyForcibly();
      }
      signalLeftovers.accept(true);
      // A process forked just as the signal came can escape both walks: re-parented before it was
      // seen, still holding our pipes (a bubblewrap child whose parent died before it asked to die
      // with it). Without a cgroup it is found by the pipe it holds; failing that, the command's
      // end does not wait for it.
      vertx.setTimer(STREAMS_GRACE.toMillis(), t2 -> context.runOnContext(v -> {
        if (!finished && exitCode >= 0 && openStreams.get() > 0) {
          vertx.executeBlocking(() -> PipeHolders.kill(outputPipe), false).onComplete(killed -> {
            LOG.warn("{}: {} process(es) outlived the command, holding its output open; killed", spec.name(),
                killed.succeeded() ? killed.result() : 0);
            vertx.setTimer(STREAMS_GRACE.toMillis(), t3 -> context.runOnContext(v3 -> {
              if (!finished) {
                LOG.warn("{}: the output is still held open; reporting the end without it", spec.name());
                maybeFinish(true);
              }
            }));
          });
        }
      }));
    });
  }
}
