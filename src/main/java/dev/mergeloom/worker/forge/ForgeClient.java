package dev.mergeloom.worker.forge;

import dev.mergeloom.worker.config.Redactor;
import dev.mergeloom.worker.config.SecretValue;
import dev.mergeloom.worker.provider.OutboundSettings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.net.ssl.TrustManagerFactory;

/**
 * Opens or updates the review request of a pushed branch: the open request from that branch is
 * looked up first and updated when there is one, so a continuation or a retry never opens a
 * second. Non-blocking, with the worker's proxy and CA bundle; a forge that says it is rate
 * limited is waited for (its Retry-After, or its rate-limit reset) when that is soon.
 */
public final class ForgeClient {
  /** The longest wait for a rate limit; a later reset fails the publish, which can be retried. */
  static final Duration MAX_WAIT = Duration.ofSeconds(60);
  private static final int MAX_ATTEMPTS = 3;

  private final Vertx vertx;
  private final WebClient client;
  private final OutboundSettings settings;

  public ForgeClient(Vertx vertx, OutboundSettings settings, TrustManagerFactory trust) {
    this.vertx = vertx;
    this.settings = settings;
    WebClientOptions options = new WebClientOptions().setConnectTimeout((int) settings.connectTimeout().toMillis())
        .setVerifyHost(true).setUserAgent("mergeloom-worker");
    if (trust != null) {
      options.setTrustOptions(TrustOptions.wrap(trust));
    }
    this.client = WebClient.create(vertx, options);
  }

  /**
   * @return {@code {"forge", "repository", "number", "url", "action": "opened"|"updated", "draft"}}
   */
  public Future<JsonObject> openOrUpdate(ForgeTarget target, ReviewRequest request, SecretValue token) {
    ForgeDialect dialect = ForgeDialect.of(target.forge());
    return send(target, dialect, dialect.find(target, request), token, true).map(dialect::found)
        .compose(existing -> existing.isPresent() ? update(target, dialect, existing.get(), request, token)
            : create(target, dialect, request, token))
        .map(done -> done.put("forge", target.forge().wireName()).put("repository", target.repository()));
  }

  private Future<JsonObject> create(ForgeTarget target, ForgeDialect dialect, ReviewRequest request, SecretValue token) {
    return send(target, dialect, dialect.create(target, request), token, false)
        .map(answer -> outcome(dialect.opened(target, answer), "opened", request.draft()))
        .recover(refused -> {
          // 409/422 "already exists": another run opened it in between; look once more.
          if (!(refused instanceof Refused r) || (r.status != 409 && r.status != 422)) {
            return Future.failedFuture(refused);
          }
          return send(target, dialect, dialect.find(target, request), token, true).map(dialect::found)
              .compose(existing -> existing.isPresent() ? update(target, dialect, existing.get(), request, token)
                  : Future.failedFuture(refused));
        });
  }

  private Future<JsonObject> update(ForgeTarget target, ForgeDialect dialect, ForgeDialect.Found existing,
      ReviewRequest request, SecretValue token) {
    return send(target, dialect, dialect.update(target, existing, request), token, false)
        .map(answer -> {
          ForgeDialect.Found after = dialect.opened(target, answer);
          return outcome(after.webUrl() == null ? existing : after, "updated", request.draft());
        });
  }

  private static JsonObject outcome(ForgeDialect.Found found, String action, boolean draft) {
    return new JsonObject().put("number", found.number()).put("url", found.webUrl()).put("action", action)
        .put("draft", draft);
  }

  /** A refusal with the forge's status, for the create step's second look. */
  private static final class Refused extends ForgeFailure {
    final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  /**
   * One call, answered as parsed JSON; a 404 of a lookup is null (no such request). A refusal
   * fails with the forge's status and words; a rate limit is waited for when it ends soon.
   */
  private Future<Object> send(ForgeTarget target, ForgeDialect dialect, ForgeDialect.Call call, SecretValue token,
      boolean lookup) {
    Promise<Object> result = Promise.promise();
    attempt(target, dialect, call, token, lookup, 1, result);
    return result.future();
  }

