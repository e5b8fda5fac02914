package dev.mergeloom.worker.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import dev.mergeloom.worker.logging.LoggingSetup;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.LoggerFactory;

/**
 * Captures every log line of the JVM as the worker would print it (same encoders, text or
 * JSON), while attached.
 */
public final class LogCapture implements AutoCloseable {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
  private final Logger root;

  public LogCapture(boolean json) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    appender.setContext(context);
    appender.setName("capture-" + System.nanoTime());
    appender.setEncoder(LoggingSetup.encoder(context, json));
    appender.setOutputStream(bytes);
    appender.start();
    root.addAppender(appender);
  }

  public synchronized String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
