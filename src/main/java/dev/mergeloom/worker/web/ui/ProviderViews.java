package dev.mergeloom.worker.web.ui;

import dev.mergeloom.worker.cli.CliStatusService;
import dev.mergeloom.worker.config.ProviderSettingsService;
import dev.mergeloom.worker.config.ResolvedProvider;
import dev.mergeloom.worker.config.providers.ProviderSpec;
import dev.mergeloom.worker.selftest.SelfTestService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What a page needs to show providers as they are now: their settings, their self-tests of the
 * current settings, and whether a CLI is installed. Reads only; writes go through the services.
 */
record ProviderViews(ProviderSettingsService providers, SelfTestService selfTests, CliStatusService cliStatus) {

  List<ResolvedProvider> all() {
    return providers.list();
  }

  ResolvedProvider get(ProviderSpec spec) {
    return providers.get(spec.id()).orElseThrow();
  }

  /** The last self-test of the provider's current settings, or null. */
  JsonObject selfTest(ResolvedProvider p) {
    return selfTests.current(p).orElse(null);
  }

  boolean passed(ResolvedProvider p) {
    return selfTests.passed(p);
  }

  boolean installed(ProviderSpec spec) {
    return spec.backend() != ProviderSpec.Backend.CLI || cliStatus.installed(spec.id());
  }

  /** One card per provider, as the home, providers and health pages list them. */
  JsonArray summaries() {
    return new JsonArray(all().stream()
        .map(p -> ViewModels.summary(p, selfTest(p)).put("cliMissing", !installed(p.spec()))).toList());
  }
}
