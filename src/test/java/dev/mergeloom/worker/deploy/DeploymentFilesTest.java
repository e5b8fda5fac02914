package dev.mergeloom.worker.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mergeloom.worker.config.Variables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * compose.yaml, .env.example and the Dockerfile: validated by docker-compose itself and the
 * compose-spec schema, and checked for what the contract promises (services, loopback port,
 * volumes, non-root user, health check, pinned CLIs).
 */
class DeploymentFilesTest {
  private static final Path COMPOSE = Path.of("compose.yaml");
  /** Variables a deployment passes that are not the worker's own (proxies, cloud SDKs). */
  private static final Set<String> STANDARD = Set.of("HTTPS_PROXY", "NO_PROXY", "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY");

  @TempDir Path dir;

  @SuppressWarnings("unchecked")
  private static Map<String, Object> service(Map<String, Object> compose, String name) {
    return (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get(name);
  }

  @Test
  @SuppressWarnings("unchecked")
  void composeHasTheGatewayOnLoopbackAndScalableExecutorsSharingTheCliLogins() throws Exception {
    Map<String, Object> compose = new Yaml().load(Files.readString(COMPOSE));
    Map<String, Object> gateway = service(compose, "worker-gateway");
    Map<String, Object> executor = service(compose, "worker-executor");
    assertThat((List<String>) gateway.get("ports")).containsExactly("127.0.0.1:8010:8010");
    assertThat(executor).as("no fixed port, so --scale works").doesNotContainKeys("ports", "container_name");
    Map<String, String> gatewayEnv = (Map<String, String>) gateway.get("environment");
    Map<String, String> executorEnv = (Map<String, String>) executor.get("environment");
    assertThat(gatewayEnv).containsEntry("JCA_WORKER_ROLE", "gateway")
        .containsEntry("JCA_PROVIDER_CONFIG_MODE", "${JCA_PROVIDER_CONFIG_MODE:-ui}");
    assertThat(executorEnv).containsEntry("JCA_WORKER_ROLE", "executor")
        .containsEntry("JCA_PROVIDER_CONFIG_MODE", "gateway").containsEntry("JCA_WORKER_RUNTIME_CONFIG_MODE", "gateway")
        .containsEntry("JCA_WORKER_GATEWAY_URL", "http://worker-gateway:8010");
    assertThat((List<String>) gateway.get("volumes")).contains("gateway-data:/data",
        "cli-codex:/home/agent/.codex", "cli-claude:/home/agent/.claude");
    assertThat((List<String>) executor.get("volumes")).contains("/data", "cli-codex:/home/agent/.codex",
        "cli-claude:/home/agent/.claude");
    assertThat(((Map<String, Object>) compose.get("volumes")).keySet())
        .contains("gateway-data", "cli-codex", "cli-claude");
  }

  @Test
  void dockerComposeAcceptsItWithTheGeneratedEnvAndNamesAMissingToken() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/docker-compose")),
        "docker-compose is not installed (scripts/test.sh installs it)");
    Path project = copyComposeProject();
    Validators.Outcome env = Validators.exec(List.of("bash", "scripts/compose-env.sh"), project);
    assertThat(env.exitCode()).as(env.output()).isZero();
    String dotEnv = Files.readString(project.resolve(".env"));
    assertThat(dotEnv).containsPattern("(?m)^JCA_WORKER_UI_TOKEN=[0-9a-f]{48}$")
        .containsPattern("(?m)^JCA_WORKER_CLUSTER_TOKEN=[0-9a-f]{48}$");

    Validators.Outcome quiet = Validators.exec(List.of("docker-compose", "-f", "compose.yaml", "config", "-q"), project);
    assertThat(quiet.exitCode()).as(quiet.output()).isZero();
    Validators.Outcome resolved = Validators.exec(List.of("docker-compose", "-f", "compose.yaml", "config"), project);
    Map<String, Object> config = new Yaml().load(resolved.output());
    String token = dotEnv.lines().filter(l -> l.startsWith("JCA_WORKER_CLUSTER_TOKEN=")).findFirst().orElseThrow()
        .substring("JCA_WORKER_CLUSTER_TOKEN=".length());
    for (String name : List.of("worker-gateway", "worker-executor")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> environment = (Map<String, Object>) service(config, name).get("environment");
      assertThat(environment).as(name).containsEntry("JCA_WORKER_CLUSTER_TOKEN", token);
    }

