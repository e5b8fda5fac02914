package dev.mergeloom.worker;

import dev.mergeloom.worker.config.ConfigException;
import dev.mergeloom.worker.config.Redactor;
import java.util.concurrent.CountDownLatch;

/**
 * Process entry point: the only place that reads the real environment. A configuration problem
 * prints what to fix and exits with status 2; SIGTERM stops the worker cleanly.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
    Worker worker;
    try {
      worker = Worker.start(System.getenv()).await();
    } catch (Exception e) {
      Throwable cause = e instanceof ConfigException ? e : e.getCause() instanceof ConfigException c ? c : e;
      System.err.println("mergeloom-worker cannot start:");
      if (cause instanceof ConfigException config) {
        config.problems().forEach(p -> System.err.println("  - " + Redactor.redact(p)));
      } else {
        System.err.println("  - " + Redactor.redact(String.valueOf(cause.getMessage())));
      }
      System.exit(2);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      long started = System.nanoTime();
      worker.stop().onComplete(ar -> stopped.countDown());
      try {
        stopped.await();
        org.slf4j.LoggerFactory.getLogger(Main.class).info("mergeloom-worker stopped cleanly in {} ms",
            (System.nanoTime() - started) / 1_000_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "shutdown"));
  }
}
