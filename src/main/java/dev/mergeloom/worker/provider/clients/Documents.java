package dev.mergeloom.worker.provider.clients;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.document.Document;

/** JSON to and from the AWS SDK's {@link Document} (Bedrock tool schemas and tool inputs). */
final class Documents {
  private Documents() {}

  static Document fromJson(Object value) {
    if (value == null) {
      return Document.fromNull();
    }
    if (value instanceof JsonObject o) {
      Map<String, Document> map = new LinkedHashMap<>();
      o.forEach(e -> map.put(e.getKey(), fromJson(e.getValue())));
      return Document.fromMap(map);
    }
    if (value instanceof JsonArray a) {
      return Document.fromList(a.stream().map(Documents::fromJson).toList());
    }
    if (value instanceof Map<?, ?> m) {
      return fromJson(new JsonObject(castMap(m)));
    }
    if (value instanceof List<?> l) {
      return fromJson(new JsonArray(l));
    }
    if (value instanceof Boolean b) {
      return Document.fromBoolean(b);
    }
    if (value instanceof Number n) {
      return Document.fromNumber(new BigDecimal(n.toString()));
    }
    return Document.fromString(String.valueOf(value));
  }

  static Object toJson(Document d) {
    if (d == null || d.isNull()) {
      return null;
    }
    if (d.isMap()) {
      JsonObject o = new JsonObject();
      d.asMap().forEach((k, v) -> o.put(k, toJson(v)));
      return o;
    }
    if (d.isList()) {
      return new JsonArray(d.asList().stream().map(Documents::toJson).toList());
    }
    if (d.isBoolean()) {
      return d.asBoolean();
    }
    if (d.isNumber()) {
      BigDecimal n = d.asNumber().bigDecimalValue();
      return n.scale() <= 0 ? (Object) n.longValueExact() : (Object) n.doubleValue();
    }
    return d.asString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }
}
