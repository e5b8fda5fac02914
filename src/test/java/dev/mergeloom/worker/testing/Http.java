package dev.mergeloom.worker.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A blocking HTTP client for tests (Vert.x WebClient awaited from the test thread), which can
 * send any Host and Origin header. Every body it receives is also kept, so a test can search all
 * answers for a planted secret.
 */
public final class Http implements AutoCloseable {
  private static final List<String> RECEIVED = java.util.Collections.synchronizedList(new ArrayList<>());
  private final Vertx vertx = Vertx.vertx();
  private final WebClient client;
  private final int port;

  public Http(int port) {
    this.port = port;
    this.client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
  }

  /** Everything any test client received in this JVM (status line, headers and body). */
  public static List<String> received() {
    synchronized (RECEIVED) {
      return List.copyOf(RECEIVED);
    }
  }

  public Response get(String path) {
    return send(HttpMethod.GET, path, null, Map.of());
  }

  public Response get(String path, Map<String, String> headers) {
    return send(HttpMethod.GET, path, null, headers);
  }

  public Response put(String path, Object body) {
    return send(HttpMethod.PUT, path, body, Map.of());
  }

  public Response put(String path, Object body, Map<String, String> headers) {
    return send(HttpMethod.PUT, path, body, headers);
  }

  public Response delete(String path) {
    return send(HttpMethod.DELETE, path, null, Map.of());
  }

  public Response send(HttpMethod method, String path, Object body, Map<String, String> headers) {
    HttpRequest<Buffer> request = client.request(method, port, "127.0.0.1", path);
    headers.forEach(request::putHeader);
    var response = body == null
        ? request.send().await()
        : (headers.containsKey("Content-Type") ? request : request.putHeader("Content-Type", "application/json"))
            .sendBuffer(Buffer.buffer(
                body instanceof JsonObject o ? o.encode() : body.toString())).await();
    Response r = new Response(response.statusCode(), response.headers(), response.bodyAsString());
    RECEIVED.add(r.status() + "\n" + r.headers() + "\n" + r.body());
    return r;
  }

  @Override
  public void close() {
    client.close();
    vertx.close().await();
  }

  /** A received answer. */
  public record Response(int status, MultiMap headers, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public JsonArray jsonArray() {
      return new JsonArray(body);
    }

    /** The {@code fields[]} of an error body, as field name to message. */
    public Map<String, String> fieldErrors() {
      Map<String, String> out = new java.util.LinkedHashMap<>();
      JsonArray fields = json().getJsonObject("error").getJsonArray("fields", new JsonArray());
      fields.forEach(f -> out.put(((JsonObject) f).getString("field"), ((JsonObject) f).getString("message")));
      return out;
    }
  }
}
