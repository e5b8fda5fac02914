package dev.mergeloom.worker.githosts;

import dev.mergeloom.worker.bus.Addresses;
import dev.mergeloom.worker.bus.Bus;
import dev.mergeloom.worker.config.Redactor;
import dev.mergeloom.worker.config.ReadOnlyConfigException;
import dev.mergeloom.worker.config.SecretValue;
import dev.mergeloom.worker.config.WorkerVariables;
import dev.mergeloom.worker.store.GitCredentialStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The owner of the git hosts' tokens: the deployment's ({@code JCA_GIT_CREDENTIALS}, which then
 * owns them all and the UI may not write), or the UI store's. Writes are committed to the store
 * before the map changes; every token is registered with the {@link Redactor}, so a log line
 * that would hold one shows it masked.
 */
public final class GitHostsVerticle extends VerticleBase {
  /** A host's token and where it came from ({@code deployment} or {@code ui}). */
  record Entry(SecretValue token, String source, String updatedAt) {}

  /** A host as a page or the API shows it: never its token. */
  public record Host(String host, String source, String updatedAt) {}

  /** The hosts, and whether the deployment owns them (no UI writes). */
  public record Listing(List<Host> hosts, boolean locked) {}

  record Put(String host, SecretValue token) {}

  private final GitCredentialStore store;
  private final boolean deployed;
  private final Map<String, Entry> hosts = new TreeMap<>();

  private GitHostsVerticle(GitCredentialStore store, Map<String, SecretValue> fromDeployment,
      Map<String, GitCredentialStore.Stored> stored) {
    this.store = store;
    this.deployed = !fromDeployment.isEmpty();
    if (deployed) {
      fromDeployment.forEach((host, token) -> hosts.put(host, new Entry(token, "deployment", null)));
    } else {
      stored.forEach((host, s) -> hosts.put(host, new Entry(s.token(), "ui", s.updatedAt())));
    }
    hosts.values().forEach(e -> Redactor.register(e.token().reveal()));
  }

  /** Loads the store and deploys the owner; {@code deployment} is JCA_GIT_CREDENTIALS as given. */
  public static Future<GitHosts> deploy(Vertx vertx, GitCredentialStore store, String deployment) {
    Map<String, SecretValue> fromDeployment = GitHostNames.deployed(deployment);
    return store.loadAll().compose(stored -> vertx.deployVerticle(new GitHostsVerticle(store, fromDeployment, stored)))
        .map(id -> new GitHosts(vertx));
  }

  @Override
  public Future<?> start() {
    return Future.all(List.of(
        Bus.<String>serve(vertx, Addresses.GIT_HOSTS_LIST, ignored -> Future.succeededFuture(listing())),
        Bus.<Put>serve(vertx, Addresses.GIT_HOSTS_PUT, this::put),
        Bus.<String>serve(vertx, Addresses.GIT_HOSTS_DELETE, this::delete),
        Bus.<String>serve(vertx, Addresses.GIT_HOSTS_TOKEN,
            host -> Future.succeededFuture(Optional.ofNullable(hosts.get(host)).map(Entry::token)))));
  }

  private Listing listing() {
    return new Listing(hosts.entrySet().stream().map(e -> new Host(e.getKey(), e.getValue().source(),
        e.getValue().updatedAt())).toList(), deployed);
  }

  private void refuseWrites() {
    if (deployed) {
      throw new ReadOnlyConfigException("Git host tokens are set by the deployment (" + WorkerVariables.GIT_CREDENTIALS
          + "): change it there and restart the worker.");
    }
  }

  private Future<Host> put(Put put) {
    refuseWrites();
    Redactor.register(put.token().reveal());
    return store.save(put.host(), put.token()).map(saved -> {
      hosts.put(put.host(), new Entry(put.token(), "ui", saved.updatedAt()));
      return new Host(put.host(), "ui", saved.updatedAt());
    });
  }

  private Future<Boolean> delete(String host) {
    refuseWrites();
    return store.delete(host).map(had -> {
      hosts.remove(host);
      return had;
    });
  }
}
