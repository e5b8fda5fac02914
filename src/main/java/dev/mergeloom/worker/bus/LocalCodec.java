package dev.mergeloom.worker.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Hands a message's body to its consumer as the same object: the worker's bus is local (one JVM),
 * and bodies are immutable records or snapshots, so nothing is copied or encoded. A clustered
 * event bus would need real wire codecs; {@link #encodeToWire} says so rather than send nonsense.
 */
final class LocalCodec implements MessageCodec<Object, Object> {
  static final String NAME = "mergeloom-local";

  @Override
  public void encodeToWire(Buffer buffer, Object body) {
    throw new UnsupportedOperationException("mergeloom-worker's event bus is local; " + body.getClass().getName()
        + " is not sent between JVMs");
  }

  @Override
  public Object decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException("mergeloom-worker's event bus is local");
  }

  @Override
  public Object transform(Object body) {
    return body;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
