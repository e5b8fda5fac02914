package dev.mergeloom.worker.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * Just enough of a Kubernetes API server for Helm's install and upgrade: version and discovery
 * for the kinds the chart renders, and an in-memory object store (create, get, list by label,
 * replace, patch answered with the stored object, delete). Helm keeps each release as a Secret
 * here, so a test reads back exactly the manifest Helm applied, with lookups answered from this
 * store as on a real cluster.
 */
public final class FakeClusterForHelm implements AutoCloseable {
  private static final Map<String, String> KINDS = Map.of("secrets", "Secret", "services", "Service",
      "serviceaccounts", "ServiceAccount", "persistentvolumeclaims", "PersistentVolumeClaim",
      "configmaps", "ConfigMap", "deployments", "Deployment", "statefulsets", "StatefulSet", "roles", "Role",
      "rolebindings", "RoleBinding");
  private final FakeProvider server = new FakeProvider();
  private final Map<String, JsonObject> objects = new ConcurrentHashMap<>();
  private final AtomicLong resourceVersion = new AtomicLong(1);

  public FakeClusterForHelm() {
    server.respond(this::answer);
  }

  /** A kubeconfig for this fake, for helm-java's {@code withKubeConfigContents}. */
  public String kubeconfig(String namespace) {
    return """
        apiVersion: v1
        kind: Config
        clusters: [{name: fake, cluster: {server: "%s"}}]
        users: [{name: fake, user: {token: fake-token}}]
        contexts: [{name: fake, context: {cluster: fake, user: fake, namespace: %s}}]
        current-context: fake
        """.formatted(server.url(), namespace);
  }

