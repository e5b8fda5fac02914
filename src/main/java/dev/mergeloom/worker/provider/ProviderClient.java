package dev.mergeloom.worker.provider;

import io.vertx.core.Future;

/**
 * The provider SPI: one chat call with tools. Implementations never block the calling event
 * loop and fail only with {@link ProviderException}.
 */
public interface ProviderClient {
  Future<ChatReply> chat(ChatRequest request);

  /** Where requests go, for messages (never includes credentials). */
  String endpointDescription();

  /**
   * Releases what the client holds of its own (an SDK client and its connections); called once, on
   * a worker thread, when nobody uses the client any more. Shared transports stay open.
   */
  default void close() {}

  /**
   * The model ids the endpoint lists, for the provider page's model field; fails with
   * {@link ProviderException} (kind NOT_FOUND) where this kind of endpoint offers no list.
   */
  default Future<java.util.List<String>> models() {
    return Future.failedFuture(new ProviderException(ProviderException.Kind.NOT_FOUND,
        "this kind of endpoint offers no model list; type the model id"));
  }
}
