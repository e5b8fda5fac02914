package dev.mergeloom.worker.testing;

import dev.mergeloom.worker.bus.Bus;
import dev.mergeloom.worker.config.ConfigMode;
import dev.mergeloom.worker.config.DeploymentConfig;
import dev.mergeloom.worker.config.DeploymentConfigLoader;
import dev.mergeloom.worker.config.SettingsVerticle;
import dev.mergeloom.worker.config.SettingsView;
import dev.mergeloom.worker.store.ProviderConfigStore;
import dev.mergeloom.worker.store.RuntimeConfigStore;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Map;

/** The settings' owner on its own, for tests that need settings without a whole worker. */
public final class TestSettings {
  private TestSettings() {}

  /**
   * Deploys a settings verticle on {@code vertx} with {@code env} as the deployment's variables
   * and its stores in {@code dir} ({@code p.db}, {@code p.key}, {@code r.db}).
   */
  public static SettingsView deploy(Vertx vertx, Path dir, Map<String, String> env, ConfigMode providerMode,
      ConfigMode runtimeMode) {
    Bus.install(vertx);
    DeploymentConfig deployment = new DeploymentConfigLoader(() -> env).load(Map.of(), "").config();
    ProviderConfigStore providers = ProviderConfigStore.open(vertx, dir.resolve("p.db"), dir.resolve("p.key")).await();
    RuntimeConfigStore runtime = RuntimeConfigStore.open(vertx, dir.resolve("r.db")).await();
    return SettingsVerticle.deploy(vertx, deployment, providerMode, runtimeMode, providers, runtime).await();
  }
}
