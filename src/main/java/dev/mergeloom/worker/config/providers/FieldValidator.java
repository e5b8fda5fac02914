package dev.mergeloom.worker.config.providers;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks one field value against its type. Messages say what is expected and never repeat the
 * value: a secret (or a secret pasted into the wrong field) must not come back in an error.
 */
public final class FieldValidator {
  private static final int MAX_TEXT = 2048;
  private static final int MAX_SECRET = 64 * 1024;
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
  private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}]");
  private static final Pattern WHITESPACE_OR_CONTROL = Pattern.compile("[\\s\\p{Cntrl}]");
  /** The PKCS#8 PEM header, split so secret scanners do not take this line for a key. */
  private static final String PKCS8_PEM_HEADER = "-----BEGIN " + "PRIVATE KEY-----";

  private FieldValidator() {}

  /** Returns a problem description, or empty when the value is acceptable. */
  public static Optional<String> check(FieldSpec field, String value) {
    return switch (field.type()) {
      case TEXT -> text(value);
      case URL -> url(value);
      case CHOICE -> field.choices().contains(value)
          ? Optional.empty()
          : Optional.of("expected one of " + String.join(", ", field.choices()));
      case REGION -> REGION.matcher(value).matches()
          ? Optional.empty()
          : Optional.of("expected an AWS region name such as us-east-1");
      case PATH -> value.startsWith("/") && !CONTROL.matcher(value).find()
          ? Optional.empty()
          : Optional.of("expected an absolute file path");
      case SECRET -> secret(value);
      case SERVICE_ACCOUNT_JSON -> serviceAccountJson(value);
      case MODEL_ALIASES -> modelAliases(value);
    };
  }

  private static Optional<String> text(String value) {
    if (value.length() > MAX_TEXT) {
      return Optional.of("expected at most " + MAX_TEXT + " characters");
    }
    if (CONTROL.matcher(value).find()) {
      return Optional.of("expected a single line without control characters");
    }
    return Optional.empty();
  }

  private static Optional<String> url(String value) {
    String expected = "expected an absolute http:// or https:// URL with a host";
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        return Optional.of(expected);
      }
      if (uri.getUserInfo() != null) {
        return Optional.of("expected a URL without user:password (put credentials in the key fields)");
      }
      return Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.of(expected);
    }
  }

  private static Optional<String> secret(String value) {
    if (value.length() > MAX_SECRET) {
      return Optional.of("expected at most " + MAX_SECRET + " characters");
    }
    if (WHITESPACE_OR_CONTROL.matcher(value).find()) {
      return Optional.of("expected no spaces or line breaks (check for a stray newline when pasting)");
    }
    return Optional.empty();
  }

  private static Optional<String> serviceAccountJson(String value) {
    if (value.length() > MAX_SECRET) {
      return Optional.of("expected a service account key file of at most 64 KiB");
    }
    JsonObject json;
    try {
      json = new JsonObject(value);
    } catch (DecodeException | ClassCastException e) {
      // The decoder's own message quotes the input: never pass it on.
      return Optional.of("expected the JSON of a Google service account key file; this is not a JSON object");
    }
    if (!"service_account".equals(json.getValue("type"))) {
      return Optional.of("expected \"type\": \"service_account\" (a service account key file, not a user or ADC file)");
    }
    for (String key : new String[] {"client_email", "private_key", "private_key_id"}) {
      Object v = json.getValue(key);
      if (!(v instanceof String s) || s.isBlank()) {
        return Optional.of("expected the key \"" + key + "\" in the service account JSON");
      }
    }
    if (!json.getString("private_key").contains(PKCS8_PEM_HEADER)) {
      return Optional.of("expected \"private_key\" to hold a PEM private key (" + PKCS8_PEM_HEADER + ")");
    }
    Object tokenUri = json.getValue("token_uri");
    if (tokenUri != null && (!(tokenUri instanceof String s) || url(s).isPresent())) {
      return Optional.of("expected \"token_uri\" to be an http(s) URL");
    }
    return Optional.empty();
  }

  private static Optional<String> modelAliases(String value) {
    String expected = "expected a JSON object of alias to model id, e.g. {\"sonnet\": \"claude-sonnet-4-5\"}";
    JsonObject json;
    try {
      json = new JsonObject(value);
    } catch (DecodeException | ClassCastException e) {
      return Optional.of(expected);
    }
    for (String alias : json.fieldNames()) {
      if (!ALIAS.matcher(alias).matches()) {
        return Optional.of("expected alias names of letters, digits, '.', '_', ':' or '-' (at most 64)");
      }
      if (!(json.getValue(alias) instanceof String model) || model.isBlank() || text(model).isPresent()) {
        return Optional.of(expected);
      }
    }
    return Optional.empty();
  }
}
