package dev.mergeloom.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The project's habits, checked by the build: no source file over 400 lines (main and test), and
 * a {@code package-info.java} saying what each main package is for.
 */
class SourceRulesTest {
  private static final int MAX_LINES = 400;

  private static List<Path> javaFiles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }

  @Test
  void noSourceFileIsOver400Lines() throws IOException {
    List<String> tooLong = new java.util.ArrayList<>();
    for (Path root : List.of(Path.of("src/main/java"), Path.of("src/test/java"))) {
      for (Path file : javaFiles(root)) {
        long lines;
        try (Stream<String> all = Files.lines(file)) {
          lines = all.count();
        }
        if (lines > MAX_LINES) {
          tooLong.add(file + " (" + lines + " lines)");
        }
      }
    }
    assertThat(tooLong).as("split these by what their parts do").isEmpty();
  }

  @Test
  void everyMainPackageSaysWhatItIsFor() throws IOException {
    List<Path> missing = javaFiles(Path.of("src/main/java")).stream().map(Path::getParent).distinct()
        .filter(dir -> !Files.exists(dir.resolve("package-info.java"))).toList();
    assertThat(missing).as("packages without package-info.java").isEmpty();
  }
}