    Files.writeString(project.resolve(".env"), Files.readString(project.resolve(".env.example")));
    Validators.Outcome missing = Validators.exec(List.of("docker-compose", "-f", "compose.yaml", "config", "-q"), project);
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.output()).contains("set JCA_WORKER_UI_TOKEN in .env");
  }

  @Test
  void composeMatchesTheComposeSpecSchema() throws Exception {
    Validators.assumeInstalled();
    Validators.Outcome outcome = Validators.run("validate-compose.mjs", COMPOSE);
    assertThat(outcome.exitCode()).as(outcome.output()).isZero();
    Path broken = Files.writeString(dir.resolve("broken.yaml"), Files.readString(COMPOSE)
        .replace("- \"127.0.0.1:8010:8010\"", "\"127.0.0.1:8010:8010\"").replace("restart: unless-stopped", "restart: [x]"));
    assertThat(Validators.run("validate-compose.mjs", broken).exitCode()).isEqualTo(1);
  }

  @Test
  void envExampleNamesOnlyVariablesTheWorkerKnowsAndEveryComposeInterpolation() throws Exception {
    String example = Files.readString(Path.of(".env.example"));
    Set<String> listed = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^([A-Z][A-Z0-9_]*)=").matcher(example);
    while (m.find()) {
      listed.add(m.group(1));
    }
    Set<String> unknown = new TreeSet<>(listed);
    unknown.removeAll(Variables.known().keySet());
    unknown.removeAll(STANDARD);
    assertThat(unknown).as("names in .env.example the worker does not read").isEmpty();
    Matcher interpolation = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)").matcher(Files.readString(COMPOSE));
    while (interpolation.find()) {
      if (!interpolation.group(1).equals("MERGELOOM_WORKER_IMAGE")) {
        assertThat(listed).contains(interpolation.group(1));
      }
    }
  }

  @Test
  void dockerfileRunsAsAgentWithHealthCheckAndTheCliVersionsTheTestsPin() throws Exception {
    String dockerfile = Files.readString(Path.of("Dockerfile"));
    String tools = Files.readString(Path.of("scripts/ensure-clis.sh"));
    assertThat(dockerfile).containsPattern("(?m)^FROM maven:\\S+ AS build$")
        .containsPattern("(?m)^COPY --from=build ")
        .containsPattern("(?m)^USER agent$")
        .contains("HOME=/home/agent", "JCA_WORKER_HOST=0.0.0.0", "JCA_WORKER_DATA_DIR=/data")
        .containsPattern("(?m)^EXPOSE 8010$")
        .containsPattern("(?m)^HEALTHCHECK .*\\n.*/healthz")
        .containsPattern("(?m)^VOLUME \\[\"/data\", \"/home/agent/.codex\", \"/home/agent/.claude\"\\]$");
    assertThat(pinned(dockerfile, "CODEX_VERSION")).isEqualTo(pinned(tools, "CODEX_VERSION"));
    assertThat(pinned(dockerfile, "CLAUDE_CODE_VERSION")).isEqualTo(pinned(tools, "CLAUDE_VERSION"));
    // The install hint the worker prints names the same versions.
    assertThat(dev.mergeloom.worker.cli.CliSettings.CODEX_VERSION).isEqualTo(pinned(tools, "CODEX_VERSION"));
    assertThat(dev.mergeloom.worker.cli.CliSettings.CLAUDE_VERSION).isEqualTo(pinned(tools, "CLAUDE_VERSION"));
    assertThat(dockerfile).contains("\"@openai/codex@${CODEX_VERSION}\"",
        "\"@anthropic-ai/claude-code@${CLAUDE_CODE_VERSION}\"");
    // The last stage is the runtime: no build tools in it.
    String runtime = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
    assertThat(runtime).doesNotContain("mvn ").contains("tini");
  }

  private static String pinned(String text, String name) {
    Matcher m = Pattern.compile("(?m)^(?:ARG )?" + name + "=([0-9.]+)$").matcher(text);
    assertThat(m.find()).as(name + " pinned").isTrue();
    return m.group(1);
  }

  private Path copyComposeProject() throws Exception {
    Path project = Files.createDirectories(dir.resolve("project"));
    for (String file : List.of("compose.yaml", ".env.example", "Dockerfile", "scripts/compose-env.sh")) {
      Path target = project.resolve(file);
      Files.createDirectories(target.getParent());
      Files.copy(Path.of(file), target, StandardCopyOption.REPLACE_EXISTING);
    }
    return project;
  }
}
