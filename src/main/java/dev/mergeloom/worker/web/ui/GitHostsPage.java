package dev.mergeloom.worker.web.ui;

import dev.mergeloom.worker.config.FieldProblem;
import dev.mergeloom.worker.githosts.GitHosts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * "Git hosts": the hosts that have a token stored (never the token), a form to store one, and a
 * button to remove one; read-only while the deployment sets them ({@code JCA_GIT_CREDENTIALS}).
 */
final class GitHostsPage {
  private final PageRenderer pages;
  private final GitHosts hosts;

  GitHostsPage(PageRenderer pages, GitHosts hosts) {
    this.pages = pages;
    this.hosts = hosts;
  }

  void page(RoutingContext ctx) {
    send(ctx, 200, null, List.of(), "1".equals(ctx.request().getParam("saved")));
  }

  void save(RoutingContext ctx) {
    if (!CsrfTokens.valid(ctx)) {
      expired(ctx);
      return;
    }
    String host = ctx.request().getFormAttribute("host");
    String token = ctx.request().getFormAttribute("token");
    try {
      hosts.put(host == null ? "" : host, new JsonObject().put("token", token == null ? "" : token)).onComplete(
          ok -> UiPages.seeOther(ctx, "/git-hosts?saved=1"),
          failure -> send(ctx, PageErrors.status(failure), host, PageErrors.problems(failure), false));
    } catch (RuntimeException e) {
      send(ctx, PageErrors.status(e), host, PageErrors.problems(e), false);
    }
  }

  void forget(RoutingContext ctx) {
    if (!CsrfTokens.valid(ctx)) {
      expired(ctx);
      return;
    }
    hosts.delete(ctx.pathParam("host")).onComplete(ok -> UiPages.seeOther(ctx, "/git-hosts?saved=1"),
        failure -> send(ctx, PageErrors.status(failure), null, PageErrors.problems(failure), false));
  }

  /** @param typedHost the host as the refused form had it, shown again (the token never is) */
  private void send(RoutingContext ctx, int status, String typedHost, List<FieldProblem> problems, boolean saved) {
    hosts.list().onComplete(listing -> {
      JsonArray rows = new JsonArray();
      listing.hosts().forEach(h -> rows.add(new JsonObject().put("host", h.host()).put("source", h.source())
          .put("updatedAt", h.updatedAt()).put("fromUi", "ui".equals(h.source()))));
      JsonArray errors = new JsonArray(problems.stream().map(p -> new JsonObject()
          .put("field", p.field().equals("token") ? "Token" : p.field().equals("host") ? "Host" : "Git hosts")
          .put("message", p.message()).put("anchor", p.field().equals("token") ? "git-token" : "git-host")).toList());
      pages.send(ctx, status, "git-hosts", "gitHosts", "Git hosts", new JsonObject().put("hosts", rows)
          .put("locked", listing.locked()).put("typedHost", typedHost).put("errors", errors).put("saved", saved));
    }, ctx::fail);
  }

  private void expired(RoutingContext ctx) {
    pages.send(ctx, 403, "message", "gitHosts", "Form expired", new JsonObject()
        .put("heading", "This form has expired")
        .put("text", "The form's security token did not match. Reload the page and submit it again.")
        .put("link", "/git-hosts").put("linkText", "Reload"));
  }
}
