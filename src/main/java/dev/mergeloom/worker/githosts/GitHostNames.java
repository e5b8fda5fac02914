package dev.mergeloom.worker.githosts;

import dev.mergeloom.worker.config.FieldProblem;
import dev.mergeloom.worker.config.InvalidSettingsException;
import dev.mergeloom.worker.config.SecretValue;
import dev.mergeloom.worker.config.WorkerVariables;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a git host is called ({@code github.com}, {@code git.example.com:8443}), the host of a
 * clone URL, and the deployment's {@code JCA_GIT_CREDENTIALS}: one {@code host=token} per line
 * ({@code #} comments and blank lines skipped), or a JSON object of host to token.
 */
public final class GitHostNames {
  private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?");
  /** A token goes into an HTTP header: no whitespace or control characters, and not absurdly long. */
  private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]{1,4096}");
  public static final String HOST_EXPECTED = "expected a host name such as github.com or git.example.com:8443 "
      + "(no scheme, user or path)";

  private GitHostNames() {}

  /** The host name as stored, or empty when it is not one. */
  public static Optional<String> host(String given) {
    String h = given == null ? "" : given.strip().toLowerCase(Locale.ROOT);
    return HOST.matcher(h).matches() ? Optional.of(h) : Optional.empty();
  }

  /** The host[:port] of an http(s) clone URL, which is what a token is stored under; empty for others. */
  public static Optional<String> ofUrl(String cloneUrl) {
    try {
      URI uri = URI.create(cloneUrl);
      if (uri.getHost() == null || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
        return Optional.empty();
      }
      return host(uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : ""));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Checks a token's form; the message never repeats it. */
  public static SecretValue token(Object given, String field) {
    if (!(given instanceof String s) || !TOKEN.matcher(s).matches()) {
      throw new InvalidSettingsException(List.of(new FieldProblem(field, "expected the host's access token: 1 to 4096 "
          + "printable characters without spaces")));
    }
    return new SecretValue(s);
  }

  /**
   * Reads {@code JCA_GIT_CREDENTIALS}. Every problem names the line (or key) and what is expected;
   * no token appears in a message.
   */
  public static Map<String, SecretValue> deployed(String value) {
    Map<String, SecretValue> out = new LinkedHashMap<>();
    if (value == null || value.isBlank()) {
      return out;
    }
    String v = value.strip();
    String name = WorkerVariables.GIT_CREDENTIALS;
    if (v.startsWith("{")) {
      JsonObject json;
      try {
        json = new JsonObject(v);
      } catch (RuntimeException e) {
        throw new dev.mergeloom.worker.config.ConfigException(List.of(name + ": not a JSON object; expected "
            + "{\"github.com\": \"<token>\"} or one host=token per line"));
      }
      for (String key : json.fieldNames()) {
        put(out, key, json.getValue(key), name + " key '" + safe(key) + "'");
      }
      return out;
    }
    String[] lines = v.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw new dev.mergeloom.worker.config.ConfigException(List.of(name + " line " + (i + 1) + ": expected host=token"));
      }
      put(out, line.substring(0, eq), line.substring(eq + 1).strip(), name + " line " + (i + 1));
    }
    return out;
  }

  private static void put(Map<String, SecretValue> out, String rawHost, Object token, String where) {
    Optional<String> host = host(rawHost);
    if (host.isEmpty()) {
      throw new dev.mergeloom.worker.config.ConfigException(List.of(where + ": '" + safe(rawHost) + "' is not a host; "
          + HOST_EXPECTED));
    }
    if (!(token instanceof String s) || !TOKEN.matcher(s).matches()) {
      throw new dev.mergeloom.worker.config.ConfigException(List.of(where + ": the token for " + host.get()
          + " is empty or holds spaces; expected the host's access token"));
    }
    out.put(host.get(), new SecretValue(s));
  }

  /** A host as typed, cut and without control characters, for a message. */
  private static String safe(String text) {
    String t = text.replaceAll("\\p{Cntrl}", "?");
    return t.length() > 80 ? t.substring(0, 80) + "…" : t;
  }
}
