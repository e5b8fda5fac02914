package dev.mergeloom.worker.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * Reads the deployment sources in one pass and refuses ambiguity: a variable given by two
 * deployment sources is an error naming both (contract §1). Empty values count as unset, and
 * surrounding whitespace (the newline a secret file usually ends with) is not part of a value.
 *
 * <p>Blocking (it reads files): call it off the event loop. The environment is injected so
 * tests never depend on the JVM's own.
 */
public final class DeploymentConfigLoader {
  public static final String DEFAULTS_RESOURCE = "conf/worker-defaults.properties";
  private static final String FILE_SUFFIX = "_FILE";

  private final Supplier<Map<String, String>> environment;

  public DeploymentConfigLoader(Supplier<Map<String, String>> environment) {
    this.environment = environment;
  }

  /** Values the other sources depend on: read from the environment and NAME_FILE only. */
  public Map<String, ConfigValue> bootstrap() {
    Map<String, String> env = environment.get();
    List<String> problems = new ArrayList<>();
    Map<String, List<ConfigValue>> found = new LinkedHashMap<>();
    for (Variable v : Variables.known().values()) {
      if (v.bootstrap()) {
        collectEnvAndFile(env, v.name(), found, problems);
      }
    }
    return resolve(found, problems);
  }

  /**
   * Loads every source.
   *
   * @param configMap values read from the Kubernetes ConfigMap (empty when none is configured)
   * @param configMapOrigin "namespace/name", for messages
   */
  public LoadResult load(Map<String, String> configMap, String configMapOrigin) {
    Map<String, String> env = environment.get();
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    Map<String, List<ConfigValue>> found = new LinkedHashMap<>();
    for (Variable v : Variables.known().values()) {
      collectEnvAndFile(env, v.name(), found, problems);
    }
    Path secretsDir = secretsDir(found, problems);
    if (secretsDir != null) {
      collectSecretsDir(secretsDir, found, problems, warnings);
    }
    configMap.forEach((name, value) -> {
      Variable v = Variables.known().get(name);
      if (v == null) {
        warnings.add("ConfigMap " + configMapOrigin + " key " + name + " is not a worker variable; ignored");
      } else if (v.bootstrap()) {
        warnings.add(name + " cannot come from the ConfigMap (it locates the sources); ignored");
      } else if (!isBlank(value)) {
        add(found, new ConfigValue(name, value.strip(), ConfigSource.CONFIGMAP, configMapOrigin));
      }
    });
    env.keySet().stream()
        .filter(n -> n.startsWith("JCA_"))
        .filter(n -> !Variables.known().containsKey(n))
        .filter(n -> !(n.endsWith(FILE_SUFFIX) && Variables.known().containsKey(stripSuffix(n))))
        .sorted()
        .forEach(n -> warnings.add(n + " is not a variable this worker knows (a typo?); ignored"));
    Map<String, ConfigValue> values = resolve(found, problems);
    defaults().forEach((name, value) -> values.putIfAbsent(name,
        new ConfigValue(name, value, ConfigSource.DEFAULT, DEFAULTS_RESOURCE)));
    return new LoadResult(new DeploymentConfig(values), List.copyOf(warnings));
  }

  private static void collectEnvAndFile(Map<String, String> env, String name,
      Map<String, List<ConfigValue>> found, List<String> problems) {
    String direct = env.get(name);
    if (!isBlank(direct)) {
      add(found, new ConfigValue(name, direct.strip(), ConfigSource.ENV, null));
    }
    String file = env.get(name + FILE_SUFFIX);
    if (!isBlank(file)) {
      try {
        String content = readValueFile(Path.of(file));
        if (!content.isEmpty()) {
          add(found, new ConfigValue(name, content, ConfigSource.FILE, file));
        }
      } catch (IOException | UncheckedIOException e) {
        problems.add(name + FILE_SUFFIX + ": cannot read the file " + file + " (" + reason(e)
            + "); expected a readable file holding the value");
      }
    }
  }

  private static Path secretsDir(Map<String, List<ConfigValue>> found, List<String> problems) {
    List<ConfigValue> dir = found.get(WorkerVariables.SECRETS_DIR);
    if (dir == null || dir.size() != 1) {
      return null; // absent, or a duplicate that resolve() reports
    }
    Path path = Path.of(dir.get(0).value());
    if (!Files.isDirectory(path)) {
      problems.add(WorkerVariables.SECRETS_DIR + ": " + path + " is not a directory; expected the mount point of a secret volume");
      return null;
    }
    return path;
  }

  private static void collectSecretsDir(Path dir, Map<String, List<ConfigValue>> found,
      List<String> problems, List<String> warnings) {
    for (Variable v : Variables.known().values()) {
      Path file = dir.resolve(v.name());
      if (!Files.isRegularFile(file)) {
        continue;
      }
      if (v.bootstrap()) {
        warnings.add(v.name() + " cannot come from the secrets directory (it locates the sources); ignored");
        continue;
      }
      try {
        String content = readValueFile(file);
        if (!content.isEmpty()) {
          add(found, new ConfigValue(v.name(), content, ConfigSource.SECRETS_DIR, file.toString()));
        }
      } catch (IOException | UncheckedIOException e) {
        problems.add(v.name() + ": cannot read " + file + " in " + WorkerVariables.SECRETS_DIR + " (" + reason(e) + ")");
      }
    }
  }

  private static Map<String, ConfigValue> resolve(Map<String, List<ConfigValue>> found, List<String> problems) {
    Map<String, ConfigValue> values = new LinkedHashMap<>();
    found.forEach((name, candidates) -> {
      if (candidates.size() > 1) {
        problems.add(name + " is given by both " + candidates.get(0).describeOrigin() + " and "
            + candidates.get(1).describeOrigin() + "; expected exactly one source: remove one of them");
      } else {
        values.put(name, candidates.get(0));
      }
    });
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return values;
  }

  /** Secret files usually end in a newline (echo, Docker secrets); the value does not. */
  private static String readValueFile(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8).strip();
  }

  static Map<String, String> defaults() {
    Properties props = new Properties();
    try (InputStream in = DeploymentConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the classpath: the build is broken");
      }
      props.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> defaults = new LinkedHashMap<>();
    props.stringPropertyNames().forEach(n -> defaults.put(n, props.getProperty(n)));
    return defaults;
  }

  private static void add(Map<String, List<ConfigValue>> found, ConfigValue value) {
    found.computeIfAbsent(value.name(), k -> new ArrayList<>()).add(value);
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  private static String stripSuffix(String n) {
    return n.substring(0, n.length() - FILE_SUFFIX.length());
  }

  private static String reason(Exception e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /** The loaded config and the warnings an operator should see in the log. */
  public record LoadResult(DeploymentConfig config, List<String> warnings) {}
}
