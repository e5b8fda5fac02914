package dev.mergeloom.worker.web.ui;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The audit page's view of a job record: totals over its stages, the diff as classed lines for
 * colour, each command as a shell would read it, and where the branch lives with the command
 * that fetches it.
 */
final class AuditView {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private AuditView() {}

  /**
   * @param job the record as stored
   * @param workspaceExists whether the job's work tree is still on this machine's disk
   */
  static JsonObject of(JsonObject job, boolean workspaceExists, boolean onExecutor) {
    JsonObject result = job.getJsonObject("result");
    JsonObject view = new JsonObject().put("job", job).put("totals", totals(result))
        .put("running", List.of("queued", "running").contains(job.getString("state")))
        // A job whose publish failed completed its work: its summary is what was validated.
        .put("completed", List.of("completed", "publish_failed").contains(job.getString("state")));
    if (result == null) {
      return view;
    }
    view.put("diffLines", diffLines(result.getString("diff", "")));
    view.put("commands", new JsonArray(result.getJsonArray("commands", new JsonArray()).stream().map(o -> {
      JsonObject c = ((JsonObject) o).copy();
      return c.put("commandLine", commandLine(c.getJsonArray("argv", new JsonArray()).stream().map(String::valueOf)
          .toList()));
    }).toList()));
    view.put("hasPatch", result.getString("patch") != null);
    JsonObject publish = result.getJsonObject("publish");
    if (publish != null) {
      JsonObject shown = publish.copy().put("ok", "published".equals(publish.getString("state")));
      shown.remove("review"); // the request's text, kept for a retry; the page links to the request itself
      if (shown.getValue("reviewRequest") instanceof JsonObject request
          && !String.valueOf(request.getString("url")).matches("https?://\\S+")) {
        request.remove("url"); // a link goes only to a web page, whatever a forge answered
      }
      view.put("publish", shown);
      view.put("publishable", "publish_failed".equals(job.getString("state")));
    }
    String workspace = result.getString("workspace");
    String branch = result.getString("branch");
    String commit = result.getString("commit");
    boolean committed = commit != null && !commit.equals(result.getString("baseCommit"));
    if (workspace != null && branch != null && committed) {
      JsonObject where = new JsonObject().put("path", workspace).put("exists", workspaceExists || onExecutor)
          .put("onExecutor", onExecutor)
          .put("fetch", "git fetch " + commandLine(List.of(workspace)) + " " + branch + ":" + branch);
      JsonArray repos = job.getJsonArray("repositories", new JsonArray());
      if (!repos.isEmpty()) {
        where.put("source", repos.getJsonObject(0).getString("source"));
      }
      view.put("where", where);
    }
    return view;
  }

  static JsonObject totals(JsonObject result) {
    long in = 0;
    long out = 0;
    int calls = 0;
    double cost = 0;
    boolean known = true;
    if (result != null) {
      for (Object o : result.getJsonArray("stages", new JsonArray())) {
        JsonObject s = (JsonObject) o;
        in += s.getLong("inputTokens", 0L);
        out += s.getLong("outputTokens", 0L);
        calls += s.getInteger("toolCalls", 0);
        if (s.getValue("costEstimate") == null) {
          known = false;
        } else {
          cost += s.getDouble("costEstimate");
        }
      }
    }
    return new JsonObject().put("inputTokens", in).put("outputTokens", out).put("toolCalls", calls).put("cost", cost)
        .put("costText", known ? String.format(Locale.ROOT, "$%.4f", cost)
            : "no estimate (model not in conf/model-prices.properties)");
  }

  /** Each line with the class that colours it: added, removed, a hunk header, or a file header. */
  static JsonArray diffLines(String diff) {
    JsonArray lines = new JsonArray();
    if (diff.isEmpty()) {
      return lines;
    }
    for (String line : diff.split("\n", -1)) {
      String kind = line.startsWith("+++") || line.startsWith("---") || line.startsWith("diff --git")
          || line.startsWith("index ") ? "meta" : line.startsWith("@@") ? "hunk" : line.startsWith("+") ? "add"
          : line.startsWith("-") ? "del" : "ctx";
      lines.add(new JsonObject().put("kind", kind).put("text", line));
    }
    return lines;
  }

  /** The argv as a POSIX shell would need it typed: plain words bare, the rest in single quotes. */
  static String commandLine(List<String> argv) {
    StringBuilder out = new StringBuilder();
    for (String arg : argv) {
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(!arg.isEmpty() && PLAIN.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'");
    }
    return out.toString();
  }
}
