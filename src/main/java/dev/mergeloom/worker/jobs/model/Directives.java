package dev.mergeloom.worker.jobs.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ticket directives (contract §3.2): the first {@code [JCA] … [/JCA]} block of the description,
 * one {@code key=value} per line. Unknown keys and malformed lines are kept as warnings on the job.
 */
public record Directives(Map<String, String> values, List<String> warnings) {
  public static final Set<String> KNOWN = Set.of("provider", "model", "work_repos", "context_repos", "context_files",
      "context_folders", "inline_context");
  private static final Pattern BLOCK = Pattern.compile("\\[JCA\\](.*?)\\[/JCA\\]", Pattern.DOTALL);

  public static Directives parse(String description) {
    Map<String, String> values = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    Matcher m = BLOCK.matcher(description == null ? "" : description);
    if (!m.find()) {
      return new Directives(values, warnings);
    }
    for (String raw : m.group(1).split("\\R")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        warnings.add("directive line '" + line + "' ignored: expected key=value");
        continue;
      }
      String key = line.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT);
      String value = line.substring(eq + 1).strip();
      if (!KNOWN.contains(key)) {
        warnings.add("unknown directive '" + key + "' ignored; known: " + String.join(", ", KNOWN.stream().sorted().toList()));
      } else if (values.containsKey(key)) {
        warnings.add("directive '" + key + "' given twice; the first value is used");
      } else {
        values.put(key, value);
      }
    }
    return new Directives(values, warnings);
  }

  /** Already-resolved directives from the envelope: only unknown keys are warned about. */
  public static Directives resolved(Map<String, String> given) {
    Map<String, String> values = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    given.forEach((k, v) -> {
      if (KNOWN.contains(k)) {
        values.put(k, v);
      } else {
        warnings.add("unknown directive '" + k + "' ignored");
      }
    });
    return new Directives(values, warnings);
  }

  public List<String> list(String key) {
    String v = values.get(key);
    return v == null || v.isBlank() ? List.of()
        : java.util.Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
