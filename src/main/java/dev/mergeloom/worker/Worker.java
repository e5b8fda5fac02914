package dev.mergeloom.worker;

import dev.mergeloom.worker.cluster.ConfigSnapshots;
import dev.mergeloom.worker.cluster.ExecutorRegistry;
import dev.mergeloom.worker.cluster.GatewayConfigFollower;
import dev.mergeloom.worker.config.ConfigException;
import dev.mergeloom.worker.config.ConfigMode;
import dev.mergeloom.worker.config.Role;
import dev.mergeloom.worker.config.ConfigMapSource;
import dev.mergeloom.worker.config.DeploymentConfig;
import dev.mergeloom.worker.config.DeploymentConfigLoader;
import dev.mergeloom.worker.config.DeploymentValidation;
import dev.mergeloom.worker.config.ProviderSettingsService;
import dev.mergeloom.worker.config.Redactor;
import dev.mergeloom.worker.config.RuntimeConfigService;
import dev.mergeloom.worker.config.SettingsVerticle;
import dev.mergeloom.worker.config.SettingsView;
import dev.mergeloom.worker.config.Variables;
import dev.mergeloom.worker.config.WorkerSettings;
import dev.mergeloom.worker.config.WorkerVariables;
import dev.mergeloom.worker.cli.CliSettings;
import dev.mergeloom.worker.cli.CliLoginVerticle;
import dev.mergeloom.worker.cli.CliLogins;
import dev.mergeloom.worker.cli.CliSelfTest;
import dev.mergeloom.worker.cli.CliStatusService;
import dev.mergeloom.worker.credentials.AzureTokens;
import dev.mergeloom.worker.logging.LoggingSetup;
import dev.mergeloom.worker.process.ProcessManager;
import dev.mergeloom.worker.provider.HttpTransport;
import dev.mergeloom.worker.provider.OutboundConfig;
import dev.mergeloom.worker.provider.OutboundSettings;
import dev.mergeloom.worker.provider.TrustStores;
import dev.mergeloom.worker.provider.clients.BedrockClients;
import dev.mergeloom.worker.provider.clients.ProviderClients;
import dev.mergeloom.worker.provider.clients.ProviderVerticle;
import dev.mergeloom.worker.provider.clients.Providers;
import dev.mergeloom.worker.selftest.SelfTestService;
import dev.mergeloom.worker.jobs.workspace.AsyncLimiter;
import dev.mergeloom.worker.jobs.JobClaimer;
import dev.mergeloom.worker.jobs.run.JobDeps;
import dev.mergeloom.worker.jobs.Jobs;
import dev.mergeloom.worker.jobs.JobsVerticle;
import dev.mergeloom.worker.jobs.workspace.WorkspaceJanitor;
import dev.mergeloom.worker.process.SandboxSetup;
import dev.mergeloom.worker.jobs.model.Prices;
import dev.mergeloom.worker.store.Database;
import dev.mergeloom.worker.store.JobStore;
import dev.mergeloom.worker.store.SelfTestStore;
import dev.mergeloom.worker.store.ProviderConfigStore;
import dev.mergeloom.worker.store.RuntimeConfigStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: loads the configuration, opens the stores, starts the HTTP server, and
 * stops it all again. One {@link Vertx} per worker, so tests can run several side by side.
 */
public final class Worker {
  private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

  private final Vertx vertx;
  private final WorkerContext context;
  private final int port;

  private Worker(Vertx vertx, WorkerContext context, int port) {
    this.vertx = vertx;
    this.context = context;
    this.port = port;
  }

  /**
   * Starts a worker from an injected environment (never {@link System#getenv()} directly).
   * Fails with a {@link ConfigException} naming each bad variable; nothing is left running then.
   */
  public static Future<Worker> start(Map<String, String> environment) {
    Map<String, String> env = Map.copyOf(environment);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
            .setJvmMetricsEnabled(true)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
    dev.mergeloom.worker.bus.Bus.install(vertx);
    DeploymentConfigLoader loader = new DeploymentConfigLoader(() -> env);
    // The answer is a context-free promise: a failed start closes Vert.x, and a future bound to
    // one of its event loops could no longer report back.
    Promise<Worker> started = Promise.promise();
    vertx.executeBlocking(loader::bootstrap)
        .compose(bootstrap -> ConfigMapSource.fetch(vertx, bootstrap, env))
        .compose(configMap -> vertx.executeBlocking(() -> loader.load(configMap.values(), configMap.origin())))
        .compose(loaded -> {
          DeploymentConfig config = loaded.config();
          config.all().stream().filter(v -> Variables.isSecret(v.name())).forEach(v -> Redactor.register(v.value()));
          Settings parsed = parseSettings(config, env);
          LoggingSetup.apply(parsed.worker().jsonLogs(), parsed.worker().logLevel());
          loaded.warnings().forEach(w -> LOG.warn("config: {}", w));
          return assemble(vertx, config, parsed, env, registry);
        })
        .compose(context -> serve(vertx, context))
        .onComplete(started::complete,
            failure -> closeFromOutside(vertx).onComplete(ignored -> started.fail(failure)));
    return started.future();
  }

