package dev.mergeloom.worker.cluster;

import dev.mergeloom.worker.config.ConfigSource;
import dev.mergeloom.worker.config.Effective;
import dev.mergeloom.worker.config.ResolvedProvider;
import dev.mergeloom.worker.config.RuntimeSetting;
import dev.mergeloom.worker.config.Settings;
import dev.mergeloom.worker.config.providers.ProviderCatalog;
import dev.mergeloom.worker.store.StoredProvider;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The gateway's effective provider and runtime settings as executors receive them: every value
 * not a shipped default (executors have the same defaults) but the secrets, which only the claim
 * of a job hands over, for that job's provider only; and a version that changes whenever any of
 * it (secrets included) does.
 *
 * <p>Wire form: {@code {"version", "providers": {id: {"authMethod", "values": {key: value},
 * "secretKeys": [...]}}, "runtime": {key: value}}}: {@code secretKeys} names the secrets the
 * gateway holds, without their values.
 */
public record ConfigSnapshot(String version, JsonObject body) {

  /**
   * Builds the snapshot. The version is an HMAC of the content under a key that lives only in the
   * gateway's memory: equal content gives an equal version, and the version reveals nothing about
   * the secrets in it.
   */
  static ConfigSnapshot of(Settings settings, byte[] versionKey) {
    Map<String, Object> providerMap = new TreeMap<>();
    StringBuilder secretDigest = new StringBuilder();
    for (ResolvedProvider p : settings.providerList()) {
      Map<String, Object> values = new TreeMap<>();
      p.fields().forEach((key, effective) -> {
        if (notDefault(effective)) {
          values.put(key, effective.value());
        }
      });
      boolean methodChosen = notDefault(p.authMethod());
      if (values.isEmpty() && !methodChosen) {
        continue;
      }
      // The same secrets a claim hands over. The version still changes with one: its HMAC covers
      // their values, which the feed itself leaves out.
      Map<String, String> secretValues = new TreeMap<>(p.operatorSecrets());
      secretValues.forEach((k, v) -> secretDigest.append(p.spec().id()).append('.').append(k).append('=')
          .append(v).append('\n'));
      Set<String> secrets = secretValues.keySet();
      values.keySet().removeAll(secrets);
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("authMethod", p.authMethod().value());
      entry.put("values", new JsonObject(values));
      entry.put("secretKeys", new JsonArray(java.util.List.copyOf(secrets)));
      providerMap.put(p.spec().id(), new JsonObject(entry));
    }
    Map<String, Object> runtimeMap = new TreeMap<>();
    for (Map.Entry<RuntimeSetting, Effective> e : settings.runtimeEffective().entrySet()) {
      if (notDefault(e.getValue())) {
        runtimeMap.put(e.getKey().key(), e.getValue().value());
      }
    }
    JsonObject content = new JsonObject().put("providers", new JsonObject(providerMap))
        .put("runtime", new JsonObject(runtimeMap));
    String version = hmac(versionKey, content.encode() + "\n" + secretDigest);
    return new ConfigSnapshot(version, content.copy().put("version", version));
  }

  private static boolean notDefault(Effective e) {
    return e.isSet() && e.source() != ConfigSource.DEFAULT;
  }

  private static String hmac(byte[] key, String content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)), 0, 12);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** Executor side: the providers as the local cache stores them; unknown ids (a newer gateway) are skipped. */
  public static Map<String, StoredProvider> providers(JsonObject body) {
    Map<String, StoredProvider> out = new LinkedHashMap<>();
    JsonObject all = body.getJsonObject("providers", new JsonObject());
    for (String id : all.fieldNames()) {
      if (ProviderCatalog.find(id).isEmpty()) {
        continue;
      }
      JsonObject p = all.getJsonObject(id);
      Map<String, String> values = new LinkedHashMap<>();
      p.getJsonObject("values", new JsonObject()).forEach(e -> values.put(e.getKey(), String.valueOf(e.getValue())));
      // Secrets named without values (the gateway keeps them) are left out: a claim brings them.
      Set<String> secrets = p.getJsonArray("secretKeys", new JsonArray()).stream().map(String::valueOf)
          .filter(values::containsKey).collect(Collectors.toSet());
      out.put(id, new StoredProvider(id, p.getString("authMethod"), values, secrets, null));
    }
    return out;
  }

  /** Executor side: the runtime settings by key. */
  public static Map<String, String> runtime(JsonObject body) {
    Map<String, String> out = new LinkedHashMap<>();
    body.getJsonObject("runtime", new JsonObject()).forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
    return out;
  }

  /** Never prints the body: it holds secrets. */
  @Override
  public String toString() {
    return "ConfigSnapshot[" + version + "]";
  }
}
