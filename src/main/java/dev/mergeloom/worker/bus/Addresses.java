package dev.mergeloom.worker.bus;

/** Every event-bus address the worker uses, declared once. */
public final class Addresses {
  private Addresses() {}

  /** CLI logins, owned by {@code cli.CliLoginVerticle}; each answers the login's {@code LoginView}. */
  public static final String CLI_LOGIN_START = "mergeloom.cli.login.start";
  public static final String CLI_LOGIN_CODE = "mergeloom.cli.login.code";
  public static final String CLI_LOGIN_CANCEL = "mergeloom.cli.login.cancel";
  /** Answers every provider's last login, as a map from provider id to {@code LoginView}. */
  public static final String CLI_LOGIN_ALL = "mergeloom.cli.login.all";

  /**
   * Provider and runtime settings, owned by {@code config.SettingsVerticle}; each write answers
   * the new {@code Settings} revision, which is also published on {@link #SETTINGS_CHANGED}.
   */
  public static final String SETTINGS_PROVIDER_PUT = "mergeloom.settings.provider.put";
  public static final String SETTINGS_PROVIDER_DELETE = "mergeloom.settings.provider.delete";
  public static final String SETTINGS_RUNTIME_PUT = "mergeloom.settings.runtime.put";
  /** Executors: the gateway's settings replace the cached ones. */
  public static final String SETTINGS_FROM_GATEWAY = "mergeloom.settings.from-gateway";
  /** Published after every change: the new {@code Settings}, for the HTTP verticles, the runner and the feed. */
  public static final String SETTINGS_CHANGED = "mergeloom.settings.changed";

  /**
   * Jobs, owned by {@code jobs.JobsVerticle} and reached through {@code jobs.Jobs}: a submission
   * answers the queued record's {@code JobView}; reads answer copies.
   */
  /** Git hosts' tokens: list (no tokens), put, delete, and a job's lookup of one host's token. */
  public static final String GIT_HOSTS_LIST = "mergeloom.git-hosts.list";
  public static final String GIT_HOSTS_PUT = "mergeloom.git-hosts.put";
  public static final String GIT_HOSTS_DELETE = "mergeloom.git-hosts.delete";
  public static final String GIT_HOSTS_TOKEN = "mergeloom.git-hosts.token";

  public static final String JOBS_SUBMIT = "mergeloom.jobs.submit";
  public static final String JOBS_CANCEL = "mergeloom.jobs.cancel";
  /** Publishes a publish_failed job's commit again, without its model: answers the record's copy. */
  public static final String JOBS_PUBLISH = "mergeloom.jobs.publish";
  public static final String JOBS_GET = "mergeloom.jobs.get";
  public static final String JOBS_LIST = "mergeloom.jobs.list";
  /** A job's events after a given id, for a live reader catching up, or the stored ones once it ended. */
  public static final String JOBS_EVENTS = "mergeloom.jobs.events";
  /** The ids of the jobs running in this process (their workspaces are in use). */
  public static final String JOBS_RUNNING_IDS = "mergeloom.jobs.running-ids";
  /** Gateway: an executor's claim (answered when a job is handed over or the wait ends), its withdrawal, its report. */
  public static final String JOBS_CLAIM = "mergeloom.jobs.claim";
  public static final String JOBS_CLAIM_WITHDRAW = "mergeloom.jobs.claim.withdraw";
  public static final String JOBS_REPORT = "mergeloom.jobs.report";

  /**
   * API providers' clients, owned by {@code provider.clients.ProviderVerticle} and reached through
   * {@code provider.clients.Providers}: an open answers a lease of the client for those settings
   * (built once, shared while held); a chat or a model list is a call with that lease; a close
   * gives it back, and a client nobody held for ten minutes is closed.
   */
  public static final String PROVIDERS_OPEN = "mergeloom.providers.open";
  public static final String PROVIDERS_CHAT = "mergeloom.providers.chat";
  /** A lease, a chat call and the lease given back in one request (a self-test). */
  public static final String PROVIDERS_ONCE = "mergeloom.providers.once";
  public static final String PROVIDERS_MODELS = "mergeloom.providers.models";
  public static final String PROVIDERS_CLOSE = "mergeloom.providers.close";
  /** How many clients are kept (held or idle), for tests and the metrics. */
  public static final String PROVIDERS_KEPT = "mergeloom.providers.kept";

  /** One job's events as they happen, published by its owner: {@code {"id", "type", "at", "data"}}. */
  public static String jobEvents(String jobId) {
    return "mergeloom.jobs." + jobId + ".events";
  }

  /** Output lines of one managed process: {@code {"processId", "stream": "stdout"|"stderr", "line"}}. */
  public static String processOutput(String processId) {
    return "mergeloom.process." + processId + ".output";
  }
}
