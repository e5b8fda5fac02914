package dev.mergeloom.worker.jobs.workspace;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * At most {@code limit} asynchronous tasks at once; the rest wait in order. Used for the jobs'
 * git processes: hundreds of clones at once on a small machine only thrash the CPU, and the UI
 * and the provider calls starve while they do.
 */
public final class AsyncLimiter {
  private final int limit;
  private final Deque<Runnable> waiting = new ArrayDeque<>();
  private int running;

  public AsyncLimiter(int limit) {
    this.limit = limit;
  }

  public <T> Future<T> run(Supplier<Future<T>> task) {
    Promise<T> result = Promise.promise();
    Runnable start = () -> {
      Future<T> f;
      try {
        f = task.get();
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      f.onComplete(ar -> {
        release();
        result.handle(ar);
      });
    };
    boolean now;
    synchronized (this) {
      now = running < limit;
      if (now) {
        running++;
      } else {
        waiting.addLast(start);
      }
    }
    if (now) {
      start.run();
    }
    return result.future();
  }

  private void release() {
    Runnable next;
    synchronized (this) {
      next = waiting.pollFirst();
      if (next == null) {
        running--;
      }
    }
    if (next != null) {
      next.run();
    }
  }
}
