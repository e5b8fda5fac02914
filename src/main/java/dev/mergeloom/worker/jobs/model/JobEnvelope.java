package dev.mergeloom.worker.jobs.model;

import dev.mergeloom.worker.config.FieldProblem;
import dev.mergeloom.worker.config.InvalidSettingsException;
import dev.mergeloom.worker.config.SecretValue;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A job as submitted (contract §2.5, §3.3): the ticket, resolved directives if any, and the
 * repositories. Parsing reports every problem with the field's path, e.g.
 * {@code repositories[0].validationMode}.
 */
public record JobEnvelope(Ticket ticket, Map<String, String> directives, List<Repository> repositories) {

  public record Ticket(String key, String title, String description) {}

  /**
   * One repository; {@code accessToken} lives only in memory (never stored or logged).
   *
   * @param publish where a completed job's branch goes: {@code branch} (pushed to the URL's
   *     remote, or into the local repository), or {@code none} (it stays in the workspace)
   * @param forge where the review request is opened for a URL repository: a forge's name, or
   *     null to follow the URL's host ({@code dev.mergeloom.worker.forge.Forge#NAMES})
   * @param apiUrl the forge's API base URL when it is not where the clone URL suggests, or null
   */
  public record Repository(String alias, String url, String path, String defaultBranch, Optional<SecretValue> accessToken,
      String role, List<String> setupCommands, List<String> validationCommands, String validationMode,
      String provider, String model, String publish, String forge, String apiUrl) {

    public static final String PUBLISH_BRANCH = "branch";
    public static final String PUBLISH_NONE = "none";

    /** The same repository, checked out at {@code branch} (a ticket's branch that already exists). */
    public Repository at(String branch) {
      return new Repository(alias, url, path, branch, accessToken, role, setupCommands, validationCommands, validationMode,
          provider, model, publish, forge, apiUrl);
    }

    public boolean isWork() {
      return "work".equals(role);
    }

    /** Where the code comes from, for records and pages (a URL's credentials removed). */
    public String source() {
      return url != null ? url.replaceAll("//[^/@]+@", "//") : path;
    }
  }

  private static final java.util.regex.Pattern TICKET_KEY = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final java.util.regex.Pattern ALIAS = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  public static JobEnvelope parse(JsonObject body) {
    List<FieldProblem> problems = new ArrayList<>();
    for (String key : body.fieldNames()) {
      if (!List.of("ticket", "directives", "repositories").contains(key)) {
        problems.add(new FieldProblem(key, "unknown property; expected ticket, directives and repositories"));
      }
    }
    Ticket ticket = ticket(body.getValue("ticket"), problems);
    Map<String, String> directives = directives(body.getValue("directives"), problems);
    List<Repository> repositories = repositories(body.getValue("repositories"), problems);
    if (!problems.isEmpty()) {
      throw new InvalidSettingsException(problems);
    }
    return new JobEnvelope(ticket, directives, repositories);
  }

  private static Ticket ticket(Object raw, List<FieldProblem> problems) {
    if (!(raw instanceof JsonObject t)) {
      problems.add(new FieldProblem("ticket", "expected an object with key, title and description"));
      return null;
    }
    String key = string(t, "key", "ticket.key", problems, true);
    if (key != null && !TICKET_KEY.matcher(key).matches()) {
      problems.add(new FieldProblem("ticket.key", "expected letters, digits, '.', '_' or '-' (it names the branch "
          + "mergeloom/<key>), at most 64 characters"));
    }
    String title = string(t, "title", "ticket.title", problems, true);
    String description = string(t, "description", "ticket.description", problems, false);
    return new Ticket(key, title, description == null ? "" : description);
  }

