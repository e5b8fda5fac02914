package dev.mergeloom.worker.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Real git repositories for job tests, made with the git command line. */
public final class GitRepos {
  private GitRepos() {}

  /** A repository at {@code dir} with these files committed on branch main. */
  public static Path create(Path dir, Map<String, String> files) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    for (var e : files.entrySet()) {
      Path f = dir.resolve(e.getKey());
      Files.createDirectories(f.getParent());
      Files.writeString(f, e.getValue());
    }
    git(dir, "init", "-q", "-b", "main");
    git(dir, "add", "-A");
    git(dir, "-c", "user.name=Test", "-c", "user.email=test@example.invalid", "commit", "-q", "-m", "initial");
    return dir;
  }

  /** Runs git in {@code dir}; answers stdout, fails on a non-zero exit. */
  public static String git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("git"));
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    pb.environment().put("HOME", dir.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException("git " + String.join(" ", args) + " failed: " + out);
    }
    return out.strip();
  }

  /** A small Python project with a bug in add() and a unittest that finds it. */
  public static Map<String, String> calculator() {
    return Map.of(
        "calc.py", "def add(a, b):\n    return a - b\n",
        "test_calc.py", "import unittest\nfrom calc import add\n\n\nclass AddTest(unittest.TestCase):\n"
            + "    def test_add(self):\n        self.assertEqual(add(2, 3), 5)\n\n\nif __name__ == '__main__':\n"
            + "    unittest.main()\n",
        "AGENTS.md", "Run the tests with python3 -m unittest.\n");
  }
}
