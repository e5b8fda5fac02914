package dev.mergeloom.worker.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The pinned real CLIs that scripts/test.sh installs into .tools/clis, and an isolated worker
 * environment for them: throwaway HOME and config directories, and HTTP(S) proxies on a closed
 * loopback port (loopback itself exempt), so nothing a CLI tries to reach leaves the machine.
 */
public final class RealClis {
  public static final Path BIN = Path.of(String.valueOf(System.getenv("MERGELOOM_TEST_CLI_BIN")));

  private RealClis() {}

  /** Skips the test, saying why, where the CLIs are not installed. */
  public static void assumeInstalled() {
    assumeTrue(Files.isExecutable(BIN.resolve("codex")) && Files.isExecutable(BIN.resolve("claude")),
        "the pinned CLIs are not installed in .tools/clis (scripts/test.sh installs them)");
  }

  public static Map<String, String> isolatedEnv(Path dir) throws IOException {
    String closedProxy = "http://127.0.0.1:" + FakeProvider.closedPort();
    Map<String, String> env = TestWorker.baseEnv(dir.resolve("data"));
    env.put("JCA_WORKER_CODEX_PATH", BIN.resolve("codex").toString());
    env.put("JCA_WORKER_CLAUDE_PATH", BIN.resolve("claude").toString());
    env.put("JCA_WORKER_CLI_CONFIG_DIR", Files.createDirectories(dir.resolve("codex-home")).toString());
    env.put("JCA_WORKER_CLAUDE_CONFIG_DIR", dir.resolve("claude-config").toString());
    env.put("HOME", Files.createDirectories(dir.resolve("home")).toString());
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("HTTPS_PROXY", closedProxy);
    env.put("HTTP_PROXY", closedProxy);
    env.put("NO_PROXY", "127.0.0.1,localhost");
    return env;
  }
}
