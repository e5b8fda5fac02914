package dev.mergeloom.worker.cluster;

/** Headers an executor sends on every cluster API call, so the gateway knows who calls. */
final class ClusterHeaders {
  static final String EXECUTOR = "X-MergeLoom-Executor";
  static final String CONFIG_VERSION = "X-MergeLoom-Config-Version";
  static final String RUNNING_JOBS = "X-MergeLoom-Running-Jobs";

  private ClusterHeaders() {}

  /** The executor's name as sent, cut to what a pod or host name may hold (it reaches logs and pages). */
  static String executorName(String raw) {
    if (raw == null || raw.isBlank()) {
      return "unnamed";
    }
    String clean = raw.replaceAll("[^A-Za-z0-9._-]", "_");
    return clean.length() > 63 ? clean.substring(0, 63) : clean;
  }
}
