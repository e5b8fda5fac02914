package dev.mergeloom.worker.jobs.loop;

import dev.mergeloom.worker.jobs.workspace.CommandRunner;
import dev.mergeloom.worker.jobs.workspace.Git;
import dev.mergeloom.worker.jobs.workspace.JobContext;
import dev.mergeloom.worker.jobs.workspace.WorkspacePaths;
import dev.mergeloom.worker.provider.Message.ToolResult;
import dev.mergeloom.worker.provider.ToolCall;
import dev.mergeloom.worker.provider.ToolSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * The tools a model gets in a job (contract §3.5) and their execution. Every failure becomes a
 * tool result marked as an error, so the model sees it and the loop goes on; file work runs on
 * worker threads.
 */
public final class JobTools {
  public static final String FINAL = "final_result";
  static final int READ_LIMIT = 60_000;
  /** The most of any tool result the model is sent (show_diff of a huge file, say). */
  static final int MAX_RESULT = 100_000;
  static final int MAX_MATCHES = 200;
  static final int MAX_LISTED = 1_000;
  static final long MAX_SEARCHED_FILE = 1_000_000;

  private final Vertx vertx;
  private final WorkspacePaths paths;
  private final CommandRunner commands;
  private final CommandHooks hooks;
  private final Git git;
  private final String baseCommit;

  /** What the job wants to see of commands: each process (for cancel), each line, each outcome. */
  public interface CommandHooks {
    void started(dev.mergeloom.worker.process.ManagedProcess process);

    /** A tool is about to write to the workspace (so the job must look for changes at the end). */
    void writing();

    void line(String line);

    void finished(CommandRunner.Outcome outcome, String stage);
  }

  public JobTools(Vertx vertx, WorkspacePaths paths, CommandRunner commands, Git git, String baseCommit,
      CommandHooks hooks) {
    this.vertx = vertx;
    this.paths = paths;
    this.commands = commands;
    this.git = git;
    this.baseCommit = baseCommit;
    this.hooks = hooks;
  }

  public static List<ToolSpec> specs() {
    return List.of(
        tool("list_files", "List files under a directory of the repository (recursive, .git excluded).",
            props().put("path", str("directory relative to the repository root; default: the root")), List.of()),
        tool("read_file", "Read a text file, optionally a range of lines (1-based, inclusive). Lines are numbered.",
            props().put("path", str("file path relative to the repository root"))
                .put("start_line", integer("first line to return")).put("end_line", integer("last line to return")),
            List.of("path")),
        tool("search", "Search file contents with a Java regular expression; answers path:line: text.",
            props().put("pattern", str("regular expression")).put("path", str("directory or file to search; default: the root")),
            List.of("pattern")),
        tool("write_file", "Create or overwrite a file with the given content.",
            props().put("path", str("file path relative to the repository root")).put("content", str("the whole new content")),
            List.of("path", "content")),
        tool("edit_file", "Replace one exact, unique occurrence of old_text with new_text in a file.",
            props().put("path", str("file path relative to the repository root"))
                .put("old_text", str("text that occurs exactly once in the file")).put("new_text", str("replacement")),
            List.of("path", "old_text", "new_text")),
        tool("run_command", "Run an allowed command (argv, no shell) in the repository root; answers the exit code and output.",
            props().put("argv", new JsonObject().put("type", "array").put("items", new JsonObject().put("type", "string"))
                .put("description", "the executable and its arguments, e.g. [\"python3\", \"-m\", \"pytest\", \"-q\"]")),
            List.of("argv")),
        tool("show_diff", "Show the changes made so far as a unified diff.", props(), List.of()),
        tool(FINAL, "Finish the job: status completed when the task is done, blocked when it cannot be done.",
            props().put("status", new JsonObject().put("type", "string").put("enum", new JsonArray().add("completed").add("blocked")))
                .put("summary", str("what was changed and why, or what blocks the task")),
            List.of("status", "summary")));
  }