  /** The typed settings of the worker and of its outbound calls. */
  private record Settings(WorkerSettings worker, OutboundConfig.Policies outbound) {}

  /** Parses every group of settings and reports all their problems together. */
  private static Settings parseSettings(DeploymentConfig config, Map<String, String> env) {
    List<String> problems = new ArrayList<>(DeploymentValidation.problems(config));
    WorkerSettings worker = null;
    OutboundConfig.Policies outbound = null;
    try {
      worker = WorkerSettings.parse(config, env);
    } catch (ConfigException e) {
      problems.addAll(0, e.problems());
    }
    try {
      outbound = OutboundConfig.parse(config, env);
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    try {
      CliSettings.loginTimeout(config);
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new Settings(worker, outbound);
  }

  /** Opens the stores and builds the services, one step after another. */
  private static Future<WorkerContext> assemble(Vertx vertx, DeploymentConfig config, Settings parsed,
      Map<String, String> env, PrometheusMeterRegistry registry) {
    WorkerSettings settings = parsed.worker();
    var parts = new Object() {
      ProviderConfigStore providerStore;
      RuntimeConfigStore runtimeStore;
      SettingsView settings;
      ProviderSettingsService providers;
      RuntimeConfigService runtime;
      Providers clients;
      CliSettings cli;
      ProcessManager processes;
      CliStatusService cliStatus;
      SelfTestService selfTests;
      Optional<Database> jobDatabase;
      JobDeps jobDeps;
      JobClaimer claimer;
      dev.mergeloom.worker.process.SandboxStatus sandbox;
      javax.net.ssl.TrustManagerFactory forgeTrust;
      dev.mergeloom.worker.githosts.GitHosts gitHosts;
    };
    return ProviderConfigStore.open(vertx, settings.providerConfigDbPath(), settings.secretKeyPath())
        .compose(store -> {
          parts.providerStore = store;
          return RuntimeConfigStore.open(vertx, settings.runtimeConfigDbPath());
        })
        .compose(store -> {
          parts.runtimeStore = store;
          return SettingsVerticle.deploy(vertx, config, settings.providerConfigMode(), settings.runtimeConfigMode(),
              parts.providerStore, parts.runtimeStore);
        })
        .compose(view -> {
          parts.settings = view;
          parts.providers = new ProviderSettingsService(view);
          parts.runtime = new RuntimeConfigService(view);
          return dev.mergeloom.worker.githosts.GitHostsVerticle.deploy(vertx, parts.providerStore.gitCredentials(),
              config.value(dev.mergeloom.worker.config.WorkerVariables.GIT_CREDENTIALS));
        })
        .compose(gitHosts -> {
          parts.gitHosts = gitHosts;
          return providerClients(vertx, parsed.outbound().calls(), env);
        })
        .compose(clients -> {
          parts.clients = clients;
          return vertx.executeBlocking(() -> CliSettings.from(config, env).ensureDirectories());
        })
        .compose(cli -> {
          parts.cli = cli;
          parts.processes = new ProcessManager(vertx);
          parts.cliStatus = new CliStatusService(parts.processes, cli);
          return vertx.deployVerticle(new CliLoginVerticle(parts.processes, cli, CliSettings.loginTimeout(config)));
        })
        .compose(loginsDeployed -> settings.role() == Role.GATEWAY ? Future.succeededFuture(SandboxSetup.notHere())
            : SandboxSetup.start(vertx, parts.processes, settings.sandbox(), env))
        .compose(sandbox -> {
          parts.sandbox = sandbox;
          return SelfTestStore.open(parts.providerStore.database());
        })
        .compose(store -> SelfTestService.load(parts.providers, parts.clients, parsed.outbound().selfTest(), store,
            new CliSelfTest(parts.processes, parts.cli, parts.cliStatus, parsed.outbound().selfTest().retryBudget()),
            dev.mergeloom.worker.jobs.loop.JobTools.specs()))
        .compose(selfTests -> {
          parts.selfTests = selfTests;
          // File reads: not on the event loop. The forges' client trusts what the providers' does.
          return vertx.executeBlocking(() -> {
            parts.forgeTrust = parsed.outbound().calls().caBundle() == null ? null
                : TrustStores.withExtraCa(parsed.outbound().calls().caBundle());
            return Prices.load();
          });
        })
        .compose(prices -> {
          parts.jobDeps = new JobDeps(vertx, parts.processes, parts.cli, parts.providers, parts.runtime, parts.clients,
              parsed.outbound().calls(), workspaceRoot(config, settings), env.getOrDefault("PATH",
                  "/usr/local/bin:/usr/bin:/bin"), prices, settings.jobMaxTurns(), settings.jobMaxTokens(),
              new AsyncLimiter(2 * Runtime.getRuntime().availableProcessors()),
              vertx.createSharedWorkerExecutor("mergeloom-git", 2 * Runtime.getRuntime().availableProcessors()),
              parts.sandbox, new dev.mergeloom.worker.forge.ForgeClient(vertx, parsed.outbound().calls(), parts.forgeTrust),
              settings.publicUrl(), parts.gitHosts);
          // Standalone runs jobs; a gateway queues them for executors; an executor claims them.
          return settings.role() != Role.EXECUTOR
              ? Database.open(vertx, settings.dataDir().resolve("jobs.db"), Database.Durability.WAL).map(Optional::of)
              : Future.succeededFuture(Optional.<Database>empty());
        })
        .compose(jobDb -> {
          parts.jobDatabase = jobDb;
          if (jobDb.isEmpty()) {
            return Future.succeededFuture(Optional.<Jobs>empty());
          }
          return JobStore.open(jobDb.get())
              .compose(store -> JobsVerticle.deploy(parts.jobDeps, store, parts.selfTests, registry,
                  settings.role() == Role.GATEWAY ? Optional.of(java.time.Duration.ofSeconds(settings.heartbeatSeconds()))
                      : Optional.empty()))
              .map(Optional::of);
        })
        .map(jobs -> new WorkerContext(version(), settings, config, parts.providerStore, parts.runtimeStore,
            parts.providers, parts.runtime, parts.selfTests, parts.processes,
            new CliLogins(vertx), parts.cliStatus, registry,
            settings.role() == Role.GATEWAY ? Optional.of(new ExecutorRegistry(Clock.systemUTC(),
                new ConfigSnapshots(parts.settings))) : Optional.empty(),
            followsGateway(settings) ? Optional.of(new GatewayConfigFollower(vertx, settings.gatewayUrl().orElseThrow(),
                settings.clusterToken().orElseThrow(), settings.workerName(), parts.settings,
                () -> parts.claimer == null ? 0 : parts.claimer.running(), Clock.systemUTC())) : Optional.empty(),
            jobs, parts.jobDatabase, claimer(settings, parts.jobDeps).map(c -> parts.claimer = c),
            janitor(vertx, settings, parts.jobDeps, jobs, () -> parts.claimer), parts.sandbox, parts.gitHosts));
  }

  /** Where jobs run here (standalone, executor), their workspaces are swept hourly after retention. */
  private static Optional<WorkspaceJanitor> janitor(Vertx vertx, WorkerSettings settings, JobDeps deps,
      Optional<Jobs> jobs, java.util.function.Supplier<JobClaimer> claimer) {
    if (settings.role() == Role.GATEWAY) {
      return Optional.empty();
    }
    java.util.function.Supplier<Future<java.util.Set<String>>> running = () -> jobs.map(Jobs::runningIds)
        .orElse(Future.succeededFuture(java.util.Set.of())).compose(here -> claimer.get() == null
            ? Future.succeededFuture(here) : claimer.get().runningIds(here));
    return Optional.of(new WorkspaceJanitor(vertx, deps.workspaceRoot(), settings.workspaceRetention(), running,
        Clock.systemUTC()).start(java.time.Duration.ofHours(1)));
  }

  /** {@code JCA_WORKER_WORKSPACE_ROOT}, else {@code <data>/workspaces}. */
  private static java.nio.file.Path workspaceRoot(DeploymentConfig config, WorkerSettings settings) {
    String configured = config.value(WorkerVariables.WORKSPACE_ROOT);
    return configured == null ? settings.dataDir().resolve("workspaces")
        : java.nio.file.Path.of(configured).toAbsolutePath().normalize();
  }

  /** Executors take their jobs from the gateway. */
  private static Optional<JobClaimer> claimer(WorkerSettings settings, JobDeps deps) {
    if (settings.role() != Role.EXECUTOR || settings.gatewayUrl().isEmpty() || settings.clusterToken().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new JobClaimer(deps, settings.gatewayUrl().get(), settings.clusterToken().get(),
        settings.workerName(), java.time.Duration.ofSeconds(settings.heartbeatSeconds())));
  }

  private static boolean followsGateway(WorkerSettings settings) {
    return settings.providerConfigMode() == ConfigMode.GATEWAY || settings.runtimeConfigMode() == ConfigMode.GATEWAY;
  }

  private static Future<Worker> serve(Vertx vertx, WorkerContext context) {
    WorkerSettings settings = context.settings();
    Gauge.builder("mergeloom_worker_up", () -> 1).tag("role", settings.role().wireName())
        .tag("version", context.version()).description("Worker role and version").register(context.metrics());
    if (settings.role() == Role.GATEWAY && settings.clusterToken().isEmpty()) {
      LOG.warn("{} is not set: executors cannot reach this gateway's cluster API", WorkerVariables.CLUSTER_TOKEN);
    }
    return HttpVerticle.deploy(vertx, context).map(port -> new Worker(vertx, context, port))
        .onSuccess(worker -> context.gatewayConfig().ifPresent(GatewayConfigFollower::start))
        .onSuccess(worker -> context.jobClaimer().ifPresent(claimer -> context.gatewayConfig()
            .map(GatewayConfigFollower::firstContact).orElse(Future.succeededFuture())
            .compose(v -> vertx.deployVerticle(claimer))))
        .onSuccess(worker -> LOG.info("mergeloom-worker {} started: role={} address=http://{}:{} providerConfigMode={} "
            + "runtimeConfigMode={} dataDir={}", context.version(), settings.role().wireName(),
            hostForUrl(settings.host()), worker.port(), settings.providerConfigMode().wireName(),
            settings.runtimeConfigMode().wireName(), settings.dataDir()))
        .onSuccess(worker -> {
          if (System.getProperty("mergeloom.launcher") != null) {
            // Started by scripts/start.sh on a laptop: the last line says what to do next.
            String host = settings.host().equals("0.0.0.0") || settings.host().equals("::") ? "127.0.0.1"
                : hostForUrl(settings.host());
            LOG.info("open http://{}:{}/ — stop with Ctrl-C", host, worker.port());
          }
        });
  }

  /**
   * Outbound HTTP for providers, in the verticle that owns the clients; the CA bundle is read on a
   * worker thread.
   */
  private static Future<Providers> providerClients(Vertx vertx, OutboundSettings calls, Map<String, String> env) {
    return vertx.executeBlocking(() -> calls.caBundle() == null ? null : TrustStores.withExtraCa(calls.caBundle()))
        .compose(trust -> {
          String authorityHost = env.get("AZURE_AUTHORITY_HOST");
          AzureTokens.Authority azure = new AzureTokens.Authority(
              authorityHost == null || authorityHost.isBlank() ? null : authorityHost.trim(),
              trust == null ? null : TrustStores.sslContext(trust));
          ProviderClients clients = new ProviderClients(vertx, new HttpTransport(vertx, calls, trust),
              new BedrockClients(vertx, calls, trust), azure);
          // Replaced settings leave their client behind: it goes once nobody held it for 10 minutes.
          return vertx.deployVerticle(new ProviderVerticle(clients, java.time.Duration.ofMinutes(1),
              java.time.Duration.ofMinutes(10)));
        })
        .map(deployed -> new Providers(vertx));
  }

  private static String hostForUrl(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  static String version() {
    String v = Worker.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  public int port() {
    return port;
  }

  public WorkerContext context() {
    return context;
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * Stops serving, ends every child process, closes the stores, then Vert.x. Vert.x is closed from a thread outside it:
   * closed from one of its own event loops, the close would try to report back to that loop
   * after it has stopped.
   */
  public Future<Void> stop() {
    context.gatewayConfig().ifPresent(GatewayConfigFollower::stop);
    var resources = Future.all(vertx.deploymentIDs().stream().map(vertx::undeploy).toList())
        .eventually(() -> context.processes().stopAll(ProcessManager.DEFAULT_GRACE))
        // The jobs' proxy sockets live in a temporary directory of this run: nothing else uses it.
        .eventually(() -> context.sandbox().egress().map(dir -> vertx.fileSystem().deleteRecursive(dir.toString()))
            .orElse(Future.succeededFuture()))
        .eventually(() -> context.providerStore().database().close())
        .eventually(() -> context.runtimeStore().database().close())
        .eventually(() -> context.jobDatabase().map(Database::close).orElse(Future.succeededFuture()))
        .toCompletionStage();
    return Future.fromCompletionStage(resources.handle((ok, e) -> null)).compose(ignored -> closeFromOutside(vertx));
  }

  private static Future<Void> closeFromOutside(Vertx vertx) {
    return Future.fromCompletionStage(java.util.concurrent.CompletableFuture.runAsync(() -> {})
        .thenCompose(ignored -> vertx.close().toCompletionStage()));
  }
}
