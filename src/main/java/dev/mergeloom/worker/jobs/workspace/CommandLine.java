package dev.mergeloom.worker.jobs.workspace;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a configured command line ("python3 -m pytest -q") into argv the way a user expects,
 * with single and double quotes, and nothing else: no variables, globs, pipes or redirections,
 * because no shell ever sees it.
 */
public final class CommandLine {
  private CommandLine() {}

  public static List<String> split(String line) {
    List<String> argv = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == '\\' && quote == '"' && i + 1 < line.length() && (line.charAt(i + 1) == '"'
            || line.charAt(i + 1) == '\\')) {
          current.append(line.charAt(++i));
        } else {
          current.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          argv.add(current.toString());
          current.setLength(0);
          inWord = false;
        }
      } else {
        current.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("unclosed " + quote + " quote in: " + line);
    }
    if (inWord) {
      argv.add(current.toString());
    }
    return argv;
  }
}
