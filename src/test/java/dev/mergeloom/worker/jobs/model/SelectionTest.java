package dev.mergeloom.worker.jobs.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mergeloom.worker.config.ConfigMode;
import dev.mergeloom.worker.config.FieldProblem;
import dev.mergeloom.worker.config.InvalidSettingsException;
import dev.mergeloom.worker.config.ProviderSettingsService;
import dev.mergeloom.worker.config.RuntimeValues;
import dev.mergeloom.worker.config.SettingsView;
import dev.mergeloom.worker.config.providers.ProviderCatalog;
import dev.mergeloom.worker.testing.TestSettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contract §3.2: the first rule that names a provider (and a model) wins, and the record says which. */
class SelectionTest {
  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();
  private SettingsView view;

  @AfterEach
  void close() {
    vertx.close().await();
  }

  /** Settings with {@code env} as the deployment's, and two API providers set up in the UI. */
  private ProviderSettingsService providers(Map<String, String> env) {
    view = TestSettings.deploy(vertx, dir, env, ConfigMode.UI, ConfigMode.UI);
    ProviderSettingsService providers = new ProviderSettingsService(view);
    providers.update(ProviderCatalog.find(ProviderCatalog.CLAUDE_API).orElseThrow(), new JsonObject()
        .put("fields", new JsonObject().put("apiKey", "sk-ant-test").put("model", "claude-worker-default")
            .put("modelAliases", "{\"fast\": \"claude-fast-1\"}"))).await();
    providers.update(ProviderCatalog.find(ProviderCatalog.OPENAI_COMPATIBLE).orElseThrow(), new JsonObject()
        .put("fields", new JsonObject().put("baseUrl", "http://127.0.0.1:9/v1").put("model", "local-default"))).await();
    return providers;
  }

  private RuntimeValues runtime() {
    return view.current().values();
  }

  private static JobEnvelope.Repository work(JsonObject repository) {
    return JobEnvelope.parse(new JsonObject().put("ticket", new JsonObject().put("key", "SEL-1").put("title", "t")
        .put("description", "d")).put("repositories", new JsonArray().add(repository.put("path", "/tmp/repo"))))
        .workRepository();
  }

  private static Directives directives(Map<String, String> values) {
    return new Directives(values, List.of());
  }

  @Test
  void eachRuleWinsOverTheOnesAfterItAndIsNamed() {
    ProviderSettingsService providers = providers(Map.of("JCA_WORKER_TENANT_DEFAULT_PROVIDER", "openai-compatible",
        "JCA_WORKER_TENANT_DEFAULT_MODEL", "tenant-model"));
    RuntimeValues runtime = runtime();
    JobEnvelope.Repository pinned = work(new JsonObject().put("provider", "claude-api").put("model", "repo-model"));

    Selection byDirective = Selection.choose(directives(Map.of("provider", "openai-compatible", "model", "m-d")),
        pinned, runtime, providers);
    assertThat(byDirective).isEqualTo(new Selection("openai-compatible", "directive", "m-d", "directive"));

    Selection byRepository = Selection.choose(directives(Map.of()), pinned, runtime, providers);
    assertThat(byRepository).isEqualTo(new Selection("claude-api", "repository", "repo-model", "repository"));

    Selection byTenant = Selection.choose(directives(Map.of()), work(new JsonObject()), runtime, providers);
    assertThat(byTenant).isEqualTo(new Selection("openai-compatible", "tenant", "tenant-model", "tenant"));
  }

  @Test
  void theTenantModelIsOnlyForTheTenantsProviderAndAliasesResolve() {
    ProviderSettingsService providers = providers(Map.of("JCA_WORKER_TENANT_DEFAULT_PROVIDER", "openai-compatible",
        "JCA_WORKER_TENANT_DEFAULT_MODEL", "tenant-model"));
    RuntimeValues runtime = runtime();

    // Another provider named by the repository takes its own default model, not the tenant's.
    Selection other = Selection.choose(directives(Map.of()), work(new JsonObject().put("provider", "claude-api")),
        runtime, providers);
    assertThat(other).isEqualTo(new Selection("claude-api", "repository", "claude-worker-default", "worker"));

    Selection aliased = Selection.choose(directives(Map.of("provider", "claude-api", "model", "fast")),
        work(new JsonObject()), runtime, providers);
    assertThat(aliased.model()).as("the alias table maps fast").isEqualTo("claude-fast-1");
    assertThat(aliased.toJson().getJsonObject("model").getString("rule")).isEqualTo("directive");
  }

  @Test
  void withoutRulesTheFirstConfiguredApiProviderIsTheWorkersChoice() {
    ProviderSettingsService providers = providers(Map.of());
    Selection chosen = Selection.choose(directives(Map.of()), work(new JsonObject()), runtime(), providers);
    // claude-api comes before openai-compatible in the catalog; both are configured.
    assertThat(chosen).isEqualTo(new Selection("claude-api", "worker", "claude-worker-default", "worker"));
  }

  @Test
  void anUnknownProviderIsRefusedNamingWhereItWasWritten() {
    ProviderSettingsService providers = providers(Map.of());
    RuntimeValues runtime = runtime();
    assertThatThrownBy(() -> Selection.choose(directives(Map.of("provider", "nope")), work(new JsonObject()),
        runtime, providers)).isInstanceOfSatisfying(InvalidSettingsException.class, e -> assertThat(e.problems())
            .extracting(FieldProblem::field).containsExactly("directives.provider"));
    assertThatThrownBy(() -> Selection.choose(directives(Map.of()), work(new JsonObject().put("alias", "app")
        .put("provider", "nope")), runtime, providers)).isInstanceOfSatisfying(InvalidSettingsException.class,
            e -> assertThat(e.problems()).extracting(FieldProblem::field).containsExactly("repositories[app].provider"));
  }
}
