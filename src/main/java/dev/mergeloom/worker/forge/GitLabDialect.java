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
 * GitLab's merge requests API (v4), on gitlab.com and self-managed instances. A draft is a title
 * that starts with "Draft:", as GitLab has it; the token goes in {@code PRIVATE-TOKEN}, which
 * takes personal, project and group access tokens.
 */
final class GitLabDialect implements ForgeDialect {
  private static final int MAX_BODY = 1_048_576;

  @Override
  public MultiMap headers(SecretValue token) {
    return MultiMap.caseInsensitiveMultiMap().add("PRIVATE-TOKEN", token.reveal());
  }

  @Override
  public Call find(ForgeTarget target, ReviewRequest request) {
    return new Call(HttpMethod.GET, target.url("/merge_requests?state=opened&source_branch="
        + URLEncoder.encode(request.sourceBranch(), StandardCharsets.UTF_8) + "&per_page=1"), null);
  }

  @Override
  public Optional<Found> found(Object answer) {
    return answer instanceof JsonArray list && !list.isEmpty() && list.getValue(0) instanceof JsonObject mr
        ? Optional.of(new Found(mr.getLong("iid"), mr.getString("web_url"))) : Optional.empty();
  }

  @Override
  public Call create(ForgeTarget target, ReviewRequest request) {
    return new Call(HttpMethod.POST, target.url("/merge_requests"), new JsonObject()
        .put("source_branch", request.sourceBranch()).put("target_branch", request.targetBranch())
        .put("title", title(request)).put("description", request.bodyWithin(MAX_BODY)));
  }

  @Override
  public Call update(ForgeTarget target, Found existing, ReviewRequest request) {
    return new Call(HttpMethod.PUT, target.url("/merge_requests/" + existing.number()),
        new JsonObject().put("title", title(request)).put("description", request.bodyWithin(MAX_BODY)));
  }

  @Override
  public Found opened(ForgeTarget target, Object answer) {
    JsonObject mr = (JsonObject) answer;
    return new Found(mr.getLong("iid"), mr.getString("web_url"));
  }

  private static String title(ReviewRequest request) {
    return request.draft() ? "Draft: " + request.title() : request.title();
  }
}
