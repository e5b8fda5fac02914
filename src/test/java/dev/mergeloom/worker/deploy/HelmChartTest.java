package dev.mergeloom.worker.deploy;

import static dev.mergeloom.worker.deploy.RenderedChart.at;
import static dev.mergeloom.worker.deploy.RenderedChart.container;
import static dev.mergeloom.worker.deploy.RenderedChart.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.mergeloom.worker.config.providers.FieldSpec;
import dev.mergeloom.worker.config.providers.ProviderCatalog;
import dev.mergeloom.worker.config.providers.ProviderSpec;
import dev.mergeloom.worker.testing.FakeClusterForHelm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * helm/mergeloom-worker, linted and installed by Helm itself (helm-java) against a fake cluster,
 * for the defaults and each example values file; the manifests are validated against the
 * Kubernetes schemas and checked for what operators rely on.
 */
class HelmChartTest {
  private static final Path EXAMPLES = RenderedChart.CHART.resolve("examples");
  private static final String GATEWAY = "rel-mergeloom-worker-gateway";
  private static final String EXECUTOR = "rel-mergeloom-worker-executor";
  private static final String TOKENS = "rel-mergeloom-worker-tokens";

  static Stream<String> valueSets() throws Exception {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return Stream.concat(Stream.of("defaults"), files.map(p -> p.getFileName().toString()).sorted()).toList()
          .stream();
    }
  }

  private static RenderedChart render(String valueSet) {
    return RenderedChart.render(valueSet.equals("defaults") ? List.of() : List.of(EXAMPLES.resolve(valueSet)),
        Map.of());
  }

  @Test
  void lintsStrict() {
    LintResult result = new Helm(RenderedChart.CHART).lint().strict().call();
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valueSets")
  void rendersSchemaValidManifests(String valueSet) throws Exception {
    RenderedChart chart = render(valueSet);
    Validators.assumeInstalled();
    Path file = chart.writeTo(Path.of("target/helm/" + valueSet.replace(".yaml", "") + ".yaml"));
    Validators.Outcome outcome = Validators.run("validate-k8s.mjs", file);
    assertThat(outcome.exitCode()).as(outcome.output()).isZero();
    assertThat(outcome.output()).contains("ok   Deployment/" + GATEWAY).contains("ok   StatefulSet/" + EXECUTOR);
  }

  @Test
  void theSchemaValidatorRejectsABrokenManifest() throws Exception {
    Validators.assumeInstalled();
    RenderedChart chart = render("defaults");
    Path broken = Files.writeString(Files.createDirectories(Path.of("target/helm")).resolve("broken.yaml"),
        chart.text().replace("replicas: 2", "replicas: many"));
    Validators.Outcome outcome = Validators.run("validate-k8s.mjs", broken);
    assertThat(outcome.exitCode()).as(outcome.output()).isEqualTo(1);
    assertThat(outcome.output()).contains("FAIL StatefulSet/" + EXECUTOR);
  }

  @Test
  void defaultsGiveOneGatewayAndExecutorsInGatewayMode() {
    RenderedChart chart = render("defaults");
    Map<String, Object> gateway = chart.find("Deployment", GATEWAY);
    Map<String, Object> executors = chart.find("StatefulSet", EXECUTOR);
    assertThat((Integer) at(gateway, "spec.replicas")).isEqualTo(1);
    assertThat((Integer) at(executors, "spec.replicas")).isEqualTo(2);
    assertThat((String) at(executors, "spec.serviceName")).isEqualTo(EXECUTOR);
    assertThat((String) at(chart.find("Service", EXECUTOR), "spec.clusterIP")).isEqualTo("None");

    Map<String, String> gatewayEnv = env(gateway);
    assertThat(gatewayEnv).containsEntry("JCA_WORKER_ROLE", "gateway").containsEntry("JCA_PROVIDER_CONFIG_MODE", "ui")
        .containsEntry("JCA_WORKER_POLL_ENABLED", "false").containsEntry("JCA_WORKER_HOST", "0.0.0.0");
    Map<String, String> executorEnv = env(executors);
    assertThat(executorEnv).containsEntry("JCA_WORKER_ROLE", "executor")
        .containsEntry("JCA_PROVIDER_CONFIG_MODE", "gateway").containsEntry("JCA_WORKER_RUNTIME_CONFIG_MODE", "gateway")
        .containsEntry("JCA_WORKER_GATEWAY_URL", "http://" + GATEWAY + ":8010");
    assertThat(executorEnv).containsKey("JCA_WORKER_NAME"); // from the pod name (fieldRef)

    for (Map<String, Object> workload : List.of(gateway, executors)) {
      Map<String, Object> c = container(workload);
      assertThat((String) at(c, "livenessProbe.httpGet.path")).isEqualTo("/healthz");
      assertThat((String) at(c, "readinessProbe.httpGet.path")).isEqualTo("/healthz");
      assertThat((Boolean) at(c, "securityContext.readOnlyRootFilesystem")).isTrue();
      assertThat((Boolean) at(c, "securityContext.allowPrivilegeEscalation")).isFalse();
      assertThat((Boolean) at(workload, "spec.template.spec.securityContext.runAsNonRoot")).isTrue();
      assertThat((Integer) at(workload, "spec.template.spec.terminationGracePeriodSeconds")).isGreaterThanOrEqualTo(600);
      assertThat(secretRefs(workload)).containsExactly(TOKENS);
      assertThat(mountPaths(c)).contains("/data", "/tmp", "/home/agent/.codex", "/home/agent/.claude");
    }
    assertThat((String) at(container(gateway), "resources.limits.memory")).isEqualTo("1Gi");
    assertThat((String) at(container(executors), "resources.limits.memory")).as("the top-level resources")
        .isEqualTo("2Gi");
    assertThat((List<String>) at(chart.find("PersistentVolumeClaim", "rel-mergeloom-worker-cli-config"),
        "spec.accessModes")).containsExactly("ReadWriteMany");
    assertThat(chart.notes()).contains("kubectl -n mergeloom port-forward svc/" + GATEWAY + " 8010:8010")
        .contains("codex login --device-auth").contains("claude auth login");
  }

  @Test
  void anExistingSecretReachesTheGatewayAndTheExecutorsOnlyWhenAskedFor() {
    RenderedChart chart = render("existing-secret.yaml");
    assertThat(secretRefs(chart.find("Deployment", GATEWAY))).containsExactly(TOKENS, "mergeloom-provider-keys");
    // Executors get their jobs' provider secrets from the gateway with each claim, no others.
    assertThat(secretRefs(chart.find("StatefulSet", EXECUTOR))).containsExactly(TOKENS);
    for (Map<String, Object> workload : List.of(chart.find("Deployment", GATEWAY), chart.find("StatefulSet", EXECUTOR))) {
      assertThat(env(workload)).containsEntry("JCA_ANTHROPIC_MODEL", "claude-sonnet-4-5");
    }
    RenderedChart asked = RenderedChart.render(List.of(EXAMPLES.resolve("existing-secret.yaml")),
        Map.of("executors.envFromExistingSecret", "true"));
    assertThat(secretRefs(asked.find("StatefulSet", EXECUTOR))).containsExactly(TOKENS, "mergeloom-provider-keys");
  }

  @Test
  void eksIrsaAnnotatesTheServiceAccountThePodsUse() {
    RenderedChart chart = render("eks-irsa.yaml");
    assertServiceAccountAnnotation(chart, "eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/mergeloom-worker-bedrock");
    assertThat(env(chart.find("StatefulSet", EXECUTOR))).containsEntry("JCA_BEDROCK_AUTH_METHOD", "default_chain")
        .doesNotContainKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
    assertThat(env(chart.find("Deployment", GATEWAY))).containsEntry("JCA_PROVIDER_CONFIG_MODE", "provisioned");
  }

  @Test
  void gkeWorkloadIdentityAnnotatesTheServiceAccountAndUsesAdc() {
    RenderedChart chart = render("gke-workload-identity.yaml");
    assertServiceAccountAnnotation(chart, "iam.gke.io/gcp-service-account", "mergeloom@my-project.iam.gserviceaccount.com");
    assertThat(env(chart.find("StatefulSet", EXECUTOR))).containsEntry("JCA_VERTEX_AUTH_METHOD", "adc")
        .containsEntry("JCA_VERTEX_PROJECT_ID", "my-project");
    assertThat((Map<String, Object>) at(chart.find("StatefulSet", EXECUTOR), "spec.template.spec.nodeSelector"))
        .containsEntry("iam.gke.io/gke-metadata-server-enabled", "true");
  }

  @Test
  void aksWorkloadIdentityLabelsEveryPod() {
    RenderedChart chart = render("aks-workload-identity.yaml");
    assertServiceAccountAnnotation(chart, "azure.workload.identity/client-id", "00000000-0000-0000-0000-000000000000");
    for (Map<String, Object> workload : List.of(chart.find("Deployment", GATEWAY), chart.find("StatefulSet", EXECUTOR))) {
      assertThat((Map<String, Object>) at(workload, "spec.template.metadata.labels"))
          .containsEntry("azure.workload.identity/use", "true");
      assertThat(env(workload)).containsEntry("JCA_AZURE_FOUNDRY_AUTH_METHOD", "workload_identity");
    }
  }

  @Test
  void everyNonSecretProviderSettingHasAProviderEnvValue() throws Exception {
    Set<String> keys = providerEnvKeys();
    Map<String, Object> sets = new LinkedHashMap<>();
    keys.forEach(k -> sets.put("providerEnv." + k, "v-" + k));
    Map<String, String> env = env(RenderedChart.render(List.of(), sets).find("StatefulSet", EXECUTOR));
    Set<String> expected = new TreeSet<>();
    for (ProviderSpec spec : ProviderCatalog.all()) {
      if (spec.authEnvVar() != null) {
        expected.add(spec.authEnvVar());
      }
      spec.fields().stream().filter(f -> !f.secret() && f.envVar() != null).map(FieldSpec::envVar)
          .forEach(expected::add);
    }
    // Not secret alone, but it only works with its secret half: both belong in the Secret.
    expected.remove("AWS_ACCESS_KEY_ID");
    assertThat(env.keySet()).containsAll(expected);
  }

  @Test
  void anUnknownProviderEnvKeyIsRefusedByName() {
    assertThatThrownBy(() -> RenderedChart.render(List.of(), Map.of("providerEnv.bedrockModel", "x")))
        .hasMessageContaining("providerEnv.bedrockModel is not a known provider setting");
  }

  @Test
  void theClusterTokenIsGeneratedOnceAndKeptAcrossUpgrades() {
    try (FakeClusterForHelm cluster = new FakeClusterForHelm()) {
      RenderedChart first = RenderedChart.install(cluster, List.of(), Map.of());
      Map<String, Object> tokens = first.find("Secret", TOKENS);
      String cluster1 = (String) at(tokens, "data.JCA_WORKER_CLUSTER_TOKEN");
      String ui1 = (String) at(tokens, "data.JCA_WORKER_UI_TOKEN");
      assertThat(new String(java.util.Base64.getDecoder().decode(cluster1))).hasSize(48);

      RenderedChart second = RenderedChart.upgrade(cluster, 2, Map.of("executors.replicaCount", 3));
      assertThat((Integer) at(second.find("StatefulSet", EXECUTOR), "spec.replicas")).isEqualTo(3);
      assertThat((String) at(second.find("Secret", TOKENS), "data.JCA_WORKER_CLUSTER_TOKEN")).isEqualTo(cluster1);
      assertThat((String) at(second.find("Secret", TOKENS), "data.JCA_WORKER_UI_TOKEN")).isEqualTo(ui1);
    }
    // A fresh install elsewhere gets its own token: the value above was generated, not fixed.
    String other = (String) at(render("defaults").find("Secret", TOKENS), "data.JCA_WORKER_CLUSTER_TOKEN");
    try (FakeClusterForHelm cluster = new FakeClusterForHelm()) {
      String again = (String) at(RenderedChart.install(cluster, List.of(), Map.of()).find("Secret", TOKENS),
          "data.JCA_WORKER_CLUSTER_TOKEN");
      assertThat(again).isNotEqualTo(other);
    }
  }

  @Test
  void aGivenClusterTokenIsUsedAsIs() {
    RenderedChart chart = RenderedChart.render(List.of(), Map.of("secret.clusterToken", "given-cluster-token-0123456789"));
    assertThat((String) at(chart.find("Secret", TOKENS), "data.JCA_WORKER_CLUSTER_TOKEN"))
        .isEqualTo(java.util.Base64.getEncoder().encodeToString("given-cluster-token-0123456789".getBytes()));
  }

  @Test
  void rbacGrantsReadingOnlyTheNamedConfigMap() {
    RenderedChart chart = RenderedChart.render(List.of(), Map.of("rbac.create", true,
        "providerConfig.configMapName", "mergeloom-settings", "serviceAccount.automountServiceAccountToken", true));
    Map<String, Object> role = chart.find("Role", "rel-mergeloom-worker-configmap-reader");
    List<Map<String, Object>> rules = at(role, "rules");
    assertThat((List<String>) rules.get(0).get("resourceNames")).containsExactly("mergeloom-settings");
    assertThat((List<String>) rules.get(0).get("verbs")).containsExactly("get", "watch");
    assertThat(env(chart.find("Deployment", GATEWAY))).containsEntry("JCA_WORKER_CONFIGMAP_NAME", "mergeloom-settings")
        .containsEntry("JCA_WORKER_CONFIGMAP_NAMESPACE", "mergeloom");
    assertThatThrownBy(() -> RenderedChart.render(List.of(), Map.of("rbac.create", true)))
        .hasMessageContaining("rbac.create needs providerConfig.configMapName");
  }

  @Test
  void everyValueIsDocumentedWhereItIsDeclared() throws Exception {
    String values = Files.readString(RenderedChart.CHART.resolve("values.yaml"));
    Set<String> documented = new TreeSet<>();
    Matcher m = Pattern.compile("^## @param ([\\w.]+) ", Pattern.MULTILINE).matcher(values);
    while (m.find()) {
      documented.add(m.group(1));
    }
    Set<String> declared = leafPaths(new org.yaml.snakeyaml.Yaml().load(values), "");
    Set<String> undocumented = new TreeSet<>();
    for (String path : declared) {
      if (documented.stream().noneMatch(d -> path.equals(d) || path.startsWith(d + "."))) {
        undocumented.add(path);
      }
    }
    assertThat(undocumented).as("values without a ## @param line").isEmpty();
    assertThat(documented).as("## @param lines for values that do not exist")
        .allMatch(d -> declared.stream().anyMatch(p -> p.equals(d) || p.startsWith(d + ".")));
  }

  private static Set<String> providerEnvKeys() throws Exception {
    Map<String, Object> values = new org.yaml.snakeyaml.Yaml().load(Files.readString(RenderedChart.CHART.resolve("values.yaml")));
    @SuppressWarnings("unchecked")
    Map<String, Object> providerEnv = (Map<String, Object>) values.get("providerEnv");
    return providerEnv.keySet();
  }

  /** Paths of values.yaml down to scalars, lists and empty maps (a map with entries is a section). */
  @SuppressWarnings("unchecked")
  private static Set<String> leafPaths(Map<String, Object> map, String prefix) {
    Set<String> out = new TreeSet<>();
    map.forEach((k, v) -> {
      String path = prefix + k;
      if (v instanceof Map<?, ?> m && !m.isEmpty()) {
        out.addAll(leafPaths((Map<String, Object>) m, path + "."));
      } else {
        out.add(path);
      }
    });
    return out;
  }

  private static void assertServiceAccountAnnotation(RenderedChart chart, String key, String value) {
    Map<String, Object> account = chart.find("ServiceAccount", "rel-mergeloom-worker");
    assertThat((Map<String, Object>) at(account, "metadata.annotations")).containsEntry(key, value);
    for (Map<String, Object> workload : List.of(chart.find("Deployment", GATEWAY), chart.find("StatefulSet", EXECUTOR))) {
      assertThat((String) at(workload, "spec.template.spec.serviceAccountName")).isEqualTo("rel-mergeloom-worker");
    }
  }

  private static List<String> secretRefs(Map<String, Object> workload) {
    List<Map<String, Object>> envFrom = at(container(workload), "envFrom");
    List<String> names = new ArrayList<>();
    envFrom.forEach(e -> names.add((String) at(e, "secretRef.name")));
    return names;
  }

  private static List<String> mountPaths(Map<String, Object> container) {
    List<Map<String, Object>> mounts = at(container, "volumeMounts");
    return mounts.stream().map(m -> (String) m.get("mountPath")).toList();
  }
}
