package dev.mergeloom.worker.jobs.loop;

import dev.mergeloom.worker.jobs.workspace.CommandRunner;
import dev.mergeloom.worker.jobs.workspace.WorkspacePaths;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.process.ManagedProcess;
import dev.mergeloom.worker.provider.Message.ToolResult;
import dev.mergeloom.worker.provider.ToolCall;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file tools one call at a time, in a real work tree: what the model reads back, including
 * every refusal, which must say what to send instead. Commands and the diff need git and the
 * sandbox; the job tests cover them.
 */
class JobToolsTest {
  @TempDir Path root;
  private final Vertx vertx = Vertx.vertx();
  private final AtomicInteger writes = new AtomicInteger();
  private JobTools tools;

  @BeforeEach
  void workTree() throws Exception {
    Files.writeString(root.resolve("calc.py"), "def add(a, b):\n    return a - b\n\n\ndef sub(a, b):\n    return a - b\n");
    Files.createDirectories(root.resolve("pkg"));
    Files.writeString(root.resolve("pkg/util.py"), "ANSWER = 42\n");
    Files.createDirectories(root.resolve(".git"));
    Files.writeString(root.resolve(".git/config"), "[core]\n");
    JobTools.CommandHooks hooks = new JobTools.CommandHooks() {
      @Override
      public void started(ManagedProcess process) {}

      @Override
      public void writing() {
        writes.incrementAndGet();
      }

      @Override
      public void line(String line) {}

      @Override
      public void finished(CommandRunner.Outcome outcome, String stage) {}
    };
    tools = new JobTools(vertx, new WorkspacePaths(root), null, null, "HEAD", hooks);
  }

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private ToolResult call(String name, JsonObject args) {
    return tools.execute(new ToolCall("c1", name, args.encode()), "implementation").await();
  }

  @Test
  void listAndSearchSeeTheWorkTreeButNotGit() {
    ToolResult listed = call("list_files", new JsonObject());
    assertThat(listed.isError()).isFalse();
    assertThat(listed.content().lines()).containsExactly("calc.py", "pkg/util.py");

    ToolResult found = call("search", new JsonObject().put("pattern", "return a - b|core"));
    assertThat(found.content().lines()).containsExactly("calc.py:2:     return a - b", "calc.py:6:     return a - b");
    assertThat(call("search", new JsonObject().put("pattern", "nothing-like-this")).content()).isEqualTo("(no matches)");
    ToolResult badPattern = call("search", new JsonObject().put("pattern", "(unclosed"));
    assertThat(badPattern.isError()).isTrue();
    assertThat(badPattern.content()).contains("pattern: not a valid regular expression");
  }

  @Test
  void readFileNumbersLinesAndReadsARange() {
    assertThat(call("read_file", new JsonObject().put("path", "calc.py").put("start_line", 5).put("end_line", 6))
        .content()).isEqualTo("5\tdef sub(a, b):\n6\t    return a - b\n");
    assertThat(call("read_file", new JsonObject().put("path", "calc.py").put("start_line", 40)).content())
        .isEqualTo("(empty range: the file has 6 lines)");
    ToolResult directory = call("read_file", new JsonObject().put("path", "pkg"));
    assertThat(directory.isError()).isTrue();
    assertThat(directory.content()).contains("'pkg' is not a file");
  }

  @Test
  void editFileReplacesOneUniqueOccurrenceAndSaysWhatToDoOtherwise() throws Exception {
    ToolResult twice = call("edit_file", new JsonObject().put("path", "calc.py").put("old_text", "return a - b")
        .put("new_text", "return a + b"));
    assertThat(twice.isError()).isTrue();
    assertThat(twice.content()).contains("more than once").contains("include more surrounding lines");
    ToolResult missing = call("edit_file", new JsonObject().put("path", "calc.py").put("old_text", "return a * b")
        .put("new_text", "x"));
    assertThat(missing.content()).contains("was not found").contains("copy the text exactly");
    String before = Files.readString(root.resolve("calc.py"));
    assertThat(before).as("a refused edit leaves the file as it was").contains("def add(a, b):\n    return a - b");

    ToolResult edited = call("edit_file", new JsonObject().put("path", "calc.py")
        .put("old_text", "def add(a, b):\n    return a - b").put("new_text", "def add(a, b):\n    return a + b"));
    assertThat(edited.isError()).isFalse();
    assertThat(Files.readString(root.resolve("calc.py"))).isEqualTo(
        "def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n");
    assertThat(writes.get()).as("each write tool tells the job it may have changed files").isEqualTo(3);
  }

  @Test
  void writeFileCreatesDirectoriesAndRefusesWhatIsNotText() throws Exception {
    ToolResult wrote = call("write_file", new JsonObject().put("path", "docs/new.md").put("content", "a\nb\n"));
    assertThat(wrote.content()).isEqualTo("wrote docs/new.md (2 lines)");
    assertThat(Files.readString(root.resolve("docs/new.md"))).isEqualTo("a\nb\n");
    ToolResult notText = call("write_file", new JsonObject().put("path", "x.txt").put("content", 7));
    assertThat(notText.isError()).isTrue();
    assertThat(notText.content()).contains("content: expected the file's text as a string");
    assertThat(root.resolve("x.txt")).doesNotExist();
  }

  @Test
  void argumentsThatAreNotAnObjectAndUnknownToolsAreErrorsThatSayWhatIsExpected() {
    ToolResult garbled = tools.execute(new ToolCall("c2", "read_file", "[\"calc.py\""), "implementation").await();
    assertThat(garbled.isError()).isTrue();
    assertThat(garbled.content()).contains("not a JSON object").contains("send an object");
    ToolResult unknown = call("delete_everything", new JsonObject());
    assertThat(unknown.isError()).isTrue();
    assertThat(unknown.content()).contains("unknown tool 'delete_everything'").contains("read_file");
  }
}
