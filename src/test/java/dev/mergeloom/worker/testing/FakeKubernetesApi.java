package dev.mergeloom.worker.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback stand-in for the Kubernetes API server's ConfigMap endpoint
 * ({@code GET /api/v1/namespaces/{ns}/configmaps/{name}}), checking the bearer token.
 */
public final class FakeKubernetesApi implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final Map<String, Map<String, String>> configMaps = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  public FakeKubernetesApi(String token) {
    server = vertx.createHttpServer().requestHandler(req -> {
      requests.add(req.method() + " " + req.path() + " auth=" + req.getHeader("Authorization"));
      if (!("Bearer " + token).equals(req.getHeader("Authorization"))) {
        req.response().setStatusCode(401).end("{\"kind\":\"Status\",\"code\":401,\"reason\":\"Unauthorized\"}");
        return;
      }
      Map<String, String> data = configMaps.get(req.path());
      if (data == null) {
        req.response().setStatusCode(404).end("{\"kind\":\"Status\",\"code\":404,\"reason\":\"NotFound\"}");
        return;
      }
      JsonObject body = new JsonObject().put("kind", "ConfigMap").put("apiVersion", "v1")
          .put("data", new JsonObject(Map.copyOf(data)));
      req.response().putHeader("Content-Type", "application/json").end(body.encode());
    }).listen(0, "127.0.0.1").await();
  }

  public void put(String namespace, String name, Map<String, String> data) {
    configMaps.put("/api/v1/namespaces/" + namespace + "/configmaps/" + name, data);
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public List<String> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
