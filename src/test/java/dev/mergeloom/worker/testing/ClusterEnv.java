package dev.mergeloom.worker.testing;

import java.nio.file.Path;
import java.util.Map;

/** The environments of a gateway and its executors for tests, each with its own data directory. */
public final class ClusterEnv {
  private ClusterEnv() {}

  public static Map<String, String> gateway(Path dir, int port, String clusterToken) {
    Map<String, String> env = TestWorker.baseEnv(dir.resolve("gateway"));
    env.put("JCA_WORKER_ROLE", "gateway");
    env.put("JCA_WORKER_PORT", Integer.toString(port));
    env.put("JCA_WORKER_CLUSTER_TOKEN", clusterToken);
    return env;
  }

  public static Map<String, String> executor(Path dir, String name, int gatewayPort, String clusterToken) {
    Map<String, String> env = TestWorker.baseEnv(dir.resolve("executor-" + name));
    env.put("JCA_WORKER_ROLE", "executor");
    env.put("JCA_WORKER_NAME", name);
    env.put("JCA_WORKER_GATEWAY_URL", "http://127.0.0.1:" + gatewayPort);
    env.put("JCA_WORKER_CLUSTER_TOKEN", clusterToken);
    return env;
  }
}
