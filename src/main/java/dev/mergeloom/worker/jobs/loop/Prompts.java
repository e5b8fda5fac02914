package dev.mergeloom.worker.jobs.loop;

import dev.mergeloom.worker.jobs.model.JobEnvelope;
import dev.mergeloom.worker.jobs.model.JobRecord;
import dev.mergeloom.worker.jobs.workspace.CommandRunner;
import dev.mergeloom.worker.jobs.workspace.JobContext;
import java.util.List;
import java.util.Set;

/** The texts the model reads: the system prompt, the repair task, and the commit message. */
public final class Prompts {
  private Prompts() {}

  static String system(Set<String> allowedCommands) {
    return """
        You are a careful software engineer working on one ticket in a git repository. Use the tools:
        list_files, read_file, search to understand the code; write_file and edit_file to change it;
        run_command to run tests or tools (argv only, no shell; allowed executables: %s); show_diff to
        review your changes. Paths are relative to the repository root. Make the smallest change that
        solves the ticket, keep the code style, and run the tests when there are any. When done, call
        final_result with status "completed" and a short summary of what you changed; if the ticket
        cannot be done, call it with status "blocked" and say why. Do not commit: the worker commits.
        """.formatted(String.join(", ", allowedCommands.stream().sorted().toList()));
  }

  /** A CLI is its own agent: the task plus the worker's rules, in one prompt. */
  static String forCli(String task, Set<String> allowedCommands) {
    return task + "\n\n---\nWork in the current directory, a git repository. Make the smallest change that solves the "
        + "ticket; run the tests when there are any (allowed commands: " + String.join(", ",
            allowedCommands.stream().sorted().toList()) + "). Do not commit: the worker commits. End with a short "
        + "summary of what you changed.";
  }

  public static String repair(List<CommandRunner.Outcome> failures) {
    StringBuilder task = new StringBuilder("The repository's validation failed after your change. Fix the code so "
        + "these commands pass, then call final_result again.\n\n");
    for (CommandRunner.Outcome f : failures) {
      task.append("## ").append(String.join(" ", f.argv())).append(" (exit ").append(f.exitCode())
          .append(f.timedOut() ? ", timed out" : "").append(")\n\n```\n").append(JobContext.cap(f.output(), 12_000))
          .append("\n```\n\n");
    }
    return task.toString();
  }

  /**
   * The task's note when the ticket's branch had earlier work: the run starts from it, and its
   * last commit message says what was done. Empty for a first run.
   */
  public static String continuing(String earlierWork) {
    return earlierWork == null ? "" : "## Earlier work on this ticket\n\nThe work tree is the ticket's branch as an earlier "
        + "run (or a person) left it; build on it rather than starting over. Its last commit says:\n\n"
        + JobContext.cap(earlierWork, 4_000) + "\n\n";
  }

  /** The ticket's description without directive blocks: they are for the worker, not the model. */
  public static String withoutDirectives(String description) {
    return description == null ? "" : description.replaceAll("(?s)\\[JCA\\].*?\\[/JCA\\]", "").strip();
  }

  public static String commitMessage(JobEnvelope envelope, JobRecord record) {
    String summary = record.result().getString("summary");
    return envelope.ticket().key() + ": " + envelope.ticket().title() + (summary == null ? "" : "\n\n" + summary)
        + "\n\nMergeLoom job " + record.id() + " (" + record.provider() + ", " + record.model() + ")";
  }
}
