package dev.mergeloom.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mergeloom.worker.config.providers.ProviderCatalog;
import dev.mergeloom.worker.config.providers.ProviderSpec;
import dev.mergeloom.worker.store.RuntimeConfigStore;
import dev.mergeloom.worker.testing.Eventually;
import dev.mergeloom.worker.testing.TestSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings' owner: writes one after another, revisions every reader sees, nothing changed by a refusal. */
class SettingsVerticleTest {
  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private SettingsView deploy(Map<String, String> env) {
    return TestSettings.deploy(vertx, dir, env, mode(env, WorkerVariables.PROVIDER_CONFIG_MODE),
        mode(env, WorkerVariables.RUNTIME_CONFIG_MODE));
  }

  private static ConfigMode mode(Map<String, String> env, String variable) {
    return ConfigMode.valueOf(env.getOrDefault(variable, "ui").toUpperCase(java.util.Locale.ROOT));
  }

  @Test
  void writesSentAtOnceAreAppliedOneAfterAnotherSoNoneIsLost() {
    RuntimeConfigService runtime = new RuntimeConfigService(deploy(Map.of()));
    // Sent together, without waiting: each write must merge against the revision the previous
    // one made, or a later write would put back the value an earlier one replaced.
    List<Future<Map<RuntimeSetting, Effective>>> writes = List.of(
        runtime.update(new JsonObject().put("maxRepairAttempts", 4)),
        runtime.update(new JsonObject().put("commandTimeoutSeconds", 77)),
        runtime.update(new JsonObject().put("maxConcurrentJobs", 9)),
        runtime.update(new JsonObject().put("allowedCommands", new JsonArray().add("git").add("pytest"))));
    Future.all(writes).await();
    RuntimeValues values = runtime.values();
    assertThat(values.maxRepairAttempts()).isEqualTo(4);
    assertThat(values.commandTimeout()).isEqualTo(Duration.ofSeconds(77));
    assertThat(values.maxConcurrentJobs()).isEqualTo(9);
    assertThat(values.allowedCommands()).containsExactly("git", "pytest");
    assertThat(runtime.effective().get(RuntimeSetting.MAX_REPAIR_ATTEMPTS).source()).isEqualTo(ConfigSource.UI);
  }

  /** A verticle that follows the settings and notes on which thread and which revisions it got them. */
  private static final class Follower extends VerticleBase {
    private final SettingsView view;
    private final List<Long> revisions = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private volatile Thread startedOn;

    Follower(SettingsView view) {
      this.view = view;
    }

    @Override
    public Future<?> start() {
      startedOn = Thread.currentThread();
      view.follow(s -> {
        threads.add(Thread.currentThread());
        revisions.add(s.revision());
      });
      return Future.succeededFuture();
    }
  }

  @Test
  void anAnsweredWriteIsInEveryReadAndFollowersGetTheRevisionOnTheirOwnContext() {
    SettingsView view = deploy(Map.of());
    Follower follower = new Follower(view);
    vertx.deployVerticle(follower).await();
    ProviderSettingsService providers = new ProviderSettingsService(view);
    ProviderSpec spec = ProviderCatalog.find("openai-compatible").orElseThrow();
    assertThat(view.current().revision()).isZero();

    ResolvedProvider saved = providers.update(spec, new JsonObject().put("fields", new JsonObject()
        .put("baseUrl", "http://127.0.0.1:9/v1").put("model", "m-1"))).await();

    assertThat(saved.fields().get("model").value()).isEqualTo("m-1");
    // Read from this (test) thread right after the answer: the revision is already there.
    assertThat(view.current().revision()).isEqualTo(1);
    assertThat(providers.get("openai-compatible").orElseThrow().fields().get("baseUrl").value())
        .isEqualTo("http://127.0.0.1:9/v1");
    Eventually.until("the follower got revision 1", Duration.ofSeconds(5), () -> follower.revisions.contains(1L));
    assertThat(follower.threads).allSatisfy(t -> assertThat(t).isSameAs(follower.startedOn));
  }

  @Test
  void aRefusedWriteChangesNothingAndNamesTheField() {
    SettingsView view = deploy(Map.of());
    RuntimeConfigService runtime = new RuntimeConfigService(view);
    runtime.update(new JsonObject().put("maxRepairAttempts", 3)).await();

    assertThatThrownBy(() -> runtime.update(new JsonObject().put("maxRepairAttempts", 2)
        .put("maxConcurrentJobs", "many")).await()).isInstanceOfSatisfying(InvalidSettingsException.class,
            e -> assertThat(e.problems()).extracting(FieldProblem::field).containsExactly("maxConcurrentJobs"));

    assertThat(view.current().revision()).isEqualTo(1);
    assertThat(runtime.values().maxRepairAttempts()).isEqualTo(3);
    RuntimeConfigStore reopened = RuntimeConfigStore.open(vertx, dir.resolve("r.db")).await();
    assertThat(reopened.load().await()).containsEntry("maxRepairAttempts", "3");
    // The owner keeps serving after a refusal.
    runtime.update(new JsonObject().put("maxRepairAttempts", 5)).await();
    assertThat(runtime.values().maxRepairAttempts()).isEqualTo(5);
  }

  @Test
  void provisionedSettingsRefuseWritesAndTheGatewaysReplaceOnlyWhatIsFollowed() {
    SettingsView view = deploy(Map.of(WorkerVariables.PROVIDER_CONFIG_MODE, "provisioned",
        WorkerVariables.RUNTIME_CONFIG_MODE, "gateway"));
    ProviderSpec spec = ProviderCatalog.find("openai-compatible").orElseThrow();
    assertThatThrownBy(() -> new ProviderSettingsService(view).update(spec, new JsonObject()).await())
        .isInstanceOf(ReadOnlyConfigException.class).hasMessageContaining("provisioned");
    assertThatThrownBy(() -> new RuntimeConfigService(view).update(new JsonObject()).await())
        .isInstanceOf(ReadOnlyConfigException.class).hasMessageContaining("gateway");

    view.replaceFromGateway(null, Map.of("maxRepairAttempts", "6")).await();

    assertThat(view.current().values().maxRepairAttempts()).isEqualTo(6);
    assertThat(view.current().runtimeEffective().get(RuntimeSetting.MAX_REPAIR_ATTEMPTS).source())
        .isEqualTo(ConfigSource.GATEWAY);
    assertThat(view.current().providers()).isEmpty();
    assertThat(view.current().revision()).isEqualTo(1);
  }
}
