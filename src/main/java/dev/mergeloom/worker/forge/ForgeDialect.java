package dev.mergeloom.worker.forge;

import dev.mergeloom.worker.config.SecretValue;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/** One forge's REST calls for review requests, as its published API description gives them. */
interface ForgeDialect {

  /** A call: a method, an absolute URL, and a JSON body or null. */
  record Call(HttpMethod method, String url, JsonObject body) {}

  /** A review request on the forge: its number there and the page a person opens. */
  record Found(long number, String webUrl) {}

  /** The headers that carry the token (and the API version where the forge wants one). */
  MultiMap headers(SecretValue token);

  /** Asks for the open request from {@code request.sourceBranch()}. */
  Call find(ForgeTarget target, ReviewRequest request);

  /** The open request in the answer to {@link #find}; a 404 answer arrives as null. */
  Optional<Found> found(Object answer);

  Call create(ForgeTarget target, ReviewRequest request);

  /** Gives an open request the new title and body (a continuation's, or a retry's). */
  Call update(ForgeTarget target, Found existing, ReviewRequest request);

  /** The request in the answer to {@link #create} or {@link #update}. */
  Found opened(ForgeTarget target, Object answer);

  /** The forge's own words in an error answer, or null when it said none in JSON. */
  static String message(Object answer) {
    if (answer instanceof JsonObject o) {
      Object m = o.getValue("message");
      if (m == null) {
        m = o.getValue("error");
      }
      StringBuilder text = new StringBuilder(m instanceof String s ? s : m == null ? "" : String.valueOf(m));
      // GitHub details a 422 in errors[]: "A pull request already exists for o:branch."
      if (o.getValue("errors") instanceof JsonArray errors) {
        for (Object e : errors) {
          String detail = e instanceof JsonObject d ? d.getString("message", d.getString("code")) : String.valueOf(e);
          if (detail != null) {
            text.append(text.length() > 0 ? "; " : "").append(detail);
          }
        }
      }
      return text.length() == 0 ? null : text.toString();
    }
    return null;
  }

  static ForgeDialect of(Forge forge) {
    return switch (forge) {
      case GITHUB -> new GitHubDialect();
      case GITLAB -> new GitLabDialect();
      case GITEA -> new GiteaDialect();
      case AZURE_REPOS -> new AzureReposDialect();
    };
  }
}
