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
}
