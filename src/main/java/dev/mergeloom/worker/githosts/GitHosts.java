package dev.mergeloom.worker.githosts;

import dev.mergeloom.worker.bus.Addresses;
import dev.mergeloom.worker.bus.Bus;
import dev.mergeloom.worker.config.FieldProblem;
import dev.mergeloom.worker.config.InvalidSettingsException;
import dev.mergeloom.worker.config.SecretValue;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The git hosts' tokens as the rest of the worker asks for them (over the bus, from their owner). */
public final class GitHosts {
  private final Vertx vertx;

  GitHosts(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<GitHostsVerticle.Listing> list() {
    return Bus.request(vertx, Addresses.GIT_HOSTS_LIST, "");
  }

  /** Stores {@code body.token} for {@code host}; bad input names its field. */
  public Future<GitHostsVerticle.Host> put(String host, JsonObject body) {
    String h = GitHostNames.host(host).orElseThrow(() -> new InvalidSettingsException(List.of(
        new FieldProblem("host", GitHostNames.HOST_EXPECTED))));
    for (String key : body.fieldNames()) {
      if (!key.equals("token")) {
        throw new InvalidSettingsException(List.of(new FieldProblem(key, "unknown property; expected token")));
      }
    }
    SecretValue token = GitHostNames.token(body.getValue("token"), "token");
    return Bus.request(vertx, Addresses.GIT_HOSTS_PUT, new GitHostsVerticle.Put(h, token));
  }

  /** @return whether the host had a token */
  public Future<Boolean> delete(String host) {
    Optional<String> h = GitHostNames.host(host);
    return h.isEmpty() ? Future.succeededFuture(false) : Bus.request(vertx, Addresses.GIT_HOSTS_DELETE, h.get());
  }

  /** The token stored for a clone URL's host, if any. */
  public Future<Optional<SecretValue>> tokenFor(String cloneUrl) {
    Optional<String> host = cloneUrl == null ? Optional.empty() : GitHostNames.ofUrl(cloneUrl);
    return host.isEmpty() ? Future.succeededFuture(Optional.empty()) : Bus.request(vertx, Addresses.GIT_HOSTS_TOKEN, host.get());
  }

  /**
   * A job's body with each URL repository that carries no {@code accessToken} given its host's
   * stored token, in memory only (the record never keeps a token). The body is not changed.
   */
  public Future<JsonObject> fill(JsonObject body) {
    if (!(body.getValue("repositories") instanceof JsonArray repos)) {
      return Future.succeededFuture(body);
    }
    JsonObject filled = body.copy();
    JsonArray copies = filled.getJsonArray("repositories");
    List<Future<?>> lookups = new ArrayList<>();
    for (int i = 0; i < repos.size(); i++) {
      if (copies.getValue(i) instanceof JsonObject repo && repo.getValue("url") instanceof String url
          && repo.getValue("accessToken") == null) {
        lookups.add(tokenFor(url).onSuccess(token -> token.ifPresent(t -> repo.put("accessToken", t.reveal()))));
      }
    }
    return Future.all(lookups).map(filled);
  }
}
