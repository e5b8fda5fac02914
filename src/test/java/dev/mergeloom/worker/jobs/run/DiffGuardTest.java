package dev.mergeloom.worker.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.config.RuntimeValues.DiffGuardSettings;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The diff guard's rules on git's numstat of a staged change. */
class DiffGuardTest {
  private static final List<String> DEFAULTS = List.of(".github/workflows/**", ".gitlab-ci.yml", "package-lock.json",
      "*.pem", "id_rsa*", ".gitmodules");

  private static DiffGuardSettings settings(int files, int lines, boolean binary) {
    return new DiffGuardSettings("required", files, lines, DEFAULTS, binary);
  }

  private static String numstat(String... entries) {
    return String.join("\u0000", entries) + "\u0000";
  }

  @Test
  void aSmallChangeOfOrdinaryFilesPasses() {
    JsonObject v = DiffGuard.check(settings(10, 100, false), numstat("3\t1\tsrc/calc.py", "10\t0\tdocs/workflows.md"));
    assertThat(v.getBoolean("passed")).isTrue();
    assertThat(v.getInteger("files")).isEqualTo(2);
    assertThat(v.getLong("lines")).isEqualTo(14L);
    assertThat(v.getJsonArray("rules")).isEmpty();
  }

  @Test
  void eachRuleFiresAndSaysWhy() {
    JsonObject v = DiffGuard.check(settings(3, 20, false), numstat("1\t0\t.github/workflows/ci.yml",
        "5\t5\tweb/package-lock.json", "2\t0\tdeploy/certs/server.pem", "-\t-\tassets/logo.png", "30\t0\tsrc/big.py"));
    assertThat(v.getBoolean("passed")).isFalse();
    assertThat(v.getJsonArray("rules").stream().map(r -> ((JsonObject) r).getString("rule")).toList())
        .containsExactly("protected_path", "protected_path", "protected_path", "binary_file", "max_files", "max_lines");
    assertThat(DiffGuard.reason(v)).contains(".github/workflows/ci.yml matches the protected pattern .github/workflows/**")
        .contains("web/package-lock.json matches the protected pattern package-lock.json")
        .contains("assets/logo.png is a binary file").contains("5 files changed; the most allowed is 3")
        .contains("43 lines changed; the most allowed is 20");
  }

  @Test
  void aPatternWithASlashIsAPathFromTheRootAndOneWithoutIsANameAnywhere() {
    assertThat(DiffGuard.check(settings(10, 100, true), numstat("1\t0\tsub/.github/workflows/ci.yml"))
        .getBoolean("passed")).as("not the repository's own workflows").isTrue();
    assertThat(DiffGuard.check(settings(10, 100, true), numstat("1\t0\tkeys/id_rsa.pub")).getBoolean("passed")).isFalse();
    assertThat(DiffGuard.check(settings(10, 100, true), numstat("-\t-\tassets/logo.png")).getBoolean("passed"))
        .as("binary files allowed").isTrue();
  }
}
