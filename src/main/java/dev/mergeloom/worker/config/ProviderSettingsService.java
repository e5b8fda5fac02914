package dev.mergeloom.worker.config;

import dev.mergeloom.worker.config.providers.FieldSpec;
import dev.mergeloom.worker.config.providers.FieldValidator;
import dev.mergeloom.worker.config.providers.ProviderCatalog;
import dev.mergeloom.worker.config.providers.ProviderSpec;
import dev.mergeloom.worker.store.ProviderConfigStore;
import dev.mergeloom.worker.store.StoredProvider;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Reads and writes provider settings. Reads come from memory (the store is loaded once at
 * start-up); writes are validated whole, written to the store in one transaction, and only then
 * applied in memory, so a refused or failed write changes nothing anywhere.
 */
public final class ProviderSettingsService {
  private final DeploymentConfig deployment;
  private final ConfigMode mode;
  private final ProviderConfigStore store;
  private final Map<String, StoredProvider> stored = new ConcurrentHashMap<>();
  /** Writes run one after another, so two concurrent PUTs cannot merge against the same old state. */
  private Future<?> writes = Future.succeededFuture();
  private final List<Runnable> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  private ProviderSettingsService(DeploymentConfig deployment, ConfigMode mode, ProviderConfigStore store) {
    this.deployment = deployment;
    this.mode = mode;
    this.store = store;
  }

  public static Future<ProviderSettingsService> load(DeploymentConfig deployment, ConfigMode mode,
      ProviderConfigStore store) {
    ProviderSettingsService service = new ProviderSettingsService(deployment, mode, store);
    return store.loadAll().map(all -> {
      all.values().forEach(p -> {
        p.secretKeys().forEach(k -> Redactor.register(p.values().get(k)));
        service.stored.put(p.providerId(), p);
      });
      return service;
    });
  }

  public ConfigMode mode() {
    return mode;
  }

  public List<ResolvedProvider> list() {
    return ProviderCatalog.all().stream().map(this::resolve).toList();
  }

  public Optional<ResolvedProvider> get(String id) {
    return ProviderCatalog.find(id).map(this::resolve);
  }

  /**
   * Executors: a provider as the gateway's settings give it, with the secrets the claim of a job
   * brought for it (the config feed carries none). Nothing is stored: the secrets live as long as
   * the job that holds them.
   */
  public Optional<ResolvedProvider> get(String id, Map<String, String> claimedSecrets) {
    if (claimedSecrets.isEmpty()) {
      return get(id);
    }
    return ProviderCatalog.find(id).map(spec -> {
      StoredProvider cached = stored.get(id);
      Map<String, String> values = new java.util.HashMap<>(cached == null ? Map.of() : cached.values());
      values.putAll(claimedSecrets);
      java.util.Set<String> secretKeys = new java.util.HashSet<>(cached == null ? java.util.Set.of() : cached.secretKeys());
      secretKeys.addAll(claimedSecrets.keySet());
      return ProviderResolver.resolve(spec, deployment, new StoredProvider(id, cached == null ? null
          : cached.authMethod(), values, secretKeys, cached == null ? null : cached.updatedAt()), mode);
    });
  }

  private ResolvedProvider resolve(ProviderSpec spec) {
    return ProviderResolver.resolve(spec, deployment, stored.get(spec.id()), mode);
  }

  /** Applies a PUT body ({@code {"authMethod", "fields"}}); fails with {@link InvalidSettingsException}. */
  public Future<ResolvedProvider> update(ProviderSpec spec, JsonObject body) {
    return serialized(() -> {
      refuseInProvisionedMode();
      StoredProvider next = merge(spec, body);
      return store.save(spec.id(), next.authMethod(), next.values(), next.secretKeys()).map(saved -> {
        saved.secretKeys().forEach(k -> Redactor.register(saved.values().get(k)));
        stored.put(spec.id(), saved);
        changed();
        return resolve(spec);
      });
    });
  }

  /** Forgets the UI-stored settings; deployment values and defaults remain. */
  public Future<ResolvedProvider> delete(ProviderSpec spec) {
    return serialized(() -> {
      refuseInProvisionedMode();
      return store.delete(spec.id()).map(existed -> {
        stored.remove(spec.id());
        changed();
        return resolve(spec);
      });
    });
  }

  /**
   * Executors: replaces the cached settings with the gateway's, in the local store first (so a
   * restart while the gateway is down still has them), then in memory.
   */
  public Future<Void> replaceFromGateway(Map<String, StoredProvider> fromGateway) {
    return serialized(() -> {
      List<Future<?>> writes = new ArrayList<>();
      stored.keySet().stream().filter(id -> !fromGateway.containsKey(id)).forEach(id -> writes.add(store.delete(id)));
      fromGateway.values().forEach(p -> writes.add(store.save(p.providerId(), p.authMethod(), p.values(),
          p.secretKeys())));
      return Future.all(writes).map(ok -> {
        fromGateway.values().forEach(p -> p.secretKeys().forEach(k -> Redactor.register(p.values().get(k))));
        stored.keySet().retainAll(fromGateway.keySet());
        stored.putAll(fromGateway);
        changed();
        return null;
      });
    });
  }

  /** Called after every change of the stored settings (the gateway wakes waiting executors). */
  public void onChange(Runnable listener) {
    changeListeners.add(listener);
  }

  private void changed() {
    changeListeners.forEach(Runnable::run);
  }

