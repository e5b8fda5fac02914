package dev.mergeloom.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Typed worker settings: defaults, and a clear error for each bad value. */
class WorkerSettingsTest {
  private static WorkerSettings parse(Map<String, String> env) {
    var config = new DeploymentConfigLoader(() -> env).load(Map.of(), "").config();
    return WorkerSettings.parse(config, env);
  }

  @Test
  void defaultsAreStandaloneOnLoopback8010WithUiModes() {
    WorkerSettings s = parse(Map.of("HOSTNAME", "pod-7"));
    assertThat(s.role()).isEqualTo(Role.STANDALONE);
    assertThat(s.host()).isEqualTo("127.0.0.1");
    assertThat(s.port()).isEqualTo(8010);
    assertThat(s.dataDir().isAbsolute()).isTrue();
    assertThat(s.dataDir().getFileName().toString()).isEqualTo("data");
    assertThat(s.providerConfigMode()).isEqualTo(ConfigMode.UI);
    assertThat(s.runtimeConfigMode()).isEqualTo(ConfigMode.UI);
    assertThat(s.providerConfigDbPath()).isEqualTo(s.dataDir().resolve("provider-config.db"));
    assertThat(s.secretKeyPath()).isEqualTo(s.dataDir().resolve("provider-secret.key"));
    assertThat(s.workerName()).isEqualTo("pod-7");
  }

  @Test
  void badPortNamesTheVariableTheValueAndTheSource() {
    assertThatThrownBy(() -> parse(Map.of("JCA_WORKER_PORT", "eighty")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("JCA_WORKER_PORT: got 'eighty' (from env); expected a port number from 1 to 65535");
  }

  @Test
  void sandboxModesAreCheckedAndCommandCgroupsAreOnUnlessTurnedOff() {
    assertThat(parse(Map.of()).sandbox().cgroups()).isTrue();
    assertThat(parse(Map.of("JCA_WORKER_SANDBOX_CGROUPS", "off")).sandbox().cgroups()).isFalse();
    assertThatThrownBy(() -> parse(Map.of("JCA_WORKER_SANDBOX_CGROUPS", "yes", "JCA_WORKER_SANDBOX", "docker")))
        .hasMessageContaining("JCA_WORKER_SANDBOX_CGROUPS: got 'yes'; expected auto")
        .hasMessageContaining("JCA_WORKER_SANDBOX: got 'docker'; expected bwrap");
  }

  @Test
  void unknownRoleListsTheRoles() {
    assertThatThrownBy(() -> parse(Map.of("JCA_WORKER_ROLE", "boss")))
        .hasMessageContaining("JCA_WORKER_ROLE").hasMessageContaining("standalone, gateway, executor");
  }

  @Test
  void executorNeedsTheGatewayAddressAndTheClusterToken() {
    assertThatThrownBy(() -> parse(Map.of("JCA_WORKER_ROLE", "executor")))
        .hasMessageContaining("JCA_WORKER_GATEWAY_URL: missing")
        .hasMessageContaining("JCA_WORKER_CLUSTER_TOKEN: missing");
  }

  @Test
  void executorDefaultsToGatewayModeAndNeedsNoUiTokenOffLoopback() {
    WorkerSettings s = parse(Map.of("JCA_WORKER_ROLE", "executor", "JCA_WORKER_HOST", "0.0.0.0",
        "JCA_WORKER_GATEWAY_URL", "http://gateway:8010", "JCA_WORKER_CLUSTER_TOKEN", "cluster-token-0123456789"));
    assertThat(s.providerConfigMode()).isEqualTo(ConfigMode.GATEWAY);
    assertThat(s.runtimeConfigMode()).isEqualTo(ConfigMode.GATEWAY);
    assertThat(s.gatewayUrl()).hasValueSatisfying(u -> assertThat(u.getHost()).isEqualTo("gateway"));
    assertThat(s.toString()).doesNotContain("cluster-token-0123456789");
  }

  @Test
  void executorInUiModeAndBadGatewayUrlAreRefused() {
    assertThatThrownBy(() -> parse(Map.of("JCA_WORKER_ROLE", "executor", "JCA_PROVIDER_CONFIG_MODE", "ui",
        "JCA_WORKER_GATEWAY_URL", "gateway:8010", "JCA_WORKER_CLUSTER_TOKEN", "short")))
        .hasMessageContaining("JCA_PROVIDER_CONFIG_MODE=ui: an executor has no UI")
        .hasMessageContaining("JCA_WORKER_GATEWAY_URL: got 'gateway:8010'; expected an http:// or https:// URL")
        .hasMessageContaining("JCA_WORKER_CLUSTER_TOKEN: too short");
  }

  @Test
  void gatewayConfigModeIsRefusedOutsideExecutors() {
    assertThatThrownBy(() -> parse(Map.of("JCA_PROVIDER_CONFIG_MODE", "gateway")))
        .hasMessageContaining("JCA_PROVIDER_CONFIG_MODE=gateway");
  }

  @Test
  void provisionedModesAreParsed() {
    WorkerSettings s = parse(Map.of("JCA_PROVIDER_CONFIG_MODE", "provisioned", "JCA_WORKER_RUNTIME_CONFIG_MODE", "PROVISIONED"));
    assertThat(s.providerConfigMode()).isEqualTo(ConfigMode.PROVISIONED);
    assertThat(s.runtimeConfigMode()).isEqualTo(ConfigMode.PROVISIONED);
  }

  @Test
  void nonLoopbackBindWithoutTokenIsRefused() {
    assertThatThrownBy(() -> parse(Map.of("JCA_WORKER_HOST", "0.0.0.0")))
        .hasMessageContaining("JCA_WORKER_UI_TOKEN: required because JCA_WORKER_HOST=0.0.0.0 is not a loopback address");
  }

  @Test
  void nonLoopbackBindWithTokenStarts() {
    WorkerSettings s = parse(Map.of("JCA_WORKER_HOST", "0.0.0.0", "JCA_WORKER_UI_TOKEN", "0123456789abcdef0123"));
    assertThat(s.uiToken()).isPresent();
    assertThat(s.toString()).doesNotContain("0123456789abcdef0123");
  }

  @Test
  void shortTokenIsRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> parse(Map.of("JCA_WORKER_UI_TOKEN", "short-tok")))
        .hasMessageContaining("JCA_WORKER_UI_TOKEN: too short")
        .message().doesNotContain("short-tok");
  }

