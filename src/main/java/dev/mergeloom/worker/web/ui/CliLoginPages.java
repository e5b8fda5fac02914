package dev.mergeloom.worker.web.ui;

import dev.mergeloom.worker.config.providers.AuthMethods;
import dev.mergeloom.worker.cli.CliLogins;
import dev.mergeloom.worker.cli.CliStatusService;
import dev.mergeloom.worker.cli.LoginView;
import dev.mergeloom.worker.config.FieldProblem;
import dev.mergeloom.worker.config.ProviderSettingsService;
import dev.mergeloom.worker.config.ResolvedProvider;
import dev.mergeloom.worker.config.providers.ProviderCatalog;
import dev.mergeloom.worker.config.providers.ProviderSpec;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** The CLI login panel's form posts: start, paste the code, cancel. */
final class CliLoginPages {
  /** Renders the provider page again with problems or a CLI status. */
  interface Renderer {
    void render(RoutingContext ctx, int status, List<FieldProblem> problems, JsonObject cliStatus);
  }

  private final ProviderSettingsService providers;
  private final CliLogins logins;
  private final CliStatusService cliStatus;
  private final Renderer renderer;

  CliLoginPages(ProviderSettingsService providers, CliLogins logins, CliStatusService cliStatus, Renderer renderer) {
    this.providers = providers;
    this.logins = logins;
    this.cliStatus = cliStatus;
    this.renderer = renderer;
  }

  static boolean loginPossible(ResolvedProvider p) {
    String method = p.authMethod().value();
    return method.equals(AuthMethods.CLI_LOGIN) || (p.spec().id().equals(ProviderCatalog.CODEX_CLI) && method.equals(AuthMethods.API_KEY));
  }

  /** The session as the panel shows it. */
  static JsonObject view(LoginView session) {
    JsonObject json = session.toJson();
    String state = json.getString("state");
    return json.put("active", state.equals("starting") || state.equals("awaiting_user"))
        .put("awaiting", state.equals("awaiting_user"))
        .put("claude", session.provider().equals(ProviderCatalog.CLAUDE_CODE_CLI))
        .put("ok", state.equals("succeeded"))
        .put("bad", state.equals("failed") || state.equals("expired"));
  }

  /** The CLI provider of a form post with a valid CSRF token; otherwise answers 404/403 and returns null. */
  private static ProviderSpec cliForm(RoutingContext ctx) {
    ProviderSpec spec = ProviderCatalog.find(ctx.pathParam("id"))
        .filter(s -> s.backend() == ProviderSpec.Backend.CLI).orElse(null);
    if (spec == null || !CsrfTokens.valid(ctx)) {
      ctx.response().setStatusCode(spec == null ? 404 : 403).end();
      return null;
    }
    return spec;
  }

  void start(RoutingContext ctx) {
    ProviderSpec spec = cliForm(ctx);
    if (spec == null) {
      return;
    }
    logins.start(providers.get(spec.id()).orElseThrow())
        .onComplete(s -> UiPages.seeOther(ctx, "/providers/" + spec.id() + "#cli-login"), e -> refused(ctx, e));
  }

  void code(RoutingContext ctx) {
    ProviderSpec spec = cliForm(ctx);
    if (spec == null) {
      return;
    }
    String code = ctx.request().getFormAttribute("code");
    if (code == null || code.isBlank()) {
      renderer.render(ctx, 400, List.of(new FieldProblem("code", "paste the code#state the sign-in page shows")), null);
      return;
    }
    logins.submitCode(spec.id(), code)
        .onComplete(s -> UiPages.seeOther(ctx, "/providers/" + spec.id() + "#cli-login"), e -> refused(ctx, e));
  }

  void cancel(RoutingContext ctx) {
    ProviderSpec spec = cliForm(ctx);
    if (spec == null) {
      return;
    }
    logins.cancel(spec.id())
        .onComplete(s -> UiPages.seeOther(ctx, "/providers/" + spec.id() + "#cli-login"), e -> refused(ctx, e));
  }

  private void refused(RoutingContext ctx, Throwable failure) {
    String id = ctx.pathParam("id");
    if (!cliStatus.installed(id)) {
      // Not a form error: the page's notice says the CLI is missing and how to install it.
      UiPages.seeOther(ctx, "/providers/" + id + "#cli-missing");
      return;
    }
    int status = PageErrors.status(failure);
    renderer.render(ctx, status, List.of(new FieldProblem("login", failure.getMessage())), null);
  }
}
