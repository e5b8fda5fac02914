package dev.mergeloom.worker.config;

import dev.mergeloom.worker.config.providers.FieldSpec;
import dev.mergeloom.worker.config.providers.FieldValidator;
import dev.mergeloom.worker.config.providers.ProviderCatalog;
import dev.mergeloom.worker.config.providers.ProviderSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks provider and runtime values supplied by the deployment, at start-up: a bad value there
 * cannot be fixed from the UI (it is locked), so it must stop the worker with a clear message.
 */
public final class DeploymentValidation {
  private DeploymentValidation() {}

  public static List<String> problems(DeploymentConfig config) {
    List<String> problems = new ArrayList<>();
    for (ProviderSpec p : ProviderCatalog.all()) {
      if (p.authEnvVar() != null) {
        config.get(p.authEnvVar()).filter(v -> !p.hasAuthMethod(v.value().trim())).ifPresent(v -> problems.add(v + ": expected one of "
            + String.join(", ", p.authMethodIds())));
      }
      for (FieldSpec f : p.fields()) {
        config.get(f.envVar()).ifPresent(v -> FieldValidator.check(f, v.value().strip())
            .ifPresent(problem -> problems.add(v + ": " + problem)));
      }
    }
    for (RuntimeSetting s : RuntimeSetting.values()) {
      config.get(s.envVar()).ifPresent(v -> s.check(v.value().trim())
          .ifPresent(problem -> problems.add(v + ": " + problem)));
    }
    return problems;
  }
}
