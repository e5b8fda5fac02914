package dev.mergeloom.worker.web.ui;

import com.github.jknack.handlebars.Handlebars;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Template helpers for figures as an operator reads them: {@code {{time at}}} to the second (a
 * {@code <time>} element in UTC that app.js shows in the browser's own zone and format),
 * {@code {{duration from to}}} or {@code {{duration ms}}} as "2 min 5 s", and {@code {{money usd}}}
 * as "$0.0008".
 */
final class PageHelpers {
  private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
      .withZone(ZoneOffset.UTC);

  private PageHelpers() {}

  static void register(Handlebars handlebars) {
    handlebars.registerHelper("time", (Object at, com.github.jknack.handlebars.Options options) -> {
      Instant instant = instant(at);
      if (instant == null) {
        return "–";
      }
      Instant seconds = instant.truncatedTo(ChronoUnit.SECONDS);
      // The datetime is an Instant printed by Java: no markup can come through it.
      return new Handlebars.SafeString("<time class=\"local-time\" datetime=\"" + seconds + "\">" + UTC.format(seconds)
          + "</time>");
    });
    handlebars.registerHelper("duration", (Object from, com.github.jknack.handlebars.Options options) -> {
      Duration d;
      if (from instanceof Number ms) {
        d = Duration.ofMillis(ms.longValue());
      } else {
        Instant start = instant(from);
        Instant end = options.params.length > 0 ? instant(options.param(0)) : null;
        if (start == null || end == null) {
          return "–";
        }
        d = Duration.between(start, end);
      }
      return format(d);
    });
    handlebars.registerHelper("money", (Object usd, com.github.jknack.handlebars.Options options) -> money(usd));
  }

  static String money(Object usd) {
    return usd instanceof Number n ? String.format(java.util.Locale.ROOT, "$%.4f", n.doubleValue()) : "–";
  }

  static String format(Duration d) {
    long ms = Math.max(0, d.toMillis());
    if (ms < 1_000) {
      return ms + " ms";
    }
    long s = ms / 1_000;
    if (s < 60) {
      return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    if (s < 3_600) {
      return (s / 60) + " min " + (s % 60) + " s";
    }
    return (s / 3_600) + " h " + (s % 3_600 / 60) + " min";
  }

  private static Instant instant(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value.toString());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
