package dev.mergeloom.worker.bench;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
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

  /** CPU time per thread of this JVM, by thread name with digits folded (all event loops as one). */
  static java.util.Map<String, Long> cpuByThreadGroup() {
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    java.util.Map<String, Long> byName = new java.util.TreeMap<>();
    for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null) {
        long cpu = threads.getThreadCpuTime(info.getThreadId());
        if (cpu > 0) {
          byName.merge(info.getThreadName() + "#" + info.getThreadId(), cpu / 1_000_000, Long::sum);
        }
      }
    }
    return byName;
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
