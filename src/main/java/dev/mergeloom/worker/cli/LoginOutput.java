package dev.mergeloom.worker.cli;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what the CLIs print during a login (clis.md): ANSI colours stripped; Codex's device URL
 * and one-time code on the lines after their headings; Claude's sign-in URL anywhere; the
 * success and failure lines of both.
 */
final class LoginOutput {
  private static final Pattern ANSI = Pattern.compile("\\u001B\\[[0-9;?]*[A-Za-z]");
  private static final Pattern URL = Pattern.compile("https?://\\S+");
  private static final Pattern CLAUDE_URL = Pattern.compile("https?://\\S+/oauth/authorize\\?\\S+");
  private static final Pattern DEVICE_CODE = Pattern.compile("[A-Z0-9]{3,}(?:-[A-Z0-9]{3,})+");

  private LoginOutput() {}

  static String strip(String line) {
    return ANSI.matcher(line).replaceAll("").strip();
  }

  /** Codex device login: remembers which heading came last, so the next line is read as its value. */
  static final class Codex {
    private String expecting;
    private String url;
    private String code;

    void accept(String raw) {
      String line = strip(raw);
      if (line.startsWith("Open this link") || line.contains("Open this link in your browser")) {
        expecting = "url";
        return;
      }
      if (line.contains("Enter this one-time code")) {
        expecting = "code";
        return;
      }
      // stdout and stderr arrive interleaved: a line that is not the value (the CLI's warning on
      // stderr, say) leaves the heading waiting for its value.
      if ("url".equals(expecting)) {
        Matcher m = URL.matcher(line);
        if (m.find()) {
          url = m.group();
          expecting = null;
        }
      } else if ("code".equals(expecting)) {
        Matcher m = DEVICE_CODE.matcher(line);
        if (m.find()) {
          code = m.group();
          expecting = null;
        }
      }
    }

    Optional<String> url() {
      return Optional.ofNullable(url);
    }

    Optional<String> code() {
      return Optional.ofNullable(code);
    }
  }

  static Optional<String> claudeUrl(String raw) {
    Matcher m = CLAUDE_URL.matcher(strip(raw));
    return m.find() ? Optional.of(m.group()) : Optional.empty();
  }

  static boolean codexSucceeded(String raw) {
    return strip(raw).contains("Successfully logged in");
  }

  static Optional<String> codexFailure(String raw) {
    String line = strip(raw);
    return line.startsWith("Error logging in") ? Optional.of(line) : Optional.empty();
  }

  /** Contains, not starts with: it follows the prompt, which ends without a line break. */
  static boolean claudeSucceeded(String raw) {
    return strip(raw).contains("Login successful");
  }

  static Optional<String> claudeFailure(String raw) {
    String line = strip(raw);
    int at = line.indexOf("Login failed");
    return at >= 0 ? Optional.of(line.substring(at)) : Optional.empty();
  }

  /** Claude keeps waiting after a bad paste; the message is shown and the user may paste again. */
  static Optional<String> claudeBadCode(String raw) {
    String line = strip(raw);
    for (String start : new String[] {"Invalid code", "That doesn't look like the full code"}) {
      int at = line.indexOf(start);
      if (at >= 0) {
        return Optional.of(line.substring(at));
      }
    }
    return Optional.empty();
  }
}
