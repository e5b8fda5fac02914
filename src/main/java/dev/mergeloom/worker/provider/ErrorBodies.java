package dev.mergeloom.worker.provider;

import dev.mergeloom.worker.provider.ProviderException.Kind;
import io.vertx.core.MultiMap;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns an HTTP error answer of any provider into a {@link ProviderException}: the provider's own
 * message (whatever shape its error body has), the kind from the status, and Retry-After.
 */
public final class ErrorBodies {
  /** What self-hosted servers say when they cannot do tool calling (vLLM, Ollama, llama.cpp). */
  private static final Pattern TOOLS_REFUSAL = Pattern.compile(
      "(does not support tools|tool.?choice|tool.?call|tools param|--jinja|function.?call|unsupported param: tools)",
      Pattern.CASE_INSENSITIVE);
  private static final int MAX_MESSAGE = 600;

  private ErrorBodies() {}

  public static ProviderException map(int status, MultiMap headers, String body) {
    String message = message(body);
    Kind kind = switch (status) {
      case 401, 403 -> Kind.AUTH;
      case 404 -> Kind.NOT_FOUND;
      case 408 -> Kind.TIMEOUT;
      case 429 -> Kind.RATE_LIMITED;
      case 400, 422 -> TOOLS_REFUSAL.matcher(message).find() ? Kind.TOOLS_REJECTED : Kind.BAD_REQUEST;
      default -> status >= 500
          ? (TOOLS_REFUSAL.matcher(message).find() && status < 502 ? Kind.TOOLS_REJECTED : Kind.UNAVAILABLE)
          : Kind.BAD_RESPONSE;
    };
    String type = headers == null ? null : headers.get("x-amzn-ErrorType");
    String prefix = type == null ? "" : type.split(":")[0] + ": ";
    return new ProviderException(kind, status, "HTTP " + status + ": " + prefix + message, retryAfter(headers));
  }

  /** The provider's message from the shapes seen in the field, else the body's start. */
  public static String message(String body) {
    if (body == null || body.isBlank()) {
      return "(empty body)";
    }
    try {
      Object parsed = Json.decodeValue(body);
      if (parsed instanceof JsonObject json) {
        Object error = json.getValue("error");
        if (error instanceof String s) {
          return cap(s); // Ollama native
        }
        if (error instanceof JsonObject e && e.getValue("message") != null) {
          String type = e.getString("type", e.getString("status"));
          return cap((type == null ? "" : type + ": ") + e.getValue("message"));
        }
        if (json.getValue("message") != null) {
          return cap(String.valueOf(json.getValue("message"))); // vLLM flat, Bedrock
        }
      }
    } catch (DecodeException | ClassCastException e) {
      // not JSON: fall through to the raw text
    }
    return cap(body.strip());
  }

  static Duration retryAfter(MultiMap headers) {
    String value = headers == null ? null : headers.get("Retry-After");
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Duration.ofMillis((long) (Double.parseDouble(value.trim()) * 1000));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT));
        Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (RuntimeException ignored) {
        return null;
      }
    }
  }

  private static String cap(String s) {
    String oneLine = s.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= MAX_MESSAGE ? oneLine : oneLine.substring(0, MAX_MESSAGE) + "…";
  }
}
