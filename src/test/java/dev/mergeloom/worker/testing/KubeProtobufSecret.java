package dev.mergeloom.worker.testing;

import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Reads a Secret that client-go sent in Kubernetes' protobuf encoding (Helm stores releases that
 * way) into its JSON form: name, namespace, labels, data and type. Only what the fake cluster
 * needs; every other field is skipped.
 */
final class KubeProtobufSecret {
  private static final byte[] MAGIC = {'k', '8', 's', 0};

  private KubeProtobufSecret() {}

  static boolean isProtobuf(byte[] body) {
    return body.length > 4 && Arrays.equals(Arrays.copyOf(body, 4), MAGIC);
  }

  static JsonObject toJson(byte[] body) {
    // runtime.Unknown: 1 typeMeta, 2 raw (the Secret), 3 contentEncoding, 4 contentType
    byte[] raw = field(ByteBuffer.wrap(body, 4, body.length - 4), 2);
    JsonObject meta = new JsonObject();
    JsonObject labels = new JsonObject();
    JsonObject data = new JsonObject();
    String type = null;
    ByteBuffer secret = ByteBuffer.wrap(raw);
    while (secret.hasRemaining()) {
      long tag = varint(secret);
      int number = (int) (tag >>> 3);
      if ((tag & 7) != 2) {
        skip(secret, (int) (tag & 7));
        continue;
      }
      byte[] value = bytes(secret);
      switch (number) {
        case 1 -> readMeta(value, meta, labels);
        case 2 -> {
          String[] kv = entry(value);
          data.put(kv[0], Base64.getEncoder().encodeToString(kv[1].getBytes(StandardCharsets.ISO_8859_1)));
        }
        case 3 -> type = new String(value, StandardCharsets.UTF_8);
        default -> {}
      }
    }
    meta.put("labels", labels);
    return new JsonObject().put("apiVersion", "v1").put("kind", "Secret").put("metadata", meta).put("data", data)
        .put("type", type);
  }

  /** ObjectMeta: 1 name, 3 namespace, 11 labels (map entries). */
  private static void readMeta(byte[] raw, JsonObject meta, JsonObject labels) {
    ByteBuffer in = ByteBuffer.wrap(raw);
    while (in.hasRemaining()) {
      long tag = varint(in);
      if ((tag & 7) != 2) {
        skip(in, (int) (tag & 7));
        continue;
      }
      byte[] value = bytes(in);
      switch ((int) (tag >>> 3)) {
        case 1 -> meta.put("name", new String(value, StandardCharsets.UTF_8));
        case 3 -> meta.put("namespace", new String(value, StandardCharsets.UTF_8));
        case 11 -> {
          String[] kv = entry(value);
          labels.put(kv[0], new String(kv[1].getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        }
        default -> {}
      }
    }
  }

  /** A map entry: 1 key (string), 2 value (bytes, kept as ISO-8859-1 so no byte is lost). */
  private static String[] entry(byte[] raw) {
    ByteBuffer in = ByteBuffer.wrap(raw);
    String key = "";
    String value = "";
    while (in.hasRemaining()) {
      long tag = varint(in);
      byte[] b = bytes(in);
      if ((tag >>> 3) == 1) {
        key = new String(b, StandardCharsets.UTF_8);
      } else {
        value = new String(b, StandardCharsets.ISO_8859_1);
      }
    }
    return new String[] {key, value};
  }

  private static byte[] field(ByteBuffer in, int wanted) {
    while (in.hasRemaining()) {
      long tag = varint(in);
      if ((tag & 7) != 2) {
        skip(in, (int) (tag & 7));
        continue;
      }
      byte[] value = bytes(in);
      if ((tag >>> 3) == wanted) {
        return value;
      }
    }
    throw new IllegalArgumentException("field " + wanted + " not found");
  }

  private static byte[] bytes(ByteBuffer in) {
    byte[] b = new byte[(int) varint(in)];
    in.get(b);
    return b;
  }

  private static void skip(ByteBuffer in, int wireType) {
    switch (wireType) {
      case 0 -> varint(in);
      case 1 -> in.position(in.position() + 8);
      case 5 -> in.position(in.position() + 4);
      default -> throw new IllegalArgumentException("wire type " + wireType);
    }
  }

  private static long varint(ByteBuffer in) {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = in.get();
      result |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw new IllegalArgumentException("bad varint");
  }
}