  /** Executes one call; never fails (errors become error results). */
  public Future<ToolResult> execute(ToolCall call, String stage) {
    JsonObject args = call.arguments();
    if (args == null) {
      return Future.succeededFuture(error(call, "the arguments are not a JSON object: "
          + abbreviate(call.rawArguments(), 200) + "; send an object matching the tool's parameters"));
    }
    Future<String> answer;
    try {
      answer = switch (call.name()) {
        case "list_files" -> blocking(() -> listFiles(args));
        case "read_file" -> blocking(() -> readFile(args));
        case "search" -> blocking(() -> search(args));
        case "write_file" -> {
          hooks.writing();
          yield blocking(() -> writeFile(args));
        }
        case "edit_file" -> {
          hooks.writing();
          yield blocking(() -> editFile(args));
        }
        case "run_command" -> runCommand(args, stage);
        case "show_diff" -> diff();
        default -> Future.failedFuture(new IllegalArgumentException("unknown tool '" + call.name() + "'; the tools are "
            + String.join(", ", specs().stream().map(ToolSpec::name).toList())));
      };
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    // Every result is bounded before it goes into the history and the next request.
    return answer.map(text -> new ToolResult(call.id(), call.name(), JobContext.cap(text, MAX_RESULT), false))
        .otherwise(e -> error(call, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
  }

  /** The staged diff against the job's starting commit (untracked files included). */
  public Future<String> diff() {
    return git.run(paths.root(), "add", "-A").compose(v -> git.run(paths.root(), "diff", "--cached", baseCommit))
        .map(d -> d.isEmpty() ? "(no changes yet)" : d);
  }

  private Future<String> runCommand(JsonObject args, String stage) {
    Object raw = args.getValue("argv");
    if (!(raw instanceof JsonArray a) || a.isEmpty() || !a.stream().allMatch(v -> v instanceof String)) {
      return Future.failedFuture(new IllegalArgumentException("argv: expected a non-empty array of strings"));
    }
    List<String> argv = a.stream().map(String::valueOf).toList();
    return commands.run(argv, paths.root(), hooks::started, hooks::line).map(outcome -> {
      hooks.finished(outcome, stage);
      return (outcome.timedOut() ? "timed out (the process tree was stopped)\n" : "exit code " + outcome.exitCode() + "\n")
          + outcome.output();
    });
  }

  private String listFiles(JsonObject args) throws IOException {
    Path dir = args.getString("path") == null ? paths.root() : paths.resolve(args.getString("path"));
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("'" + args.getString("path") + "' is not a directory");
    }
    List<String> out = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(p -> !p.equals(dir)).filter(p -> !paths.display(p).startsWith(".git"))
          .filter(Files::isRegularFile).limit(MAX_LISTED + 1L).forEach(p -> out.add(paths.display(p)));
    }
    java.util.Collections.sort(out);
    return out.size() > MAX_LISTED ? String.join("\n", out.subList(0, MAX_LISTED)) + "\n[… more files not shown]"
        : out.isEmpty() ? "(no files)" : String.join("\n", out);
  }

  private String readFile(JsonObject args) throws IOException {
    Path file = paths.resolve(args.getString("path"));
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("'" + args.getString("path") + "' is not a file");
    }
    // Read as a stream with a bounded line length, never the whole file: a repository (or a
    // command) can leave a file of gigabytes, or one line that long, in the work tree.
    int start = Math.max(1, intArg(args, "start_line", 1));
    int end = intArg(args, "end_line", Integer.MAX_VALUE);
    StringBuilder out = new StringBuilder();
    int n = 0;
    try (var in = Files.newInputStream(file)) {
      var lines = new dev.mergeloom.worker.process.BoundedLines(in, MAX_LINE_CHARS);
      String line;
      while (n < end && (line = lines.next()) != null) {
        n++;
        if (n < start) {
          continue;
        }
        out.append(n).append('\t').append(line).append('\n');
        if (out.length() > READ_LIMIT) {
          return out.append("[… stopped at line ").append(n).append(" (").append(Files.size(file))
              .append(" bytes in the file); read further with start_line]\n").toString();
        }
      }
    }
    return out.length() == 0 ? "(empty range: the file has " + n + " lines)" : out.toString();
  }

