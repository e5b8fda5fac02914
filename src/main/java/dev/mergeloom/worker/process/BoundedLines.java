package dev.mergeloom.worker.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Lines from a byte stream, read in chunks, each at most {@code maxLineBytes} long: a longer line
 * is cut there (marked) and the rest of it is read and dropped, so a child that prints a gigabyte
 * without a newline costs the reader one line's worth of memory, never the whole line.
 */
public final class BoundedLines {
  /** Appended to a line that was cut. */
  public static final String CUT = " […line cut]";
  private static final int CHUNK = 64 * 1024;

  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] chunk = new byte[CHUNK];
  private int pos;
  private int len;
  private boolean eof;

  public BoundedLines(InputStream in, int maxLineBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /** The next line without its newline, or null at the end of the stream. Blocking. */
  public String next() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    boolean cut = false;
    while (true) {
      if (pos == len) {
        if (eof) {
          return line.size() == 0 && !cut ? null : text(line, cut);
        }
        len = in.read(chunk);
        pos = 0;
        if (len <= 0) {
          len = 0;
          eof = true;
          continue;
        }
      }
      int start = pos;
      while (pos < len && chunk[pos] != '\n') {
        pos++;
      }
      int room = maxLineBytes - line.size();
      int take = Math.min(pos - start, Math.max(0, room));
      line.write(chunk, start, take);
      cut |= take < pos - start;
      if (pos < len) {
        pos++; // the newline
        return text(line, cut);
      }
    }
  }

  private static String text(ByteArrayOutputStream line, boolean cut) {
    String s = line.toString(StandardCharsets.UTF_8);
    if (s.endsWith("\r")) {
      s = s.substring(0, s.length() - 1);
    }
    return cut ? s + CUT : s;
  }
}
