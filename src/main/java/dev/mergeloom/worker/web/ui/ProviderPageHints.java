package dev.mergeloom.worker.web.ui;

import dev.mergeloom.worker.cli.CliStatusService;
import dev.mergeloom.worker.cli.CliKind;
import dev.mergeloom.worker.cli.CliSettings;
import dev.mergeloom.worker.config.ResolvedProvider;
import dev.mergeloom.worker.config.providers.FieldSpec;
import dev.mergeloom.worker.config.providers.ProviderCatalog;
import dev.mergeloom.worker.config.providers.ProviderSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What a provider page says beyond its form, so that no step ends in a dead end: the next step
 * after a save or a passed self-test, why a button is disabled, a missing CLI and how to install
 * it, base-URL presets of local model servers, and the shell commands of this deployment only.
 */
final class ProviderPageHints {
  /** Local servers that speak the OpenAI API, with the base URL each listens on by default. */
  static final List<String[]> LOCAL_SERVERS = List.of(
      new String[] {"Ollama", "http://127.0.0.1:11434/v1"},
      new String[] {"vLLM", "http://127.0.0.1:8000/v1"},
      new String[] {"LM Studio", "http://127.0.0.1:1234/v1"},
      new String[] {"llama.cpp server", "http://127.0.0.1:8080/v1"});

  private ProviderPageHints() {}

  /** Providers whose endpoint lists its models ({@code GET …/models}): OpenAI and Anthropic style. */
  static boolean listsModels(String provider) {
    return List.of(ProviderCatalog.CODEX_API, ProviderCatalog.CLAUDE_API, ProviderCatalog.OPENAI_COMPATIBLE)
        .contains(provider);
  }

  /** Field keys as the operator reads them: "Base URL", not baseUrl. */
  static String labels(ProviderSpec spec, List<String> keys) {
    return String.join(", ", keys.stream().map(k -> spec.field(k).map(FieldSpec::label).orElse(k)).toList());
  }

  /** @param deployment how the worker was deployed (contract: standalone, compose, kubernetes) */
  static JsonObject view(CliStatusService cliStatus, String deployment, ResolvedProvider p, JsonObject selfTest,
      boolean saved, boolean tested) {
    ProviderSpec spec = p.spec();
    boolean cli = spec.backend() == ProviderSpec.Backend.CLI;
    boolean installed = !cli || cliStatus.installed(spec.id());
    boolean passed = selfTest != null && "passed".equals(selfTest.getString("status"));
    String selfTestBlocked = !p.configured() ? "Save the missing settings first: " + labels(spec, p.missing()) + "."
        : !installed ? "Install the CLI first (see the notice above)." : null;
    JsonObject out = new JsonObject()
        .put("savedNext", saved && p.configured() && !passed)
        .put("passedNext", tested && passed)
        .put("selfTestBlocked", selfTestBlocked)
        .put("cliMissing", installed ? null : CliSettings.installHint(CliKind.of(spec.id())));
    if (spec.id().equals(ProviderCatalog.OPENAI_COMPATIBLE)) {
      out.put("presets", new JsonArray(LOCAL_SERVERS.stream()
          .map(s -> new JsonObject().put("name", s[0]).put("url", s[1])).toList()));
    }
    if (cli) {
      out.put("shell", shell(cliStatus, deployment, CliKind.of(spec.id())));
    }
    return out;
  }

  /** The login commands for a shell where this worker runs, and only those. */
  private static JsonArray shell(CliStatusService cliStatus, String deployment, CliKind kind) {
    String login = kind == CliKind.CODEX ? "codex login --device-auth" : "claude auth login";
    JsonArray out = new JsonArray();
    switch (deployment) {
      case "compose" -> out.add("docker compose exec worker-gateway " + login);
      case "kubernetes" -> out.add("kubectl exec -it deploy/<gateway> -- " + login);
      default -> {
        CliSettings s = cliStatus.settings();
        String exe = s.executable(kind).map(Object::toString).orElse(kind.command());
        out.add(kind.configVariable() + "=" + s.configDir(kind) + " " + exe
            + " " + login.substring(login.indexOf(' ') + 1));
      }
    }
    return out;
  }
}
