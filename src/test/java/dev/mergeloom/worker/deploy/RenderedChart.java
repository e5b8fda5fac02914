package dev.mergeloom.worker.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.Release;
import dev.mergeloom.worker.testing.FakeClusterForHelm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.Yaml;

/**
 * The chart as Helm itself (helm-java embeds it) installs it: a real {@code helm install} against
 * {@link FakeClusterForHelm}, then the manifest Helm recorded for the release, as text and as
 * parsed documents, with the NOTES Helm printed. (helm-java's {@code template} contacts a
 * cluster for the chart's {@code lookup}, so an install against the fake is the honest render.)
 */
record RenderedChart(String text, List<Map<String, Object>> documents, String notes) {
  static final Path CHART = Path.of("helm/mergeloom-worker");
  static final String RELEASE = "rel";
  static final String NAMESPACE = "mergeloom";

  /** Installs into a fresh fake cluster with the given values files (none: defaults) and --set values. */
  static RenderedChart render(List<Path> valuesFiles, Map<String, Object> sets) {
    try (FakeClusterForHelm cluster = new FakeClusterForHelm()) {
      return install(cluster, valuesFiles, sets);
    }
  }

  /** Installs revision 1 of the release into {@code cluster}. */
  static RenderedChart install(FakeClusterForHelm cluster, List<Path> valuesFiles, Map<String, Object> sets) {
    InstallCommand install = new Helm(CHART).install().withName(RELEASE).withNamespace(NAMESPACE)
        .disableOpenApiValidation().withKubeConfigContents(cluster.kubeconfig(NAMESPACE));
    valuesFiles.forEach(install::withValuesFile);
    sets.forEach(install::set);
    Release release = install.call();
    return parse(cluster.releaseManifest(NAMESPACE, RELEASE, 1), release.getOutput());
  }

  /** Upgrades the release in {@code cluster} to the next revision, as {@code helm upgrade} would. */
  static RenderedChart upgrade(FakeClusterForHelm cluster, int revision, Map<String, Object> sets) {
    var upgrade = new Helm(CHART).upgrade().withName(RELEASE).withNamespace(NAMESPACE).disableOpenApiValidation()
        .withKubeConfigContents(cluster.kubeconfig(NAMESPACE));
    sets.forEach(upgrade::set);
    Release release = upgrade.call();
    return parse(cluster.releaseManifest(NAMESPACE, RELEASE, revision), release.getOutput());
  }

  static RenderedChart parse(String text, String notes) {
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object doc : new Yaml().loadAll(text)) {
      if (doc instanceof Map<?, ?> m) {
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) m;
        docs.add(typed);
      }
    }
    return new RenderedChart(text, docs, notes);
  }

  Path writeTo(Path file) throws java.io.IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  Map<String, Object> find(String kind, String name) {
    return documents.stream().filter(d -> kind.equals(d.get("kind")) && name.equals(at(d, "metadata.name")))
        .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in\n" + text));
  }

  Optional<Map<String, Object>> maybe(String kind, String name) {
    return documents.stream().filter(d -> kind.equals(d.get("kind")) && name.equals(at(d, "metadata.name")))
        .findFirst();
  }

  /** The worker container of a Deployment or StatefulSet. */
  static Map<String, Object> container(Map<String, Object> workload) {
    List<Map<String, Object>> containers = at(workload, "spec.template.spec.containers");
    return containers.get(0);
  }

  /** The container's plain env values by name (valueFrom entries map to null). */
  static Map<String, String> env(Map<String, Object> workload) {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    List<Map<String, Object>> entries = at(container(workload), "env");
    entries.forEach(e -> env.put((String) e.get("name"), e.get("value") == null ? null : String.valueOf(e.get("value"))));
    return env;
  }

  /** A dotted path into nested maps. */
  @SuppressWarnings("unchecked")
  static <T> T at(Map<String, Object> doc, String path) {
    Object current = doc;
    for (String key : path.split("\\.")) {
      if (!(current instanceof Map<?, ?> m)) {
        return null;
      }
      current = m.get(key);
    }
    return (T) current;
  }
}
