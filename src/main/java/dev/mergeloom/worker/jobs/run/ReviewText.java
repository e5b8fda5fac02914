package dev.mergeloom.worker.jobs.run;

import dev.mergeloom.worker.forge.ReviewRequest;
import dev.mergeloom.worker.jobs.model.JobEnvelope;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Optional;

/**
 * The title and body of a job's review request, from its ticket and record: the model's
 * summary, the validation results, the changed files, tokens and cost, and a link to the job's
 * audit page when the worker knows its public address. A job whose advisory validation failed
 * opens a draft. Markdown, which every supported forge renders.
 */
final class ReviewText {
  /** The most changed files listed; the rest are counted. */
  static final int MAX_FILES = 50;
  private static final int MAX_TITLE = 250;

  private ReviewText() {}

  static ReviewRequest of(JobEnvelope envelope, JsonObject record, String branch, String targetBranch,
      Optional<java.net.URI> publicUrl) {
    JsonObject result = record.getJsonObject("result", new JsonObject());
    JobEnvelope.Ticket ticket = envelope.ticket();
    String title = ticket.key() + ": " + ticket.title();
    if (title.length() > MAX_TITLE) {
      title = title.substring(0, MAX_TITLE - 1) + "…";
    }
    JsonArray validation = result.getJsonArray("validation", new JsonArray());
    boolean failed = validation.stream().anyMatch(v -> v instanceof JsonObject o && !o.getBoolean("passed", true));
    boolean draft = failed && "advisory".equals(envelope.workRepository().validationMode());
    StringBuilder body = new StringBuilder();
    String summary = result.getString("summary");
    body.append("## ").append(ticket.key()).append(": ").append(ticket.title()).append("\n\n");
    JsonObject guard = result.getJsonObject("diffGuard");
    if (guard != null && !guard.getBoolean("passed", true)) {
      // An advisory guard let the change through: the request says so before anything else.
      body.append("> ⚠️ **Needs attention.** The diff guard (advisory) found:\n");
      guard.getJsonArray("rules", new JsonArray()).forEach(r -> body.append("> - ")
          .append(((JsonObject) r).getString("detail")).append("\n"));
      body.append("\n");
    }
    body.append(summary == null || summary.isBlank() ? "_The model gave no summary._" : summary.strip()).append("\n");
    if (result.getString("continuedFrom") != null) {
      body.append("\nThis run continued the branch from ").append(shortCommit(result.getString("continuedFrom")))
          .append(".\n");
    }
    validation(body, validation, draft);
    files(body, result.getJsonArray("changedFiles", new JsonArray()));
    usage(body, result.getJsonArray("stages", new JsonArray()));
    body.append("\n---\nMergeLoom job `").append(record.getString("id")).append("`");
    publicUrl.ifPresent(url -> body.append(" · [audit](").append(url.toString().replaceAll("/+$", ""))
        .append("/audit/").append(record.getString("id")).append(")"));
    body.append(" · ").append(record.getString("provider", "?")).append(", ").append(record.getString("model", "?"))
        .append("\n");
    return new ReviewRequest(title, body.toString(), branch, targetBranch, draft);
  }

  private static void validation(StringBuilder body, JsonArray validation, boolean draft) {
    body.append("\n### Validation\n\n");
    if (validation.isEmpty()) {
      body.append("No validation commands ran.\n");
      return;
    }
    for (Object v : validation) {
      JsonObject o = (JsonObject) v;
      body.append("- ").append(o.getBoolean("passed", false) ? "✅" : "❌").append(" `")
          .append(o.getString("command", "").replace("`", "'")).append("` (").append(o.getString("kind", "validation"))
          .append(", exit ").append(o.getValue("exitCode")).append(")\n");
    }
    if (draft) {
      body.append("\nValidation is advisory for this repository and failed: this request is a draft.\n");
    }
  }

  private static void files(StringBuilder body, JsonArray changed) {
    body.append("\n### Changed files (").append(changed.size()).append(")\n\n");
    changed.stream().limit(MAX_FILES).forEach(f -> body.append("- `").append(String.valueOf(f).replace("`", "'"))
        .append("`\n"));
    if (changed.size() > MAX_FILES) {
      body.append("- … and ").append(changed.size() - MAX_FILES).append(" more\n");
    }
  }

  private static void usage(StringBuilder body, JsonArray stages) {
    long in = 0;
    long out = 0;
    double cost = 0;
    boolean priced = false;
    for (Object s : stages) {
      JsonObject o = (JsonObject) s;
      in += o.getLong("inputTokens", 0L);
      out += o.getLong("outputTokens", 0L);
      if (o.getValue("costEstimate") instanceof Number n) {
        cost += n.doubleValue();
        priced = true;
      }
    }
    body.append("\n### Usage\n\n").append(String.format(Locale.ROOT, "%,d input and %,d output tokens", in, out));
    body.append(priced ? String.format(Locale.ROOT, ", about $%.4f", cost) : ", cost unknown for this model")
        .append(" over ").append(stages.size()).append(" session(s)\n");
  }

  private static String shortCommit(String commit) {
    return commit.length() > 12 ? commit.substring(0, 12) : commit;
  }
}
