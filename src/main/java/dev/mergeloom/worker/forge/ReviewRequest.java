package dev.mergeloom.worker.forge;

import io.vertx.core.json.JsonObject;

/**
 * What a review request says: its title and body, the branch it merges from and into, and
 * whether it opens as a draft (a job whose advisory validation failed).
 */
public record ReviewRequest(String title, String body, String sourceBranch, String targetBranch, boolean draft) {

  public JsonObject toJson() {
    return new JsonObject().put("title", title).put("body", body).put("sourceBranch", sourceBranch)
        .put("targetBranch", targetBranch).put("draft", draft);
  }

  public static ReviewRequest fromJson(JsonObject json) {
    return new ReviewRequest(json.getString("title"), json.getString("body"), json.getString("sourceBranch"),
        json.getString("targetBranch"), json.getBoolean("draft", false));
  }

  /** The body cut to a forge's limit, saying so at its end. */
  String bodyWithin(int limit) {
    if (body.length() <= limit) {
      return body;
    }
    String note = "\n\n_(cut to " + limit + " characters)_";
    return body.substring(0, limit - note.length()) + note;
  }
}
