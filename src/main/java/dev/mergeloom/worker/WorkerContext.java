package dev.mergeloom.worker;

import dev.mergeloom.worker.config.DeploymentConfig;
import dev.mergeloom.worker.config.ProviderSettingsService;
import dev.mergeloom.worker.config.RuntimeConfigService;
import dev.mergeloom.worker.config.WorkerSettings;
import dev.mergeloom.worker.cli.CliLogins;
import dev.mergeloom.worker.cli.CliStatusService;
import dev.mergeloom.worker.process.ProcessManager;
import dev.mergeloom.worker.selftest.SelfTestService;
import dev.mergeloom.worker.store.ProviderConfigStore;
import dev.mergeloom.worker.store.RuntimeConfigStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** What the HTTP layer and later features reach: settings, services, stores and metrics. */
public record WorkerContext(
    String version,
    WorkerSettings settings,
    DeploymentConfig deployment,
    ProviderConfigStore providerStore,
    RuntimeConfigStore runtimeStore,
    ProviderSettingsService providers,
    RuntimeConfigService runtime,
    SelfTestService selfTests,
    ProcessManager processes,
    CliLogins cliLogins,
    CliStatusService cliStatus,
    PrometheusMeterRegistry metrics,
    /** The gateway's executors; empty in other roles. */
    java.util.Optional<dev.mergeloom.worker.cluster.ExecutorRegistry> executors,
    /** An executor's copy of the gateway's config; empty unless a config mode is gateway. */
    java.util.Optional<dev.mergeloom.worker.cluster.GatewayConfigFollower> gatewayConfig,
    /** Coding jobs: run here (standalone) or queued for executors (gateway). */
    java.util.Optional<dev.mergeloom.worker.jobs.Jobs> jobs,
    /** The jobs' store; present with {@code jobs}. */
    java.util.Optional<dev.mergeloom.worker.store.Database> jobDatabase,
    /** An executor's claims of the gateway's jobs. */
    java.util.Optional<dev.mergeloom.worker.jobs.JobClaimer> jobClaimer,
    /** Retention and disk use of job workspaces, where jobs run (standalone, executor). */
    java.util.Optional<dev.mergeloom.worker.jobs.workspace.WorkspaceJanitor> workspaces,
    /** Whether job processes run sandboxed here, and why not. */
    dev.mergeloom.worker.process.SandboxStatus sandbox,
    /** The tokens stored per git host (UI, API or JCA_GIT_CREDENTIALS). */
    dev.mergeloom.worker.githosts.GitHosts gitHosts) {}
