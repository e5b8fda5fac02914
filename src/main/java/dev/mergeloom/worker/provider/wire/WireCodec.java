package dev.mergeloom.worker.provider.wire;

import dev.mergeloom.worker.provider.ChatReply;
import dev.mergeloom.worker.provider.ChatRequest;
import dev.mergeloom.worker.provider.ProviderException;
import dev.mergeloom.worker.provider.ProviderException.Kind;
import io.vertx.core.json.JsonObject;

/** One wire format: the neutral request to the provider's JSON body, and its reply back. */
public interface WireCodec {
  JsonObject encode(ChatRequest request);

  /** @throws ProviderException of kind BAD_RESPONSE when the reply does not have the format's shape */
  ChatReply decode(JsonObject reply);

  static ProviderException badShape(String what) {
    return new ProviderException(Kind.BAD_RESPONSE, "the reply is not in the expected format: " + what);
  }

  static long tokens(JsonObject usage, String key) {
    if (usage == null || !(usage.getValue(key) instanceof Number n)) {
      return 0;
    }
    return n.longValue();
  }
}
