package dev.mergeloom.worker.jobs.workspace;

import dev.mergeloom.worker.jobs.model.Directives;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the model is told besides the ticket: context repositories (their instructions and file
 * list), the work repository's instructions (the first of MERGELOOM.md, AGENTS.md, CLAUDE.md,
 * CODEX.md), the directive's context files and folders, and inline context, each capped so a
 * huge file cannot crowd out the task. Blocking (file reads).
 */
public final class JobContext {
  static final List<String> INSTRUCTION_FILES = List.of("MERGELOOM.md", "AGENTS.md", "CLAUDE.md", "CODEX.md");
  static final int FILE_CAP = 20_000;
  static final int TOTAL_CAP = 100_000;
  static final int LISTING_CAP = 200;

  private JobContext() {}

  /** The context section of the task, and warnings for what could not be included. */
  public record Built(String text, List<String> warnings) {}

  /** A context repository checked out beside the work repository: read for the prompt, never changed. */
  public record ContextRepository(String alias, String source, Path checkout) {}

  public static Built build(WorkspacePaths work, Directives directives, List<ContextRepository> contextRepositories) {
    StringBuilder out = new StringBuilder();
    List<String> warnings = new ArrayList<>();
    for (ContextRepository repo : contextRepositories) {
      out.append("## Context repository ").append(repo.alias()).append(" (").append(repo.source())
          .append(", read-only, not in your workspace)\n\n");
      for (String name : INSTRUCTION_FILES) {
        Path file = repo.checkout().resolve(name);
        if (Files.isRegularFile(file)) {
          out.append("### ").append(name).append("\n\n").append(read(file)).append("\n\n");
          break;
        }
      }
      try (var walk = Files.walk(repo.checkout())) {
        out.append("### Files\n\n");
        walk.filter(Files::isRegularFile).map(p -> repo.checkout().relativize(p).toString().replace('\\', '/'))
            .filter(p -> !p.startsWith(".git/")).sorted().limit(LISTING_CAP)
            .forEach(p -> out.append("- ").append(p).append('\n'));
        out.append('\n');
      } catch (java.io.IOException e) {
        warnings.add("context repository " + repo.alias() + " could not be listed: " + e.getMessage());
      }
    }
    for (String name : INSTRUCTION_FILES) {
      Path file = work.root().resolve(name);
      if (Files.isRegularFile(file)) {
        out.append("## Repository instructions (").append(name).append(")\n\n").append(read(file)).append("\n\n");
        break;
      }
    }
    for (String rel : directives.list("context_files")) {
      try {
        Path file = work.resolve(rel);
        if (!Files.isRegularFile(file)) {
          warnings.add("context file " + rel + " not found");
          continue;
        }
        out.append("## Context file ").append(work.display(file)).append("\n\n").append(read(file)).append("\n\n");
      } catch (RuntimeException e) {
        warnings.add("context file " + rel + " skipped: " + e.getMessage());
      }
    }
    for (String rel : directives.list("context_folders")) {
      try {
        Path dir = work.resolve(rel);
        if (!Files.isDirectory(dir)) {
          warnings.add("context folder " + rel + " not found");
          continue;
        }
        out.append("## Files in ").append(work.display(dir)).append("\n\n");
        try (var walk = Files.walk(dir)) {
          walk.filter(Files::isRegularFile).map(work::display).filter(p -> !p.startsWith(".git")).sorted()
              .limit(LISTING_CAP).forEach(p -> out.append("- ").append(p).append('\n'));
        }
        out.append('\n');
      } catch (RuntimeException | java.io.IOException e) {
        warnings.add("context folder " + rel + " skipped: " + e.getMessage());
      }
    }
    String inline = directives.values().get("inline_context");
    if (inline != null && !inline.isBlank()) {
      out.append("## Inline context\n\n").append(cap(inline, FILE_CAP)).append("\n\n");
    }
    if (out.length() > TOTAL_CAP) {
      warnings.add("context cut to " + TOTAL_CAP + " characters");
    }
    return new Built(cap(out.toString(), TOTAL_CAP), warnings);
  }

  private static String read(Path file) {
    try {
      return cap(Files.readString(file, StandardCharsets.UTF_8), FILE_CAP);
    } catch (java.io.IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  public static String cap(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "\n[… cut at " + max + " characters]";
  }
}
