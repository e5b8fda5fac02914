package dev.mergeloom.worker.bench;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/** What the benchmarks share: percentiles, peak RSS, and a count of Vert.x blocked-thread warnings. */
final class BenchSupport {
  private BenchSupport() {}

  /** The p-th percentile of sorted values (nearest rank); NaN when there are none. */
  static double percentile(double[] sorted, int p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  /** This process's peak resident set in MiB, from /proc. */
  static String peakRssMiB() throws java.io.IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
        .map(l -> Long.toString(Long.parseLong(l.replaceAll("\\D", "")) / 1024)).findFirst().orElse("?");
  }

  /** CPU time this JVM has used so far, on all its threads. */
  static long processCpuMillis() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
  }

  /**
   * CPU time of every thread of this process, the JVM's own (JIT compilers, GC) included, by
   * thread name and id, from /proc (Linux; clock ticks of 10 ms).
   */
  static java.util.Map<String, Long> cpuByThread() throws IOException {
    java.util.Map<String, Long> byThread = new java.util.TreeMap<>();
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
          byThread.put(name + "#" + task.getFileName(), ticks * 10);
        } catch (IOException | RuntimeException e) {
          // the thread ended while being read
        }
      }
    }
    return byThread;
  }

  /** Counts Vert.x's "has been blocked" warnings from now on. */
  static AtomicInteger countBlockedThreadWarnings() {
    AtomicInteger count = new AtomicInteger();
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
      @Override
      protected void append(ILoggingEvent e) {
        if (String.valueOf(e.getFormattedMessage()).contains("has been blocked")) {
          count.incrementAndGet();
        }
      }
    };
    appender.setContext(context);
    appender.start();
    context.getLogger("io.vertx.core.impl.BlockedThreadChecker").addAppender(appender);
    return count;
  }
}
