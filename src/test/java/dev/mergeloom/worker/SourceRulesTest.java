package dev.mergeloom.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The project's habits, checked by the build: no source file over 400 lines (main and test), a
 * {@code package-info.java} saying what each main package is for, and every provider field key
 * and auth method id spelled once.
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

  /**
   * A field key or an auth method written out in the code that reads settings is a second
   * spelling that a rename in the catalog would miss: they are named through {@code Fields} and
   * {@code AuthMethods} (the wire codecs' JSON keys, such as "model", are not provider fields).
   */
  @Test
  void providerFieldKeysAndAuthMethodsAreSpelledOnce() throws IOException {
    java.util.Set<String> keys = new java.util.HashSet<>();
    for (var spec : dev.mergeloom.worker.config.providers.ProviderCatalog.all()) {
      spec.fields().forEach(f -> keys.add(f.key()));
    }
    java.util.Set<String> methods = new java.util.HashSet<>();
    for (var spec : dev.mergeloom.worker.config.providers.ProviderCatalog.all()) {
      spec.authMethods().forEach(m -> methods.add(m.id()));
    }
    java.util.regex.Pattern fieldUse = java.util.regex.Pattern.compile(
        "\\.(value|field|fields\\(\\)\\.get|equals|of|onlyFor)\\(\"(\\w+)\"");
    java.util.regex.Pattern methodUse = java.util.regex.Pattern.compile(
        "case \"(\\w+)\" ->|\"(\\w+)\"\\.equals\\(|\\.equals\\(\"(\\w+)\"\\)|new AuthMethod\\(\"(\\w+)\"");
    List<String> spelled = new java.util.ArrayList<>();
    for (Path file : javaFiles(Path.of("src/main/java"))) {
      if (file.getFileName().toString().matches("Fields\\.java|AuthMethods\\.java") || file.toString().contains("/wire/")) {
        continue;
      }
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        var fields = fieldUse.matcher(lines.get(i));
        while (fields.find()) {
          if (keys.contains(fields.group(2))) {
            spelled.add(file + ":" + (i + 1) + " field " + fields.group(2));
          }
        }
        var auth = methodUse.matcher(lines.get(i));
        while (auth.find()) {
          for (int g = 1; g <= auth.groupCount(); g++) {
            if (auth.group(g) != null && methods.contains(auth.group(g))) {
              spelled.add(file + ":" + (i + 1) + " auth method " + auth.group(g));
            }
          }
        }
      }
    }
    assertThat(spelled).as("name these through config.providers.Fields and AuthMethods").isEmpty();
  }
}
