package dev.mergeloom.worker.forge;

import dev.mergeloom.worker.config.SecretValue;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * GitHub's REST pulls API (pulls/list, pulls/create, pulls/update), on github.com and GitHub
 * Enterprise Server alike. A draft cannot be set by pulls/update, so a continuation keeps the
 * draft state its request was opened with.
 */
final class GitHubDialect implements ForgeDialect {
  /** GitHub's limit of a pull request's body. */
  private static final int MAX_BODY = 65_536;

  @Override
  public MultiMap headers(SecretValue token) {
    return MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + token.reveal())
        .add("Accept", "application/vnd.github+json").add("X-GitHub-Api-Version", "2022-11-28");
  }

  @Override
  public Call find(ForgeTarget target, ReviewRequest request) {
    String owner = target.repository().substring(0, target.repository().indexOf('/'));
    String head = URLEncoder.encode(owner + ":" + request.sourceBranch(), StandardCharsets.UTF_8);
    return new Call(HttpMethod.GET, target.url("/pulls?state=open&head=" + head + "&per_page=1"), null);
  }

  @Override
  public Optional<Found> found(Object answer) {
    return answer instanceof JsonArray list && !list.isEmpty() && list.getValue(0) instanceof JsonObject pr
        ? Optional.of(new Found(pr.getLong("number"), pr.getString("html_url"))) : Optional.empty();
  }

  @Override
  public Call create(ForgeTarget target, ReviewRequest request) {
    return new Call(HttpMethod.POST, target.url("/pulls"), new JsonObject().put("title", request.title())
        .put("head", request.sourceBranch()).put("base", request.targetBranch())
        .put("body", request.bodyWithin(MAX_BODY)).put("draft", request.draft()));
  }

  @Override
  public Call update(ForgeTarget target, Found existing, ReviewRequest request) {
    return new Call(HttpMethod.PATCH, target.url("/pulls/" + existing.number()),
        new JsonObject().put("title", request.title()).put("body", request.bodyWithin(MAX_BODY)));
  }

  @Override
  public Found opened(ForgeTarget target, Object answer) {
    JsonObject pr = (JsonObject) answer;
    return new Found(pr.getLong("number"), pr.getString("html_url"));
  }
}
