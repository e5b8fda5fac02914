package dev.mergeloom.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The precedence table of deployment sources (contract §1). */
class DeploymentConfigLoaderTest {
  @TempDir Path dir;

  private DeploymentConfigLoader.LoadResult load(Map<String, String> env, Map<String, String> configMap) {
    return new DeploymentConfigLoader(() -> env).load(configMap, "ns/worker-config");
  }

  @Test
  void environmentValueHasSourceEnvAndBeatsDefault() {
    var config = load(Map.of("JCA_WORKER_PORT", "9000"), Map.of()).config();
    assertThat(config.get("JCA_WORKER_PORT")).get()
        .extracting(ConfigValue::value, ConfigValue::source).containsExactly("9000", ConfigSource.ENV);
    assertThat(config.get("JCA_WORKER_HOST")).get()
        .extracting(ConfigValue::value, ConfigValue::source).containsExactly("127.0.0.1", ConfigSource.DEFAULT);
  }

  @Test
  void emptyAndBlankEnvironmentValuesCountAsUnset() {
    var config = load(Map.of("JCA_WORKER_PORT", "", "JCA_OPENAI_MODEL", "  "), Map.of()).config();
    assertThat(config.get("JCA_WORKER_PORT").orElseThrow().source()).isEqualTo(ConfigSource.DEFAULT);
    assertThat(config.get("JCA_OPENAI_MODEL")).isEmpty();
  }

  @Test
  void fileVariableIsReadAndItsTrailingNewlineDropped() throws Exception {
    Path secret = Files.writeString(dir.resolve("openai"), "sk-test-from-file\n");
    var config = load(Map.of("JCA_OPENAI_API_KEY_FILE", secret.toString()), Map.of()).config();
    ConfigValue v = config.get("JCA_OPENAI_API_KEY").orElseThrow();
    assertThat(v.value()).isEqualTo("sk-test-from-file");
    assertThat(v.source()).isEqualTo(ConfigSource.FILE);
    assertThat(v.origin()).isEqualTo(secret.toString());
  }

  @Test
  void emptyFileCountsAsUnset() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    var config = load(Map.of("JCA_OPENAI_API_KEY_FILE", empty.toString()), Map.of()).config();
    assertThat(config.get("JCA_OPENAI_API_KEY")).isEmpty();
  }

  @Test
  void unreadableFileIsAnErrorNamingTheVariable() {
    assertThatThrownBy(() -> load(Map.of("JCA_OPENAI_API_KEY_FILE", dir.resolve("missing").toString()), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("JCA_OPENAI_API_KEY_FILE")
        .hasMessageContaining(dir.resolve("missing").toString());
  }

  @Test
  void secretsDirectoryFilesAreReadByVariableName() throws Exception {
    Path secrets = Files.createDirectory(dir.resolve("secrets"));
    Files.writeString(secrets.resolve("JCA_ANTHROPIC_API_KEY"), "sk-ant-from-dir");
    Files.writeString(secrets.resolve("not-a-variable"), "ignored");
    var config = load(Map.of("JCA_WORKER_SECRETS_DIR", secrets.toString()), Map.of()).config();
    ConfigValue v = config.get("JCA_ANTHROPIC_API_KEY").orElseThrow();
    assertThat(v.value()).isEqualTo("sk-ant-from-dir");
    assertThat(v.source()).isEqualTo(ConfigSource.SECRETS_DIR);
  }

  @Test
  void secretsDirectoryThatIsNotADirectoryIsAnError() {
    assertThatThrownBy(() -> load(Map.of("JCA_WORKER_SECRETS_DIR", dir.resolve("nope").toString()), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("JCA_WORKER_SECRETS_DIR");
  }

  @Test
  void configMapValuesHaveSourceConfigmap() {
    var config = load(Map.of(), Map.of("JCA_OPENAI_MODEL", "gpt-5-codex")).config();
    assertThat(config.get("JCA_OPENAI_MODEL")).get()
        .extracting(ConfigValue::value, ConfigValue::source, ConfigValue::origin)
        .containsExactly("gpt-5-codex", ConfigSource.CONFIGMAP, "ns/worker-config");
  }

  @Test
  void envAndFileTogetherIsAnErrorNamingBoth() throws Exception {
    Path secret = Files.writeString(dir.resolve("key"), "b");
    assertThatThrownBy(() -> load(Map.of("JCA_OPENAI_API_KEY", "a", "JCA_OPENAI_API_KEY_FILE", secret.toString()), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("JCA_OPENAI_API_KEY is given by both env and file " + secret);
  }

  @Test
  void envAndSecretsDirTogetherIsAnError() throws Exception {
    Path secrets = Files.createDirectory(dir.resolve("secrets"));
    Files.writeString(secrets.resolve("AWS_SECRET_ACCESS_KEY"), "x");
    assertThatThrownBy(() -> load(Map.of("JCA_WORKER_SECRETS_DIR", secrets.toString(), "AWS_SECRET_ACCESS_KEY", "y"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("AWS_SECRET_ACCESS_KEY is given by both env and secrets-dir");
  }

  @Test
  void envAndConfigMapTogetherIsAnError() {
    assertThatThrownBy(() -> load(Map.of("JCA_OPENAI_MODEL", "a"), Map.of("JCA_OPENAI_MODEL", "b")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("JCA_OPENAI_MODEL is given by both env and configmap ns/worker-config");
  }

  @Test
  void everyDuplicateIsReportedAtOnce() throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("JCA_OPENAI_MODEL", "a", "JCA_ANTHROPIC_MODEL", "b"));
    var e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> load(env, Map.of("JCA_OPENAI_MODEL", "c", "JCA_ANTHROPIC_MODEL", "d")));
    assertThat(e.problems()).hasSize(2);
  }

  @Test
  void duplicateErrorsNeverContainTheValues() throws Exception {
    Path secret = Files.writeString(dir.resolve("key"), "canary-file-value-123");
    assertThatThrownBy(() -> load(Map.of("JCA_OPENAI_API_KEY", "canary-env-value-456",
        "JCA_OPENAI_API_KEY_FILE", secret.toString()), Map.of()))
        .message().doesNotContain("canary-file-value-123").doesNotContain("canary-env-value-456");
  }

  @Test
  void unknownJcaVariablesAreWarnedAboutAsLikelyTypos() {
    var result = load(Map.of("JCA_WORKR_PORT", "1", "PATH", "/bin"), Map.of());
    assertThat(result.warnings()).anySatisfy(w -> assertThat(w).contains("JCA_WORKR_PORT"));
    assertThat(result.warnings()).noneSatisfy(w -> assertThat(w).contains("PATH"));
  }

  @Test
  void bootstrapVariablesAreNotTakenFromTheConfigMap() {
    var result = load(Map.of(), Map.of("JCA_WORKER_SECRETS_DIR", "/etc"));
    assertThat(result.config().get("JCA_WORKER_SECRETS_DIR")).isEmpty();
    assertThat(result.warnings()).anySatisfy(w -> assertThat(w).contains("JCA_WORKER_SECRETS_DIR"));
  }
}
