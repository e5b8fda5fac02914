package dev.mergeloom.worker.forge;

import dev.mergeloom.worker.config.SecretValue;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Azure Repos' pull requests API (Git 7.1). A personal access token goes as Basic with an empty
 * user, as Azure DevOps wants it; an Entra ID access token (a JWT, as workload identity gives
 * one) as Bearer. A pull request's description holds at most 4000 characters.
 */
final class AzureReposDialect implements ForgeDialect {
  private static final String VERSION = "api-version=7.1";
  private static final int MAX_BODY = 4000;

  @Override
  public MultiMap headers(SecretValue token) {
    String t = token.reveal();
    String value = t.startsWith("eyJ") ? "Bearer " + t
        : "Basic " + Base64.getEncoder().encodeToString((":" + t).getBytes(StandardCharsets.UTF_8));
    return MultiMap.caseInsensitiveMultiMap().add("Authorization", value);
  }

  @Override
  public Call find(ForgeTarget target, ReviewRequest request) {
    return new Call(HttpMethod.GET, target.url("/pullrequests?searchCriteria.sourceRefName="
        + URLEncoder.encode("refs/heads/" + request.sourceBranch(), StandardCharsets.UTF_8)
        + "&searchCriteria.status=active&$top=1&" + VERSION), null);
  }

  @Override
  public Optional<Found> found(Object answer) {
    return answer instanceof JsonObject page && page.getValue("value") instanceof JsonArray list && !list.isEmpty()
        ? Optional.of(found(list.getJsonObject(0))) : Optional.empty();
  }

  @Override
  public Call create(ForgeTarget target, ReviewRequest request) {
    return new Call(HttpMethod.POST, target.url("/pullrequests?" + VERSION), new JsonObject()
        .put("sourceRefName", "refs/heads/" + request.sourceBranch())
        .put("targetRefName", "refs/heads/" + request.targetBranch()).put("title", request.title())
        .put("description", request.bodyWithin(MAX_BODY)).put("isDraft", request.draft()));
  }

  @Override
  public Call update(ForgeTarget target, Found existing, ReviewRequest request) {
    return new Call(HttpMethod.PATCH, target.url("/pullrequests/" + existing.number() + "?" + VERSION),
        new JsonObject().put("title", request.title()).put("description", request.bodyWithin(MAX_BODY)));
  }

  @Override
  public Found opened(ForgeTarget target, Object answer) {
    return found((JsonObject) answer);
  }

  /** The web page: the repository's {@code webUrl} (or clone {@code remoteUrl}) and /pullrequest/{id}. */
  private static Found found(JsonObject pr) {
    long id = pr.getLong("pullRequestId");
    JsonObject repo = pr.getJsonObject("repository", new JsonObject());
    String web = repo.getString("webUrl", repo.getString("remoteUrl"));
    return new Found(id, web == null ? null : web + "/pullrequest/" + id);
  }
}
