package dev.mergeloom.worker.jobs.model;

import dev.mergeloom.worker.config.providers.Fields;
import dev.mergeloom.worker.config.Effective;
import dev.mergeloom.worker.config.FieldProblem;
import dev.mergeloom.worker.config.InvalidSettingsException;
import dev.mergeloom.worker.config.ProviderSettingsService;
import dev.mergeloom.worker.config.ResolvedProvider;
import dev.mergeloom.worker.config.providers.ProviderCatalog;
import dev.mergeloom.worker.config.providers.ProviderSpec;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Which provider and model a job uses (contract §3.2, first match wins) and which rule chose
 * each: {@code directive}, {@code repository}, {@code tenant} or {@code worker}. A model given
 * as an alias of the provider's alias table is resolved to the full id.
 */
public record Selection(String provider, String providerRule, String model, String modelRule) {

  /** Why no selection is possible; the API answers 422 with it. */
  public static final class Unavailable extends RuntimeException {
    public Unavailable(String message) {
      super(message);
    }
  }

  public static Selection choose(Directives directives, JobEnvelope.Repository work,
      dev.mergeloom.worker.config.RuntimeValues runtime, ProviderSettingsService providers) {
    String tenantProvider = runtime.tenantDefaultProvider().orElse(null);
    String tenantModel = runtime.tenantDefaultModel().orElse(null);
    String provider;
    String providerRule;
    if (directives.values().containsKey("provider")) {
      provider = directives.values().get("provider");
      providerRule = "directive";
      known(provider, "directives.provider");
    } else if (work.provider() != null) {
      provider = work.provider();
      providerRule = "repository";
      known(provider, "repositories[" + work.alias() + "].provider");
    } else if (tenantProvider != null) {
      provider = tenantProvider;
      providerRule = "tenant";
    } else {
      provider = providers.list().stream().filter(ResolvedProvider::configured)
          .filter(p -> p.spec().backend() == ProviderSpec.Backend.API).map(p -> p.spec().id()).findFirst()
          .orElseThrow(() -> new Unavailable("No provider is configured for jobs: set one up on /providers (and "
              + "run its self-test), or name one with the provider directive."));
      providerRule = "worker";
    }
    ResolvedProvider resolved = providers.get(provider).orElseThrow();
    String model;
    String modelRule;
    if (directives.values().containsKey("model")) {
      model = directives.values().get("model");
      modelRule = "directive";
    } else if (work.model() != null) {
      model = work.model();
      modelRule = "repository";
    } else if (tenantModel != null && provider.equals(tenantProvider)) {
      model = tenantModel;
      modelRule = "tenant";
    } else if (resolved.fields().get(Fields.MODEL) != null && resolved.fields().get(Fields.MODEL).isSet()) {
      model = resolved.fields().get(Fields.MODEL).value();
      modelRule = "worker";
    } else if (resolved.spec().backend() == ProviderSpec.Backend.CLI) {
      model = null; // the CLI's own default model
      modelRule = "worker";
    } else {
      throw new Unavailable("No model for provider " + provider + ": set its default model on /providers/" + provider
          + ", or give one with the model directive.");
    }
    return new Selection(provider, providerRule, alias(resolved, model), modelRule);
  }

  private static void known(String provider, String field) {
    if (ProviderCatalog.find(provider).isEmpty()) {
      throw new InvalidSettingsException(List.of(new FieldProblem(field, "unknown provider '" + provider
          + "'; expected one of " + String.join(", ", ProviderCatalog.all().stream().map(ProviderSpec::id).toList()))));
    }
  }

  private static String alias(ResolvedProvider p, String model) {
    if (model == null) {
      return null;
    }
    Effective aliases = p.fields().get(Fields.MODEL_ALIASES);
    if (aliases == null || !aliases.isSet()) {
      return model;
    }
    try {
      return new JsonObject(aliases.value()).getString(model, model);
    } catch (RuntimeException e) {
      return model;
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put("provider", new JsonObject().put("value", provider).put("rule", providerRule))
        .put("model", new JsonObject().put("value", model).put("rule", modelRule));
  }
}