  /** The manifest of a release revision, decoded from the Secret Helm stores it in. */
  public String releaseManifest(String namespace, String release, int revision) {
    JsonObject secret = objects.get("/api/v1/namespaces/" + namespace + "/secrets/sh.helm.release.v1." + release
        + ".v" + revision);
    if (secret == null) {
      throw new AssertionError("no revision " + revision + " of release " + release + "; stored: " + objects.keySet());
    }
    // Secret data is base64; Helm's value in it is base64 of gzip of the release JSON.
    byte[] helmValue = Base64.getDecoder().decode(secret.getJsonObject("data").getString("release"));
    byte[] gzip = Base64.getDecoder().decode(helmValue);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getString("manifest");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public List<FakeProvider.Recorded> requests() {
    return server.requests();
  }

  private FakeProvider.Reply answer(FakeProvider.Recorded r) {
    JsonObject discovery = discovery(r.path());
    if (discovery != null) {
      return FakeProvider.Reply.json(200, discovery.encode());
    }
    String path = r.path();
    boolean collection = isCollection(path);
    return switch (r.method()) {
      case "POST" -> create(path, body(r));
      case "GET" -> collection ? list(path, r.uri()) : get(path);
      case "PUT" -> {
        JsonObject body = stamp(body(r));
        objects.put(path, body);
        yield FakeProvider.Reply.json(200, body.encode());
      }
      case "PATCH" -> patch(path, r.json());
      case "DELETE" -> objects.remove(path) == null ? notFound(path)
          : FakeProvider.Reply.json(200, new JsonObject().put("kind", "Status").put("status", "Success").encode());
      default -> notFound(path);
    };
  }

  private FakeProvider.Reply create(String collection, JsonObject body) {
    String path = collection + "/" + body.getJsonObject("metadata").getString("name");
    if (objects.containsKey(path)) {
      return FakeProvider.Reply.json(409, new JsonObject().put("kind", "Status").put("status", "Failure")
          .put("reason", "AlreadyExists").put("code", 409).encode());
    }
    JsonObject stored = stamp(body);
    objects.put(path, stored);
    return FakeProvider.Reply.json(201, stored.encode());
  }

  /** Helm's typed clients send protobuf (its release records); resources come as JSON. */
  private static JsonObject body(FakeProvider.Recorded r) {
    return KubeProtobufSecret.isProtobuf(r.raw()) ? KubeProtobufSecret.toJson(r.raw()) : r.json();
  }

  /** A strategic or JSON merge patch, applied as a JSON merge patch (RFC 7386): enough for maps. */
  private FakeProvider.Reply patch(String path, JsonObject patch) {
    JsonObject current = objects.get(path);
    if (current == null) {
      return notFound(path);
    }
    JsonObject merged = stamp(merge(current.copy(), patch));
    objects.put(path, merged);
    return FakeProvider.Reply.json(200, merged.encode());
  }

  private static JsonObject merge(JsonObject target, JsonObject patch) {
    for (String key : patch.fieldNames()) {
      Object value = patch.getValue(key);
      if (value == null) {
        target.remove(key);
      } else if (value instanceof JsonObject p && target.getValue(key) instanceof JsonObject t) {
        target.put(key, merge(t, p));
      } else {
        target.put(key, value);
      }
    }
    return target;
  }

  /** A stored object as the API would answer it, or null. */
  public JsonObject object(String path) {
    return objects.get(path);
  }

  private FakeProvider.Reply get(String path) {
    JsonObject o = objects.get(path);
    return o == null ? notFound(path) : FakeProvider.Reply.json(200, o.encode());
  }

  private FakeProvider.Reply list(String collection, String uri) {
    Map<String, String> selector = new java.util.HashMap<>();
    int q = uri.indexOf("labelSelector=");
    if (q >= 0) {
      String raw = java.net.URLDecoder.decode(uri.substring(q + 14).split("&")[0], StandardCharsets.UTF_8);
      for (String term : raw.split(",")) {
        String[] kv = term.split("=", 2);
        if (kv.length == 2) {
          selector.put(kv[0], kv[1]);
        }
      }
    }
    JsonArray items = new JsonArray();
    objects.forEach((path, o) -> {
      if (path.startsWith(collection + "/") && path.indexOf('/', collection.length() + 1) < 0) {
        JsonObject labels = o.getJsonObject("metadata").getJsonObject("labels", new JsonObject());
        if (selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.getString(e.getKey())))) {
          items.add(o);
        }
      }
    });
    String plural = collection.substring(collection.lastIndexOf('/') + 1);
    // Typed clients (Helm's release history) need the list kind itself, e.g. SecretList.
    return FakeProvider.Reply.json(200, new JsonObject().put("kind", KINDS.getOrDefault(plural, "") + "List")
        .put("apiVersion", collection.startsWith("/api/v1/") ? "v1" : collection.split("/")[2] + "/v1")
        .put("metadata", new JsonObject().put("resourceVersion", Long.toString(resourceVersion.get())))
        .put("items", items).encode());
  }

  private JsonObject stamp(JsonObject body) {
    JsonObject copy = body.copy();
    JsonObject meta = copy.getJsonObject("metadata");
    meta.put("resourceVersion", Long.toString(resourceVersion.incrementAndGet()));
    meta.put("uid", java.util.UUID.nameUUIDFromBytes(meta.getString("name").getBytes(StandardCharsets.UTF_8)).toString());
    meta.put("creationTimestamp", "2026-01-01T00:00:00Z");
    return copy;
  }

  /** /api/v1/namespaces/NS/PLURAL or /apis/GROUP/VERSION/namespaces/NS/PLURAL. */
  private static boolean isCollection(String path) {
    String[] parts = path.split("/");
    return (path.startsWith("/api/v1/") && parts.length == 6) || (path.startsWith("/apis/") && parts.length == 7);
  }

  private static FakeProvider.Reply notFound(String path) {
    return FakeProvider.Reply.json(404, new JsonObject().put("kind", "Status").put("apiVersion", "v1")
        .put("status", "Failure").put("reason", "NotFound").put("code", 404).put("message", path + " not found")
        .encode());
  }

  private static JsonObject discovery(String path) {
    return switch (path) {
      case "/version" -> new JsonObject().put("major", "1").put("minor", "30").put("gitVersion", "v1.30.0")
          .put("platform", "linux/amd64");
      case "/api" -> new JsonObject().put("kind", "APIVersions").put("versions", new JsonArray().add("v1"))
          .put("serverAddressByClientCIDRs", new JsonArray());
      case "/apis" -> new JsonObject().put("kind", "APIGroupList").put("apiVersion", "v1").put("groups",
          new JsonArray().add(group("apps")).add(group("rbac.authorization.k8s.io")));
      case "/api/v1" -> resources("v1", resource("secrets", "Secret"), resource("services", "Service"),
          resource("serviceaccounts", "ServiceAccount"), resource("persistentvolumeclaims", "PersistentVolumeClaim"),
          resource("configmaps", "ConfigMap"));
      case "/apis/apps/v1" -> resources("apps/v1", resource("deployments", "Deployment"),
          resource("statefulsets", "StatefulSet"));
      case "/apis/rbac.authorization.k8s.io/v1" -> resources("rbac.authorization.k8s.io/v1",
          resource("roles", "Role"), resource("rolebindings", "RoleBinding"));
      default -> null;
    };
  }

  private static JsonObject group(String name) {
    JsonObject version = new JsonObject().put("groupVersion", name + "/v1").put("version", "v1");
    return new JsonObject().put("name", name).put("versions", new JsonArray().add(version))
        .put("preferredVersion", version);
  }

  private static JsonObject resource(String plural, String kind) {
    return new JsonObject().put("name", plural).put("singularName", kind.toLowerCase(java.util.Locale.ROOT))
        .put("namespaced", true).put("kind", kind).put("verbs", new JsonArray().add("get").add("list")
            .add("create").add("update").add("patch").add("delete").add("watch"));
  }

  private static JsonObject resources(String groupVersion, JsonObject... list) {
    return new JsonObject().put("kind", "APIResourceList").put("apiVersion", "v1").put("groupVersion", groupVersion)
        .put("resources", new JsonArray(List.of((Object[]) list)));
  }

  @Override
  public void close() {
    server.close();
  }
}
