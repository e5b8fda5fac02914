package dev.mergeloom.worker.provider;

import dev.mergeloom.worker.provider.ProviderException.Kind;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.TrustManagerFactory;

/**
 * Non-blocking HTTP for provider calls (Vert.x WebClient): connect and request timeouts, the
 * proxy, the extra CA bundle, and retries of 429/5xx/timeouts/connection failures with
 * exponential backoff and jitter, honouring Retry-After, within a total time budget.
 */
public final class HttpTransport {
  private final Vertx vertx;
  private final WebClient client;
  private final OutboundSettings settings;

  /** The most reply headers read; 64 KiB, the limit of common proxies (AWS ALB, nginx with large buffers). */
  static final int MAX_HEADER_BYTES = 64 * 1024;

  /** An HTTP answer with a 2xx status. */
  public record Reply(int status, MultiMap headers, String body) {}

  public HttpTransport(Vertx vertx, OutboundSettings settings, TrustManagerFactory trust) {
    this.vertx = vertx;
    this.settings = settings;
    WebClientOptions options = new WebClientOptions()
        // Gateways in front of providers (Cloudflare, APIM, Kong) send more than Vert.x's default
        // 8 KiB of headers (long cookies, trace and rate-limit headers).
        .setMaxHeaderSize(MAX_HEADER_BYTES)
        .setConnectTimeout((int) settings.connectTimeout().toMillis())
        .setKeepAlive(true)
        .setVerifyHost(true)
        .setUserAgent("mergeloom-worker");
    if (trust != null) {
      options.setTrustOptions(TrustOptions.wrap(trust));
    }
    // Self-tests and jobs share one pool; a provider is one host, so its connection limit is the
    // concurrency limit of all calls to it (HTTP/1.1 has one request in flight per connection).
    this.client = WebClient.create(vertx, options, new io.vertx.core.http.PoolOptions().setHttp1MaxSize(1000));
  }

  public OutboundSettings settings() {
    return settings;
  }

  /** POSTs a JSON body; a non-2xx answer or a failure becomes a {@link ProviderException}. */
  public Future<Reply> postJson(String url, MultiMap headers, String body) {
    return postJson(url, headers, body, settings);
  }

  public Future<Reply> postJson(String url, MultiMap headers, String body, OutboundSettings policy) {
    long deadline = System.nanoTime() + policy.retryBudget().toNanos();
    Promise<Reply> result = Promise.promise();
    attempt(url, headers, Buffer.buffer(body), policy, 1, deadline, result);
    return result.future();
  }

  /** GETs a JSON document (a model list) with the same timeouts, proxy, CA and retries as the calls. */
  public Future<Reply> getJson(String url, MultiMap headers, OutboundSettings policy) {
    long deadline = System.nanoTime() + policy.retryBudget().toNanos();
    Promise<Reply> result = Promise.promise();
    attempt(url, headers, null, policy, 1, deadline, result);
    return result.future();
  }

  /** @param body the JSON to POST, or null for a GET */
  private void attempt(String url, MultiMap headers, Buffer body, OutboundSettings policy, int attempt, long deadline,
      Promise<Reply> result) {
    HttpRequest<Buffer> request = client.requestAbs(body == null ? HttpMethod.GET : HttpMethod.POST, url)
        .timeout(policy.requestTimeout().toMillis())
        .putHeaders(headers)
        .putHeader("Accept", "application/json");
    if (body != null) {
      request.putHeader("Content-Type", "application/json");
    }
    ProxyOptions proxy = proxyFor(url);
    if (proxy != null) {
      request.proxy(proxy);
    }
    (body == null ? request.send() : request.sendBuffer(body)).onComplete(ar -> {
      ProviderException failure;
      if (ar.succeeded()) {
        var response = ar.result();
        String text = response.bodyAsString();
        if (response.statusCode() / 100 == 2) {
          result.complete(new Reply(response.statusCode(), response.headers(), text == null ? "" : text));
          return;
        }
        failure = ErrorBodies.map(response.statusCode(), response.headers(), text);
      } else {
        failure = connectionFailure(url, ar.cause(), policy);
      }
      Duration delay = delay(failure, attempt, policy);
      long remaining = deadline - System.nanoTime();
      if (!failure.kind().retriable() || attempt >= policy.maxAttempts() || delay.toNanos() >= remaining) {
        result.fail(failure);
        return;
      }
      vertx.setTimer(Math.max(1, delay.toMillis()),
          t -> attempt(url, headers, body, policy, attempt + 1, deadline, result));
    });
  }

  /** Retry-After when the provider gives it, else exponential backoff with jitter (half fixed, half random). */
  private static Duration delay(ProviderException failure, int attempt, OutboundSettings policy) {
    if (failure.retryAfter() != null) {
      return failure.retryAfter();
    }
    long exp = policy.backoffBase().toMillis() * (1L << Math.min(attempt - 1, 6));
    long capped = Math.min(exp, 8_000);
    return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
  }

  private static ProviderException connectionFailure(String url, Throwable cause, OutboundSettings policy) {
    String host = URI.create(url).getHost();
    if (cause instanceof TimeoutException || String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT).contains("timeout")) {
      return new ProviderException(Kind.TIMEOUT, "no answer from " + host + " within "
          + policy.requestTimeout().toSeconds() + " s");
    }
    if (reachedButUnreadable(cause)) {
      // The server answered: the connection works, its reply does not fit.
      return new ProviderException(Kind.BAD_RESPONSE, host + " answered with reply headers larger than "
          + MAX_HEADER_BYTES / 1024 + " KiB (" + cause.getMessage() + ")");
    }
    String reason = cause instanceof UnknownHostException ? "unknown host"
        : cause instanceof ConnectException ? "connection refused"
        : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    return new ProviderException(Kind.UNREACHABLE, "cannot connect to " + host + " (" + reason + ")");
  }

  /** Netty's decoder refused the reply's head (headers or status line too long): the host was reached. */
  static boolean reachedButUnreadable(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof io.netty.handler.codec.TooLongFrameException) {
        return true;
      }
    }
    return false;
  }

  /** The proxy for a URL from HTTPS_PROXY/HTTP_PROXY, unless NO_PROXY names its host. */
  ProxyOptions proxyFor(String url) {
    return settings.proxyFor(url);
  }

  public void close() {
    client.close();
  }
}
