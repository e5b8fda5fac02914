package dev.mergeloom.worker.jobs.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Configured command lines become argv with quotes only: nothing a shell would do happens. */
class CommandLineTest {
  @Test
  void wordsAreSplitOnAnyWhitespace() {
    assertThat(CommandLine.split("  python3 -m\tpytest   -q ")).containsExactly("python3", "-m", "pytest", "-q");
    assertThat(CommandLine.split("")).isEmpty();
    assertThat(CommandLine.split("   ")).isEmpty();
  }

  @Test
  void quotesGroupAndAreRemovedAndAnEmptyQuotedWordIsKept() {
    assertThat(CommandLine.split("pytest -k 'add and not slow' \"tests/a b.py\""))
        .containsExactly("pytest", "-k", "add and not slow", "tests/a b.py");
    assertThat(CommandLine.split("git commit -m ''")).containsExactly("git", "commit", "-m", "");
    assertThat(CommandLine.split("a'b c'd")).containsExactly("ab cd");
  }

  @Test
  void insideDoubleQuotesOnlyAQuoteOrABackslashIsEscaped() {
    assertThat(CommandLine.split("echo \"say \\\"hi\\\" \\\\ \\n\"")).containsExactly("echo", "say \"hi\" \\ \\n");
    assertThat(CommandLine.split("echo 'it''s'")).containsExactly("echo", "its");
  }

  @Test
  void shellSyntaxStaysLiteral() {
    assertThat(CommandLine.split("echo $HOME *.py | rm -rf / ; true > out && x"))
        .containsExactly("echo", "$HOME", "*.py", "|", "rm", "-rf", "/", ";", "true", ">", "out", "&&", "x");
  }

  @Test
  void anUnclosedQuoteIsAnErrorNamingIt() {
    assertThatThrownBy(() -> CommandLine.split("pytest -k 'add")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unclosed ' quote").hasMessageContaining("pytest -k 'add");
    assertThatThrownBy(() -> CommandLine.split("echo \"x")).hasMessageContaining("unclosed \" quote");
  }
}
