package dev.mergeloom.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.config.Variables;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The docs keep up with the code: every variable the worker reads is documented. */
class DocsTest {
  @Test
  void everyVariableIsInTheConfigurationPage() throws Exception {
    String page = Files.readString(Path.of("docs/configuration.md"));
    assertThat(Variables.known().keySet()).allSatisfy(name -> assertThat(page).contains("`" + name + "`"));
  }

  @Test
  void readmeOpensWithTheStartAndTestCommandsAndCiRunsTheTestCommand() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int firstBlock = readme.indexOf("```sh");
    String block = readme.substring(firstBlock, readme.indexOf("```", firstBlock + 5));
    assertThat(block).contains("bash scripts/start.sh").contains("bash scripts/test.sh");
    assertThat(Files.readString(Path.of(".ci/run"))).contains("bash scripts/test.sh");
  }

  /** The reference folder beside the checkout is for developers only; no user has it. */
  @Test
  void nothingInTheBuildReadsTheReferenceFolderBesideTheRepository() throws Exception {
    String outside = ".." + "/shared";
    for (String root : new String[] {"src", "bench", "scripts", ".ci"}) {
      try (var files = Files.walk(Path.of(root))) {
        files.filter(Files::isRegularFile).forEach(file -> {
          try {
            assertThat(Files.readString(file)).as("%s refers to %s", file, outside).doesNotContain(outside);
          } catch (java.nio.charset.MalformedInputException binary) {
            // a binary file (a screenshot, say) names no path
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
      }
    }
    assertThat(Files.readString(Path.of("pom.xml"))).doesNotContain(outside);
  }
}
