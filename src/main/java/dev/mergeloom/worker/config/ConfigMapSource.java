package dev.mergeloom.worker.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads worker variables from a Kubernetes ConfigMap through vertx-config's {@code configmap}
 * store, when {@code JCA_WORKER_CONFIGMAP_NAME} is set. In a pod the store finds the API server
 * and the service-account token by itself; {@code JCA_WORKER_KUBERNETES_API_URL} and
 * {@code JCA_WORKER_KUBERNETES_TOKEN_FILE} point it elsewhere (out of cluster, or a test's fake).
 */
public final class ConfigMapSource {
  private static final String POD_NAMESPACE_FILE = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

  private ConfigMapSource() {}

  /** Values read from the ConfigMap, and "namespace/name" for messages. */
  public record Values(Map<String, String> values, String origin) {
    static final Values NONE = new Values(Map.of(), "");
  }

  public static Future<Values> fetch(Vertx vertx, Map<String, ConfigValue> bootstrap, Map<String, String> env) {
    ConfigValue name = bootstrap.get(WorkerVariables.CONFIGMAP_NAME);
    if (name == null) {
      return Future.succeededFuture(Values.NONE);
    }
    return vertx.executeBlocking(() -> storeConfig(name.value(), bootstrap, env)).compose(config -> {
      String origin = config.getString("namespace") + "/" + config.getString("name");
      ConfigRetriever retriever = ConfigRetriever.create(vertx, new ConfigRetrieverOptions().setScanPeriod(-1)
          .addStore(new ConfigStoreOptions().setType("configmap").setConfig(config)));
      return retriever.getConfig()
          .eventually(() -> {
            retriever.close();
            return Future.succeededFuture();
          })
          .map(json -> new Values(asStrings(json), origin))
          .recover(e -> Future.failedFuture(new ConfigException(WorkerVariables.CONFIGMAP_NAME
              + ": cannot read the ConfigMap " + origin + " (" + e.getMessage() + "); expected it to exist and the "
              + "worker's service account to be allowed to get configmaps in that namespace")));
    });
  }

  private static JsonObject storeConfig(String name, Map<String, ConfigValue> bootstrap, Map<String, String> env)
      throws java.io.IOException {
    JsonObject config = new JsonObject().put("name", name).put("namespace", namespace(bootstrap, env))
        .put("optional", false).put("secret", false);
    ConfigValue apiUrl = bootstrap.get(WorkerVariables.KUBERNETES_API_URL);
    if (apiUrl != null) {
      URI uri = URI.create(apiUrl.value());
      boolean ssl = !"http".equalsIgnoreCase(uri.getScheme());
      config.put("host", uri.getHost()).put("ssl", ssl).put("port", uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80);
    }
    ConfigValue tokenFile = bootstrap.get(WorkerVariables.KUBERNETES_TOKEN_FILE);
    if (tokenFile != null) {
      String token = Files.readString(Path.of(tokenFile.value())).strip();
      Redactor.register(token);
      config.put("token", token);
    }
    return config;
  }

  private static String namespace(Map<String, ConfigValue> bootstrap, Map<String, String> env) throws java.io.IOException {
    ConfigValue configured = bootstrap.get(WorkerVariables.CONFIGMAP_NAMESPACE);
    if (configured != null) {
      return configured.value();
    }
    String fromEnv = env.get("KUBERNETES_NAMESPACE");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.strip();
    }
    Path podNamespace = Path.of(POD_NAMESPACE_FILE);
    return Files.isReadable(podNamespace) ? Files.readString(podNamespace).strip() : "default";
  }

  /** The store turns "8010" into a number and JSON text into objects; the worker wants the text. */
  private static Map<String, String> asStrings(JsonObject json) {
    Map<String, String> out = new LinkedHashMap<>();
    json.forEach(e -> {
      Object v = e.getValue();
      out.put(e.getKey(), v instanceof JsonObject o ? o.encode() : v instanceof JsonArray a ? a.encode() : String.valueOf(v));
    });
    return out;
  }
}
