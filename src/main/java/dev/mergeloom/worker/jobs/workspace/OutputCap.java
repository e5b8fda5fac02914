package dev.mergeloom.worker.jobs.workspace;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Keeps the head and the tail of a command's output within a bound, and says how much was left
 * out in between: the start shows what ran, the end shows how it failed.
 */
public final class OutputCap {
  private final int headLimit;
  private final int tailLimit;
  private final StringBuilder head = new StringBuilder();
  private final Deque<String> tail = new ArrayDeque<>();
  private int tailSize;
  private long omitted;

  public OutputCap(int headLimit, int tailLimit) {
    this.headLimit = headLimit;
    this.tailLimit = tailLimit;
  }

  public synchronized void line(String line) {
    String withBreak = line + "\n";
    if (head.length() + withBreak.length() <= headLimit && tail.isEmpty()) {
      head.append(withBreak);
      return;
    }
    tail.addLast(withBreak);
    tailSize += withBreak.length();
    while (tailSize > tailLimit && !tail.isEmpty()) {
      String dropped = tail.removeFirst();
      tailSize -= dropped.length();
      omitted += dropped.length();
    }
  }

  public synchronized boolean truncated() {
    return omitted > 0;
  }

  public synchronized String text() {
    StringBuilder out = new StringBuilder(head);
    if (omitted > 0) {
      out.append("\n[… ").append(omitted).append(" characters left out …]\n\n");
    }
    tail.forEach(out::append);
    return out.toString();
  }
}
