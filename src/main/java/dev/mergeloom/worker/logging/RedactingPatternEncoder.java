package dev.mergeloom.worker.logging;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.mergeloom.worker.config.Redactor;
import java.nio.charset.StandardCharsets;

/** Text log lines, with every known secret masked (the last line of defence; see {@link Redactor}). */
public class RedactingPatternEncoder extends PatternLayoutEncoder {
  @Override
  public byte[] encode(ILoggingEvent event) {
    return redact(super.encode(event));
  }

  static byte[] redact(byte[] line) {
    String text = new String(line, StandardCharsets.UTF_8);
    String masked = Redactor.redact(text);
    return masked == text ? line : masked.getBytes(StandardCharsets.UTF_8);
  }
}