  private static Map<String, String> directives(Object raw, List<FieldProblem> problems) {
    if (raw == null) {
      return null;
    }
    if (!(raw instanceof JsonObject d)) {
      problems.add(new FieldProblem("directives", "expected an object of directive to value"));
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    d.forEach(e -> {
      if (e.getValue() instanceof String || e.getValue() instanceof Number || e.getValue() instanceof Boolean) {
        out.put(e.getKey(), String.valueOf(e.getValue()));
      } else if (e.getValue() instanceof JsonArray a) {
        out.put(e.getKey(), String.join(",", a.stream().map(String::valueOf).toList()));
      } else if (e.getValue() != null) {
        problems.add(new FieldProblem("directives." + e.getKey(), "expected a string"));
      }
    });
    return out;
  }

  private static List<Repository> repositories(Object raw, List<FieldProblem> problems) {
    if (!(raw instanceof JsonArray list) || list.isEmpty()) {
      problems.add(new FieldProblem("repositories", "expected a non-empty array of repositories"));
      return List.of();
    }
    List<Repository> out = new ArrayList<>();
    java.util.Set<String> aliases = new java.util.HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "repositories[" + i + "]";
      if (!(list.getValue(i) instanceof JsonObject r)) {
        problems.add(new FieldProblem(at, "expected an object"));
        continue;
      }
      String url = string(r, "url", at + ".url", problems, false);
      String path = string(r, "path", at + ".path", problems, false);
      if ((url == null) == (path == null)) {
        problems.add(new FieldProblem(at + ".url", "expected exactly one of url (a clone URL) or path (a local repository)"));
      }
      if (url != null && !url.matches("(https?|ssh|git|file)://\\S+|[\\w.-]+@[\\w.-]+:\\S+")) {
        problems.add(new FieldProblem(at + ".url", "expected a clone URL such as https://host/org/repo.git"));
      }
      String alias = Optional.ofNullable(string(r, "alias", at + ".alias", problems, false)).orElse("repo" + i);
      if (!ALIAS.matcher(alias).matches()) {
        problems.add(new FieldProblem(at + ".alias", "expected letters, digits, '.', '_' or '-'"));
      } else if (!aliases.add(alias)) {
        problems.add(new FieldProblem(at + ".alias", "used twice; expected a unique alias per repository"));
      }
      String role = Optional.ofNullable(string(r, "role", at + ".role", problems, false)).orElse(i == 0 ? "work" : "context");
      if (!List.of("work", "context").contains(role)) {
        problems.add(new FieldProblem(at + ".role", "expected work or context"));
      }
      String mode = Optional.ofNullable(string(r, "validationMode", at + ".validationMode", problems, false))
          .orElse("required");
      if (!List.of("off", "advisory", "required").contains(mode)) {
        problems.add(new FieldProblem(at + ".validationMode", "expected off, advisory or required"));
      }
      Optional<SecretValue> token = Optional.ofNullable(string(r, "accessToken", at + ".accessToken", problems, false))
          .map(SecretValue::new);
      String publish = Optional.ofNullable(string(r, "publish", at + ".publish", problems, false))
          .orElse(Repository.PUBLISH_BRANCH);
      if (!List.of(Repository.PUBLISH_BRANCH, Repository.PUBLISH_NONE).contains(publish)) {
        problems.add(new FieldProblem(at + ".publish", "expected branch (push the job's branch) or none (keep it in the workspace)"));
      }
      String forge = string(r, "forge", at + ".forge", problems, false);
      String apiUrl = string(r, "apiUrl", at + ".apiUrl", problems, false);
      if (forge != null && !dev.mergeloom.worker.forge.Forge.isName(forge)) {
        problems.add(new FieldProblem(at + ".forge", "expected " + dev.mergeloom.worker.forge.Forge.NAMES));
      }
      if (apiUrl != null && !apiUrl.matches("https?://[^\\s/]+(/\\S*)?")) {
        problems.add(new FieldProblem(at + ".apiUrl", "expected the forge's API base URL, such as "
            + "https://github.example.com/api/v3"));
      }
      if ((forge != null || apiUrl != null) && url == null) {
        problems.add(new FieldProblem(at + (forge != null ? ".forge" : ".apiUrl"), "applies to a repository given by url; "
            + "a local path gets its branch and no review request"));
      }
      if (url != null && (forge == null || dev.mergeloom.worker.forge.Forge.isName(forge))) {
        try {
          dev.mergeloom.worker.forge.ForgeTarget.of(url, forge, apiUrl);
        } catch (IllegalArgumentException e) {
          problems.add(new FieldProblem(at + ".url", e.getMessage()));
        }
      }
      out.add(new Repository(alias, url, path, string(r, "defaultBranch", at + ".defaultBranch", problems, false), token,
          role, commands(r, "setupCommands", at, problems), commands(r, "validationCommands", at, problems), mode,
          string(r, "provider", at + ".provider", problems, false), string(r, "model", at + ".model", problems, false),
          publish, forge, apiUrl));
    }
    if (!problems.stream().anyMatch(p -> p.field().startsWith("repositories"))
        && out.stream().noneMatch(Repository::isWork)) {
      problems.add(new FieldProblem("repositories", "expected at least one repository with role work"));
    }
    return out;
  }

  private static List<String> commands(JsonObject r, String key, String at, List<FieldProblem> problems) {
    Object raw = r.getValue(key);
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof JsonArray a) || !a.stream().allMatch(v -> v instanceof String s && !s.isBlank())) {
      problems.add(new FieldProblem(at + "." + key, "expected an array of command lines such as \"python3 -m pytest -q\""));
      return List.of();
    }
    return a.stream().map(String::valueOf).toList();
  }

  private static String string(JsonObject o, String key, String path, List<FieldProblem> problems, boolean required) {
    Object v = o.getValue(key);
    if (v == null || (v instanceof String s && s.isBlank())) {
      if (required) {
        problems.add(new FieldProblem(path, "required; expected a string"));
      }
      return null;
    }
    if (!(v instanceof String s)) {
      problems.add(new FieldProblem(path, "expected a string"));
      return null;
    }
    return s.strip();
  }

  /**
   * The envelope as an executor receives it over the cluster API: the submitted form, access
   * tokens included (the cluster API carries secrets to token holders only).
   */
  public JsonObject toWire() {
    JsonArray repos = new JsonArray();
    for (Repository r : repositories) {
      JsonObject o = new JsonObject().put("alias", r.alias()).put("role", r.role())
          .put("setupCommands", new JsonArray(r.setupCommands())).put("validationCommands", new JsonArray(r.validationCommands()))
          .put("validationMode", r.validationMode()).put("publish", r.publish());
      if (r.url() != null) {
        o.put("url", r.url());
      } else {
        o.put("path", r.path());
      }
      if (r.defaultBranch() != null) {
        o.put("defaultBranch", r.defaultBranch());
      }
      r.accessToken().ifPresent(t -> o.put("accessToken", t.reveal()));
      if (r.provider() != null) {
        o.put("provider", r.provider());
      }
      if (r.model() != null) {
        o.put("model", r.model());
      }
      if (r.forge() != null) {
        o.put("forge", r.forge());
      }
      if (r.apiUrl() != null) {
        o.put("apiUrl", r.apiUrl());
      }
      repos.add(o);
    }
    JsonObject out = new JsonObject().put("ticket", new JsonObject().put("key", ticket.key()).put("title", ticket.title())
        .put("description", ticket.description())).put("repositories", repos);
    if (directives != null) {
      out.put("directives", new JsonObject(new java.util.LinkedHashMap<>(directives)));
    }
    return out;
  }

  /** The first work repository. */
  public Repository workRepository() {
    return repositories.stream().filter(Repository::isWork).findFirst().orElseThrow();
  }
}
