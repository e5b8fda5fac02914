package dev.mergeloom.worker.forge;

import dev.mergeloom.worker.config.SecretValue;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Gitea's and Forgejo's pulls API (v1). The open request for a branch is asked by base and head
 * (repoGetPullRequestByBaseHead, routed as {@code /pulls/{base}/*}, so a head such as
 * {@code mergeloom/KEY} keeps its slash); a draft is a title that starts with "WIP:", Gitea's
 * default work-in-progress prefix, since its create option has no draft field.
 */
final class GiteaDialect implements ForgeDialect {
  private static final int MAX_BODY = 65_536;

  @Override
  public MultiMap headers(SecretValue token) {
    return MultiMap.caseInsensitiveMultiMap().add("Authorization", "token " + token.reveal());
  }

  @Override
  public Call find(ForgeTarget target, ReviewRequest request) {
    return new Call(HttpMethod.GET, target.url("/pulls/" + segment(request.targetBranch()) + "/"
        + Arrays.stream(request.sourceBranch().split("/")).map(GiteaDialect::segment).collect(Collectors.joining("/"))),
        null);
  }

  @Override
  public Optional<Found> found(Object answer) {
    return answer instanceof JsonObject pr && "open".equals(pr.getString("state"))
        ? Optional.of(new Found(pr.getLong("number"), pr.getString("html_url"))) : Optional.empty();
  }

  @Override
  public Call create(ForgeTarget target, ReviewRequest request) {
    return new Call(HttpMethod.POST, target.url("/pulls"), new JsonObject().put("head", request.sourceBranch())
        .put("base", request.targetBranch()).put("title", title(request)).put("body", request.bodyWithin(MAX_BODY)));
  }

  @Override
  public Call update(ForgeTarget target, Found existing, ReviewRequest request) {
    return new Call(HttpMethod.PATCH, target.url("/pulls/" + existing.number()),
        new JsonObject().put("title", title(request)).put("body", request.bodyWithin(MAX_BODY)));
  }

  @Override
  public Found opened(ForgeTarget target, Object answer) {
    JsonObject pr = (JsonObject) answer;
    return new Found(pr.getLong("number"), pr.getString("html_url"));
  }

  private static String title(ReviewRequest request) {
    return request.draft() ? "WIP: " + request.title() : request.title();
  }

  private static String segment(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
