package dev.mergeloom.worker.web;

import dev.mergeloom.worker.githosts.GitHosts;
import dev.mergeloom.worker.githosts.GitHostsVerticle;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /api/v1/git-credentials}: the hosts that have a token (never the token: write-only),
 * a host's token set or replaced, and removed. Refused with 409 {@code read_only} while
 * {@code JCA_GIT_CREDENTIALS} owns them.
 */
final class GitCredentialsApi {
  private final GitHosts hosts;

  GitCredentialsApi(GitHosts hosts) {
    this.hosts = hosts;
  }

  void mount(Router router) {
    router.get("/api/v1/git-credentials").handler(this::list);
    router.put("/api/v1/git-credentials/:host").handler(JsonBody.HANDLER).handler(this::put);
    router.delete("/api/v1/git-credentials/:host").handler(this::delete);
  }

  private void list(RoutingContext ctx) {
    hosts.list().onComplete(listing -> Responses.json(ctx, 200, render(listing)), failure -> Responses.failure(ctx, failure));
  }

  private void put(RoutingContext ctx) {
    try {
      hosts.put(ctx.pathParam("host"), JsonBody.object(ctx)).onComplete(host -> Responses.json(ctx, 200, render(host)),
          failure -> Responses.failure(ctx, failure));
    } catch (RuntimeException e) {
      Responses.failure(ctx, e);
    }
  }

  private void delete(RoutingContext ctx) {
    hosts.delete(ctx.pathParam("host")).onComplete(had -> {
      if (had) {
        ctx.response().setStatusCode(204).end();
      } else {
        Responses.error(ctx, new ApiError(404, "not_found", "No token is stored for " + ctx.pathParam("host")));
      }
    }, failure -> Responses.failure(ctx, failure));
  }

  static JsonObject render(GitHostsVerticle.Listing listing) {
    JsonArray list = new JsonArray();
    listing.hosts().forEach(h -> list.add(render(h)));
    return new JsonObject().put("hosts", list).put("locked", listing.locked());
  }

  static JsonObject render(GitHostsVerticle.Host host) {
    return new JsonObject().put("host", host.host()).put("source", host.source()).put("updatedAt", host.updatedAt())
        .put("tokenSet", true);
  }
}