  /** The longest line read_file shows; a longer one is cut and marked. */
  static final int MAX_LINE_CHARS = 4_000;

  private String search(JsonObject args) throws IOException {
    Pattern pattern;
    try {
      pattern = Pattern.compile(String.valueOf(args.getValue("pattern")));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("pattern: not a valid regular expression: " + e.getDescription());
    }
    Path base = args.getString("path") == null ? paths.root() : paths.resolve(args.getString("path"));
    List<String> matches = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(base)) {
      for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)
          .filter(p -> !paths.display(p).startsWith(".git")).sorted()::iterator) {
        if (Files.size(file) > MAX_SEARCHED_FILE) {
          continue;
        }
        List<String> lines;
        try {
          lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException binary) {
          continue;
        }
        for (int i = 0; i < lines.size() && matches.size() < MAX_MATCHES; i++) {
          if (pattern.matcher(lines.get(i)).find()) {
            matches.add(paths.display(file) + ":" + (i + 1) + ": " + abbreviate(lines.get(i), 300));
          }
        }
      }
    }
    return matches.isEmpty() ? "(no matches)" : String.join("\n", matches)
        + (matches.size() >= MAX_MATCHES ? "\n[… stopped at " + MAX_MATCHES + " matches]" : "");
  }

  private String writeFile(JsonObject args) throws IOException {
    Path file = paths.resolve(args.getString("path"));
    Object content = args.getValue("content");
    if (!(content instanceof String text)) {
      throw new IllegalArgumentException("content: expected the file's text as a string");
    }
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException("'" + args.getString("path") + "' is a directory");
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return "wrote " + paths.display(file) + " (" + text.lines().count() + " lines)";
  }

  private String editFile(JsonObject args) throws IOException {
    Path file = paths.resolve(args.getString("path"));
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("'" + args.getString("path") + "' is not a file; use write_file to create it");
    }
    String oldText = args.getString("old_text");
    String newText = args.getString("new_text");
    if (oldText == null || oldText.isEmpty() || newText == null) {
      throw new IllegalArgumentException("old_text and new_text: expected strings, old_text not empty");
    }
    String content = Files.readString(file, StandardCharsets.UTF_8);
    int first = content.indexOf(oldText);
    if (first < 0) {
      throw new IllegalArgumentException("old_text was not found in " + paths.display(file)
          + "; read the file and copy the text exactly, whitespace included");
    }
    if (content.indexOf(oldText, first + 1) >= 0) {
      throw new IllegalArgumentException("old_text occurs more than once in " + paths.display(file)
          + "; include more surrounding lines so it is unique");
    }
    Files.writeString(file, content.substring(0, first) + newText + content.substring(first + oldText.length()),
        StandardCharsets.UTF_8);
    return "edited " + paths.display(file);
  }

  private interface Blocking {
    String call() throws Exception;
  }

  private Future<String> blocking(Blocking work) {
    return vertx.executeBlocking(work::call, false);
  }

  private static int intArg(JsonObject args, String key, int fallback) {
    Object v = args.getValue(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Number n) {
      return n.intValue();
    }
    try {
      return Integer.parseInt(String.valueOf(v).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": expected a whole number");
    }
  }

  private static ToolResult error(ToolCall call, String message) {
    return new ToolResult(call.id(), call.name(), "error: " + message, true);
  }

  static String abbreviate(String s, int max) {
    if (s == null) {
      return "null";
    }
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }

  private static JsonObject props() {
    return new JsonObject();
  }

  private static JsonObject str(String description) {
    return new JsonObject().put("type", "string").put("description", description);
  }

  private static JsonObject integer(String description) {
    return new JsonObject().put("type", "integer").put("description", description);
  }

  private static ToolSpec tool(String name, String description, JsonObject properties, List<String> required) {
    return new ToolSpec(name, description, new JsonObject().put("type", "object").put("properties", properties)
        .put("required", new JsonArray(required)));
  }
}