  private synchronized <T> Future<T> serialized(java.util.function.Supplier<Future<T>> write) {
    Future<T> result = writes.transform(ignored -> {
      try {
        return write.get();
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    });
    writes = result;
    return result;
  }

  private void refuseInProvisionedMode() {
    if (mode == ConfigMode.GATEWAY) {
      throw new ReadOnlyConfigException("This executor takes its provider settings from the gateway ("
          + WorkerVariables.PROVIDER_CONFIG_MODE + "=gateway): change them in the gateway's UI or API.");
    }
    if (mode == ConfigMode.PROVISIONED) {
      throw new ReadOnlyConfigException("Provider settings are provisioned by the deployment ("
          + WorkerVariables.PROVIDER_CONFIG_MODE + "=provisioned): change the environment, mounted secrets or "
          + "ConfigMap and restart the worker.");
    }
  }

  /** Validates the body against the current state and returns the settings to store. */
  private StoredProvider merge(ProviderSpec spec, JsonObject body) {
    List<FieldProblem> problems = new ArrayList<>();
    ResolvedProvider current = resolve(spec);
    StoredProvider previous = stored.get(spec.id());
    for (String key : body.fieldNames()) {
      if (!key.equals("authMethod") && !key.equals("fields")) {
        problems.add(new FieldProblem(key, "unknown property; expected authMethod and fields"));
      }
    }
    String method = authMethod(spec, body.getValue("authMethod"), current, problems);
    Map<String, String> values = new HashMap<>(previous == null ? Map.of() : previous.values());
    Object fieldsJson = body.getValue("fields");
    if (fieldsJson != null && !(fieldsJson instanceof JsonObject)) {
      problems.add(new FieldProblem("fields", "expected an object of field name to value"));
    } else if (fieldsJson != null) {
      JsonObject fields = (JsonObject) fieldsJson;
      for (String key : fields.fieldNames()) {
        applyField(spec, current, key, fields.getValue(key), values, problems);
      }
    }
    SecretsFollowEndpoint.apply(spec, current, method, previous == null ? Map.of() : previous.values(), values,
        fieldsJson instanceof JsonObject f ? f : new JsonObject(), problems);
    // Missing required fields are reported with the other problems, so one round fixes all.
    Set<String> reported = problems.stream().map(FieldProblem::field).collect(Collectors.toSet());
    StoredProvider candidate = new StoredProvider(spec.id(), method, values, Set.of(), null);
    ProviderResolver.resolve(spec, deployment, candidate, mode).missing().stream()
        .filter(key -> !reported.contains("fields." + key))
        .forEach(key -> problems.add(new FieldProblem("fields." + key,
            "required for auth method " + method + "; expected a value")));
    if (!problems.isEmpty()) {
      throw new InvalidSettingsException(problems);
    }
    Set<String> secretKeys = values.keySet().stream()
        .filter(k -> spec.field(k).map(FieldSpec::secret).orElse(false))
        .collect(Collectors.toSet());
    return new StoredProvider(spec.id(), method, values, secretKeys, null);
  }

  private static String authMethod(ProviderSpec spec, Object requested, ResolvedProvider current,
      List<FieldProblem> problems) {
    if (requested == null) {
      return current.authMethod().value();
    }
    String expected = "expected one of " + String.join(", ", spec.authMethodIds());
    if (!(requested instanceof String method) || !spec.hasAuthMethod(method)) {
      problems.add(new FieldProblem("authMethod", expected));
      return current.authMethod().value();
    }
    if (current.authMethod().locked() && !method.equals(current.authMethod().value())) {
      problems.add(new FieldProblem("authMethod", "locked: set by the deployment ("
          + current.authMethod().source().wireName() + " " + spec.authEnvVar() + "); change it there"));
    }
    return method;
  }

  private static void applyField(ProviderSpec spec, ResolvedProvider current, String key, Object raw,
      Map<String, String> values, List<FieldProblem> problems) {
    String path = "fields." + key;
    Optional<FieldSpec> field = spec.field(key);
    if (field.isEmpty()) {
      problems.add(new FieldProblem(path, "unknown field for " + spec.id() + "; expected one of "
          + spec.fields().stream().map(FieldSpec::key).collect(Collectors.joining(", "))));
      return;
    }
    String value;
    if (raw == null) {
      value = null;
    } else if (raw instanceof JsonObject object && key.equals("modelAliases")) {
      value = object.isEmpty() ? null : object.encode();
    } else if (raw instanceof String s) {
      value = s.strip().isEmpty() ? null : s.strip();
    } else {
      problems.add(new FieldProblem(path, key.equals("modelAliases")
          ? "expected a JSON object of alias to model id" : "expected a string (or null to clear)"));
      return;
    }
    Effective effective = current.fields().get(key);
    if (value != null && effective.locked() && !value.equals(effective.value())) {
      problems.add(new FieldProblem(path, "locked: set by the deployment (" + effective.source().wireName() + " "
          + field.get().envVar() + "); change it there"));
      return;
    }
    if (value != null && effective.locked()) {
      return; // the same value the deployment gives: nothing to store
    }
    if (value == null) {
      values.remove(key);
      return;
    }
    Optional<String> problem = FieldValidator.check(field.get(), value);
    if (problem.isPresent()) {
      problems.add(new FieldProblem(path, problem.get()));
    } else {
      values.put(key, value);
    }
  }
}
