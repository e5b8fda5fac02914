package dev.mergeloom.worker.config;

import java.util.List;

/** Names of the worker's own variables (contract §1, §2.2, §3.1, §4), declared once. */
public final class WorkerVariables {
  public static final String ROLE = "JCA_WORKER_ROLE";
  public static final String HOST = "JCA_WORKER_HOST";
  public static final String PORT = "JCA_WORKER_PORT";
  public static final String DATA_DIR = "JCA_WORKER_DATA_DIR";
  public static final String SECRETS_DIR = "JCA_WORKER_SECRETS_DIR";
  public static final String PROVIDER_CONFIG_MODE = "JCA_PROVIDER_CONFIG_MODE";
  public static final String RUNTIME_CONFIG_MODE = "JCA_WORKER_RUNTIME_CONFIG_MODE";
  public static final String PROVIDER_CONFIG_DB_PATH = "JCA_PROVIDER_CONFIG_DB_PATH";
  public static final String RUNTIME_CONFIG_DB_PATH = "JCA_WORKER_RUNTIME_CONFIG_DB_PATH";
  public static final String PROVIDER_SECRET_KEY_PATH = "JCA_PROVIDER_SECRET_KEY_PATH";
  public static final String UI_ALLOWED_HOSTS = "JCA_WORKER_UI_ALLOWED_HOSTS";
  public static final String UI_TOKEN = "JCA_WORKER_UI_TOKEN";
  public static final String LOG_FORMAT = "JCA_WORKER_LOG_FORMAT";
  public static final String LOG_LEVEL = "JCA_WORKER_LOG_LEVEL";
  public static final String NAME = "JCA_WORKER_NAME";
  public static final String TENANT_SLUG = "JCA_WORKER_TENANT_SLUG";
  public static final String CONTROL_PLANE_URL = "JCA_WORKER_CONTROL_PLANE_URL";
  public static final String CONTROL_PLANE_REQUEST_TIMEOUT = "JCA_WORKER_CONTROL_PLANE_REQUEST_TIMEOUT_SECONDS";
  public static final String ENROLLMENT_TOKEN = "JCA_WORKER_ENROLLMENT_TOKEN";
  public static final String CLUSTER_TOKEN = "JCA_WORKER_CLUSTER_TOKEN";
  public static final String GATEWAY_URL = "JCA_WORKER_GATEWAY_URL";
  public static final String POLL_ENABLED = "JCA_WORKER_POLL_ENABLED";
  public static final String HEARTBEAT_INTERVAL = "JCA_WORKER_ACTIVE_JOB_HEARTBEAT_INTERVAL_SECONDS";
  public static final String WORKSPACE_ROOT = "JCA_WORKER_WORKSPACE_ROOT";
  public static final String WORKSPACE_RETENTION_HOURS = "JCA_WORKER_WORKSPACE_RETENTION_HOURS";
  public static final String PUBLIC_URL = "JCA_WORKER_PUBLIC_URL";
  public static final String GIT_CREDENTIALS = "JCA_GIT_CREDENTIALS";
  public static final String DEPLOYMENT = "JCA_WORKER_DEPLOYMENT";
  public static final String SANDBOX = "JCA_WORKER_SANDBOX";
  public static final String BWRAP_PATH = "JCA_WORKER_BWRAP_PATH";
  public static final String SANDBOX_READ_ONLY_PATHS = "JCA_WORKER_SANDBOX_READ_ONLY_PATHS";
  public static final String SANDBOX_MAX_PROCESSES = "JCA_WORKER_SANDBOX_MAX_PROCESSES";
  public static final String SANDBOX_MAX_MEMORY_MB = "JCA_WORKER_SANDBOX_MAX_MEMORY_MB";
  public static final String SANDBOX_MAX_FILE_MB = "JCA_WORKER_SANDBOX_MAX_FILE_MB";
  public static final String SANDBOX_CGROUPS = "JCA_WORKER_SANDBOX_CGROUPS";
  public static final String JOB_MAX_TURNS = "JCA_WORKER_JOB_MAX_TURNS";
  public static final String JOB_MAX_TOKENS = "JCA_WORKER_JOB_MAX_TOKENS";
  public static final String CLI_CONFIG_DIR = "JCA_WORKER_CLI_CONFIG_DIR";
  public static final String CLAUDE_CONFIG_DIR = "JCA_WORKER_CLAUDE_CONFIG_DIR";
  public static final String CODEX_PATH = "JCA_WORKER_CODEX_PATH";
  public static final String CLAUDE_PATH = "JCA_WORKER_CLAUDE_PATH";
  public static final String CLI_LOGIN_TIMEOUT = "JCA_WORKER_CLI_LOGIN_TIMEOUT_SECONDS";
  public static final String CA_BUNDLE = "JCA_WORKER_CA_BUNDLE";
  public static final String PROVIDER_CONNECT_TIMEOUT = "JCA_WORKER_PROVIDER_CONNECT_TIMEOUT_SECONDS";
  public static final String PROVIDER_REQUEST_TIMEOUT = "JCA_WORKER_PROVIDER_REQUEST_TIMEOUT_SECONDS";
  public static final String PROVIDER_RETRY_BUDGET = "JCA_WORKER_PROVIDER_RETRY_BUDGET_SECONDS";
  public static final String PROVIDER_MAX_ATTEMPTS = "JCA_WORKER_PROVIDER_MAX_ATTEMPTS";
  public static final String SELF_TEST_TIMEOUT = "JCA_WORKER_SELF_TEST_TIMEOUT_SECONDS";
  public static final String CONFIGMAP_NAME = "JCA_WORKER_CONFIGMAP_NAME";
  public static final String CONFIGMAP_NAMESPACE = "JCA_WORKER_CONFIGMAP_NAMESPACE";
  public static final String KUBERNETES_API_URL = "JCA_WORKER_KUBERNETES_API_URL";
  public static final String KUBERNETES_TOKEN_FILE = "JCA_WORKER_KUBERNETES_TOKEN_FILE";

