package dev.mergeloom.worker.jobs.run;

import dev.mergeloom.worker.config.RuntimeValues.DiffGuardSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * The gate before a change is committed and published, with no model: how many files and lines
 * it changes, whether it touches a protected path (CI workflows, lockfiles, keys and certificates,
 * git's own configuration files) or adds a binary file. In mode {@code required} a breach stops
 * the job ({@code blocked}, {@code diff_guard}, naming each rule that fired); in {@code advisory}
 * the change goes ahead and its review request says it needs attention.
 */
final class DiffGuard {
  private DiffGuard() {}

  /**
   * @param numstat {@code git diff --cached --numstat -z --no-renames}: "added\tdeleted\tpath\0"
   *     per file, "-\t-\tpath" for a binary one
   * @return {@code {"mode", "passed", "files", "lines", "rules": [{"rule", "detail"}]}}
   */
  static JsonObject check(DiffGuardSettings settings, String numstat) {
    List<String[]> files = new ArrayList<>();
    for (String entry : numstat.split("\u0000")) {
      String[] f = entry.split("\t", 3);
      if (f.length == 3) {
        files.add(f);
      }
    }
    long lines = 0;
    JsonArray rules = new JsonArray();
    List<PathMatcher> patterns = settings.protectedPaths().stream().map(DiffGuard::matcher).toList();
    for (String[] f : files) {
      boolean binary = f[0].equals("-") && f[1].equals("-");
      lines += binary ? 0 : Long.parseLong(f[0]) + Long.parseLong(f[1]);
      String path = f[2];
      for (int i = 0; i < patterns.size(); i++) {
        if (matches(patterns.get(i), settings.protectedPaths().get(i), path)) {
          rules.add(rule("protected_path", path + " matches the protected pattern " + settings.protectedPaths().get(i)));
          break;
        }
      }
      if (binary && !settings.allowBinary()) {
        rules.add(rule("binary_file", path + " is a binary file"));
      }
    }
    if (files.size() > settings.maxFiles()) {
      rules.add(rule("max_files", files.size() + " files changed; the most allowed is " + settings.maxFiles()));
    }
    if (lines > settings.maxLines()) {
      rules.add(rule("max_lines", lines + " lines changed; the most allowed is " + settings.maxLines()));
    }
    return new JsonObject().put("mode", settings.mode()).put("passed", rules.isEmpty()).put("files", files.size())
        .put("lines", lines).put("rules", rules);
  }

  /** The rules that fired, as the job's reason: "diff guard: a, b". */
  static String reason(JsonObject verdict) {
    return "diff guard: " + String.join("; ", verdict.getJsonArray("rules").stream()
        .map(r -> ((JsonObject) r).getString("detail")).toList());
  }

  private static JsonObject rule(String rule, String detail) {
    return new JsonObject().put("rule", rule).put("detail", detail);
  }

  private static PathMatcher matcher(String pattern) {
    return FileSystems.getDefault().getPathMatcher("glob:" + pattern);
  }

  /** A pattern without a slash matches a file name at any depth; with one, the path from the root. */
  private static boolean matches(PathMatcher matcher, String pattern, String path) {
    Path p = Path.of(path);
    return pattern.contains("/") ? matcher.matches(p) : p.getFileName() != null && matcher.matches(p.getFileName());
  }
}