  private void attempt(ForgeTarget target, ForgeDialect dialect, ForgeDialect.Call call, SecretValue token,
      boolean lookup, int attempt, Promise<Object> result) {
    io.vertx.core.MultiMap headers = dialect.headers(token);
    if (!headers.contains("Accept")) {
      headers.add("Accept", "application/json");
    }
    HttpRequest<Buffer> request = client.requestAbs(call.method(), call.url())
        .timeout(settings.requestTimeout().toMillis()).putHeaders(headers);
    ProxyOptions proxy = settings.proxyFor(call.url());
    if (proxy != null) {
      request.proxy(proxy);
    }
    Future<HttpResponse<Buffer>> sent = call.body() == null ? request.send()
        : request.putHeader("Content-Type", "application/json").sendBuffer(call.body().toBuffer());
    sent.onComplete(ar -> {
      if (ar.failed()) {
        result.fail(new ForgeFailure(clean(target.forge().label() + " at " + host(call.url()) + " could not be reached: "
            + ar.cause().getMessage(), token)));
        return;
      }
      HttpResponse<Buffer> response = ar.result();
      int status = response.statusCode();
      Object answer = parse(response.bodyAsString());
      if (status / 100 == 2) {
        result.complete(answer);
        return;
      }
      if (lookup && status == 404 && target.forge() == Forge.GITEA) {
        result.complete(null);
        return;
      }
      Optional<Duration> wait = rateLimitWait(response);
      if (wait.isPresent() && wait.get().compareTo(MAX_WAIT) <= 0 && attempt < MAX_ATTEMPTS) {
        vertx.setTimer(Math.max(1, wait.get().toMillis()),
            t -> attempt(target, dialect, call, token, lookup, attempt + 1, result));
        return;
      }
      String words = Optional.ofNullable(ForgeDialect.message(answer)).orElse(response.statusMessage());
      String limited = wait.map(w -> " (rate limited; the limit resets in " + Math.max(1, w.toSeconds()) + " s)").orElse("");
      result.fail(new Refused(status, clean(target.forge().label() + " answered " + status + " to " + call.method() + " "
          + path(call.url()) + ": " + words + limited, token)));
    });
  }

  /**
   * How long a rate-limited forge asks to wait: Retry-After (seconds or an HTTP date), or, on
   * GitHub's and Gitea's 403/429 with no requests left, until x-ratelimit-reset. Empty when the
   * answer is no rate limit.
   */
  static Optional<Duration> rateLimitWait(HttpResponse<Buffer> response) {
    int status = response.statusCode();
    if (status != 429 && status != 403) {
      return Optional.empty();
    }
    String retryAfter = response.getHeader("Retry-After");
    if (retryAfter != null) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(retryAfter.trim())));
      } catch (NumberFormatException notSeconds) {
        try {
          Instant at = java.time.ZonedDateTime.parse(retryAfter.trim(),
              java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
          return Optional.of(Duration.between(Instant.now(), at).isNegative() ? Duration.ZERO
              : Duration.between(Instant.now(), at));
        } catch (java.time.format.DateTimeParseException unreadable) {
          return Optional.of(Duration.ofSeconds(1));
        }
      }
    }
    if ("0".equals(response.getHeader("x-ratelimit-remaining")) && response.getHeader("x-ratelimit-reset") != null) {
      try {
        long reset = Long.parseLong(response.getHeader("x-ratelimit-reset").trim());
        return Optional.of(Duration.ofSeconds(Math.max(0, reset - Instant.now().getEpochSecond())));
      } catch (NumberFormatException unreadable) {
        return Optional.empty();
      }
    }
    return status == 429 ? Optional.of(Duration.ofSeconds(1)) : Optional.empty();
  }

  private static Object parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return Json.decodeValue(body);
    } catch (RuntimeException notJson) {
      return new JsonObject().put("message", body.length() > 300 ? body.substring(0, 300) + "…" : body);
    }
  }

  /** No token, in any form a forge might echo, and no other registered secret. */
  private static String clean(String message, SecretValue token) {
    String text = message.replace(token.reveal(), Redactor.MASK);
    return Redactor.redact(text.length() > 1000 ? text.substring(0, 1000) + "…" : text);
  }

  private static String host(String url) {
    return java.net.URI.create(url).getHost();
  }

  /** The path without the query: what the forge was asked, for the operator. */
  private static String path(String url) {
    String p = java.net.URI.create(url).getRawPath();
    return p == null ? url : p;
  }
}
