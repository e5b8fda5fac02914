package dev.mergeloom.worker.credentials;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * A bearer token from an SDK whose refresh blocks (google-auth, azure-identity): fetched on a
 * worker thread, cached, and fetched again once it is within {@link #REFRESH_MARGIN} of expiry.
 * Concurrent callers share one refresh.
 */
public final class CachedToken implements RequestAuth {
  static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

  /** A token and when it expires (null: the source did not say; kept until the config changes). */
  public record Token(String value, Instant expiresAt) {
    @Override
    public String toString() {
      return "Token[expiresAt=" + expiresAt + "]";
    }
  }

  private final Vertx vertx;
  private final Callable<Token> fetch;
  private Token current;
  private Future<Token> inFlight;

  public CachedToken(Vertx vertx, Callable<Token> fetch) {
    this.vertx = vertx;
    this.fetch = fetch;
  }

  @Override
  public Future<MultiMap> headers() {
    return token().map(t -> MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + t.value()));
  }

  public synchronized Future<Token> token() {
    if (current != null && fresh(current)) {
      return Future.succeededFuture(current);
    }
    if (inFlight == null) {
      inFlight = vertx.<Token>executeBlocking(fetch, false).andThen(ar -> {
        synchronized (this) {
          inFlight = null;
          if (ar.succeeded()) {
            current = ar.result();
          }
        }
      });
    }
    return inFlight;
  }

  private static boolean fresh(Token t) {
    Instant expiry = t.expiresAt() == null ? Instant.now().plus(REFRESH_MARGIN).plusSeconds(60) : t.expiresAt();
    return Instant.now().plus(REFRESH_MARGIN).isBefore(expiry);
  }
}
