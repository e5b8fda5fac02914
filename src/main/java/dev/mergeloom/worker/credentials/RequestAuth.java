package dev.mergeloom.worker.credentials;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;

/**
 * Supplies the authentication headers of a provider request. Token-based implementations cache
 * and refresh before expiry, and never block an event loop (SDK refreshes run on worker threads).
 */
public interface RequestAuth {
  Future<MultiMap> headers();

  static RequestAuth none() {
    return () -> Future.succeededFuture(MultiMap.caseInsensitiveMultiMap());
  }

  /** A fixed header, e.g. {@code x-api-key: …} or {@code Authorization: Bearer …}. */
  static RequestAuth header(String name, String value) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add(name, value);
    return () -> Future.succeededFuture(headers);
  }

  static RequestAuth bearer(String token) {
    return header("Authorization", "Bearer " + token);
  }
}