  static final List<Variable> ALL = List.of(
      Variable.plain(ROLE, "standalone | gateway | executor"),
      Variable.plain(HOST, "bind address"),
      Variable.plain(PORT, "bind port"),
      Variable.plain(DATA_DIR, "state directory"),
      Variable.bootstrap(SECRETS_DIR, "mounted secrets directory, one file per variable"),
      Variable.plain(PROVIDER_CONFIG_MODE, "ui | provisioned"),
      Variable.plain(RUNTIME_CONFIG_MODE, "ui | provisioned"),
      Variable.plain(PROVIDER_CONFIG_DB_PATH, "provider config database file"),
      Variable.plain(RUNTIME_CONFIG_DB_PATH, "runtime config database file"),
      Variable.plain(PROVIDER_SECRET_KEY_PATH, "AES-256 key file for secrets at rest"),
      Variable.plain(UI_ALLOWED_HOSTS, "extra Host names the UI answers to"),
      Variable.secret(UI_TOKEN, "token required for the UI and API off loopback"),
      Variable.plain(LOG_FORMAT, "text | json"),
      Variable.plain(LOG_LEVEL, "root log level"),
      Variable.plain(NAME, "worker name"),
      Variable.plain(TENANT_SLUG, "tenant"),
      Variable.plain(CONTROL_PLANE_URL, "control plane URL"),
      Variable.plain(CONTROL_PLANE_REQUEST_TIMEOUT, "control plane request timeout"),
      Variable.secret(ENROLLMENT_TOKEN, "control plane enrollment token"),
      Variable.secret(CLUSTER_TOKEN, "gateway/executor shared token"),
      Variable.plain(GATEWAY_URL, "gateway URL for executors"),
      Variable.plain(POLL_ENABLED, "whether this process takes jobs"),
      Variable.plain(HEARTBEAT_INTERVAL, "job heartbeat interval"),
      Variable.plain(WORKSPACE_ROOT, "where job workspaces are checked out"),
      Variable.plain(WORKSPACE_RETENTION_HOURS, "hours a finished job's workspace is kept"),
      Variable.plain(PUBLIC_URL, "the worker's address as people reach it, for links in review requests"),
      Variable.secret(GIT_CREDENTIALS, "git host tokens, host=token per line or a JSON object"),
      Variable.plain(SANDBOX, "bwrap | off: the OS boundary around job processes"),
      Variable.plain(BWRAP_PATH, "the bubblewrap executable"),
      Variable.plain(SANDBOX_READ_ONLY_PATHS, "extra host paths job commands may read (toolchains)"),
      Variable.plain(SANDBOX_MAX_PROCESSES, "processes per job command"),
      Variable.plain(SANDBOX_MAX_MEMORY_MB, "address space per job command process (and cgroup memory per command)"),
      Variable.plain(SANDBOX_MAX_FILE_MB, "largest file a job command may write"),
      Variable.plain(SANDBOX_CGROUPS, "auto | off: a cgroup per job command where the host allows"),
      Variable.plain(DEPLOYMENT, "standalone | compose | kubernetes, for the shell hints the pages show"),
      Variable.plain(JOB_MAX_TURNS, "model turns per job session before it ends with max_turns"),
      Variable.plain(JOB_MAX_TOKENS, "tokens per job session before it ends with token_limit"),
      Variable.plain(CLI_CONFIG_DIR, "Codex CLI config directory (CODEX_HOME)"),
      Variable.plain(CLAUDE_CONFIG_DIR, "Claude Code config directory"),
      Variable.plain(CODEX_PATH, "codex executable"),
      Variable.plain(CLAUDE_PATH, "claude executable"),
      Variable.plain(CLI_LOGIN_TIMEOUT, "how long a CLI login may wait for the operator"),
      Variable.plain(CA_BUNDLE, "extra CA bundle (PEM) for provider calls"),
      Variable.plain(PROVIDER_CONNECT_TIMEOUT, "provider connect timeout"),
      Variable.plain(PROVIDER_REQUEST_TIMEOUT, "provider request timeout"),
      Variable.plain(PROVIDER_RETRY_BUDGET, "total time for a provider call and its retries"),
      Variable.plain(PROVIDER_MAX_ATTEMPTS, "attempts per provider call"),
      Variable.plain(SELF_TEST_TIMEOUT, "total time for one self-test"),
      Variable.bootstrap(CONFIGMAP_NAME, "Kubernetes ConfigMap to read settings from"),
      Variable.bootstrap(CONFIGMAP_NAMESPACE, "namespace of that ConfigMap"),
      Variable.bootstrap(KUBERNETES_API_URL, "Kubernetes API URL when not in a pod"),
      Variable.bootstrap(KUBERNETES_TOKEN_FILE, "Kubernetes API bearer token file"));

  private WorkerVariables() {}
}
