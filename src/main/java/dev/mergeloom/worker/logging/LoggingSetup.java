package dev.mergeloom.worker.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code JCA_WORKER_LOG_FORMAT} and {@code JCA_WORKER_LOG_LEVEL} once the settings are
 * known. Only the console appender named {@value #CONSOLE} is replaced, so other appenders (a
 * test's capture) stay attached.
 */
public final class LoggingSetup {
  public static final String CONSOLE = "CONSOLE";
  static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n";

  private LoggingSetup() {}

  public static synchronized void apply(boolean json, String level) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return; // another SLF4J binding is in charge
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(level, Level.INFO));
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName(CONSOLE);
    console.setEncoder(encoder(context, json));
    console.start();
    var old = root.getAppender(CONSOLE);
    root.detachAppender(CONSOLE);
    if (old != null) {
      old.stop();
    }
    root.addAppender(console);
  }

  public static Encoder<ILoggingEvent> encoder(LoggerContext context, boolean json) {
    if (json) {
      RedactingJsonEncoder encoder = new RedactingJsonEncoder();
      encoder.setContext(context);
      encoder.setWithArguments(false);
      encoder.setWithContext(false);
      encoder.setWithSequenceNumber(false);
      encoder.setWithNanoseconds(false);
      encoder.setWithMessage(false);
      encoder.setWithFormattedMessage(true);
      encoder.start();
      return encoder;
    }
    RedactingPatternEncoder encoder = new RedactingPatternEncoder();
    encoder.setContext(context);
    encoder.setPattern(TEXT_PATTERN);
    encoder.start();
    return encoder;
  }
}
