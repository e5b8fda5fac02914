package dev.mergeloom.worker.logging;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** JSON log lines (logback's own encoder), with every known secret masked. */
public class RedactingJsonEncoder extends JsonEncoder {
  @Override
  public byte[] encode(ILoggingEvent event) {
    return RedactingPatternEncoder.redact(super.encode(event));
  }
}