  @Test
  void loopbackNamesAreRecognisedWithoutDns() {
    assertThat(WorkerSettings.isLoopback("localhost")).isTrue();
    assertThat(WorkerSettings.isLoopback("127.0.0.1")).isTrue();
    assertThat(WorkerSettings.isLoopback("127.9.9.9")).isTrue();
    assertThat(WorkerSettings.isLoopback("[::1]")).isTrue();
    assertThat(WorkerSettings.isLoopback("0.0.0.0")).isFalse();
    assertThat(WorkerSettings.isLoopback("worker.example.com")).isFalse();
  }

  @Test
  void badLogFormatAndSeveralProblemsAreReportedTogether() {
    var e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> parse(Map.of("JCA_WORKER_LOG_FORMAT", "xml", "JCA_WORKER_PORT", "70000")));
    assertThat(e.problems()).hasSize(2);
    assertThat(e.getMessage()).contains("JCA_WORKER_LOG_FORMAT: got 'xml'; expected text or json");
  }

  @Test
  void badProviderValuesFromTheDeploymentAreStartupProblems() {
    Map<String, String> env = Map.of("JCA_VERTEX_AUTH_METHOD", "magic", "JCA_BEDROCK_REGION", "Mars",
        "JCA_WORKER_MAX_CONCURRENT_JOBS", "0");
    var config = new DeploymentConfigLoader(() -> env).load(Map.of(), "").config();
    assertThat(DeploymentValidation.problems(config)).containsExactlyInAnyOrder(
        "JCA_VERTEX_AUTH_METHOD from env: expected one of service_account_json, adc, access_token",
        "JCA_BEDROCK_REGION from env: expected an AWS region name such as us-east-1",
        "JCA_WORKER_MAX_CONCURRENT_JOBS from env: expected a whole number from 1 to 1000");
  }
}
