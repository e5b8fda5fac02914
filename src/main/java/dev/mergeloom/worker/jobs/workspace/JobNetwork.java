package dev.mergeloom.worker.jobs.workspace;

import dev.mergeloom.worker.jobs.model.JobEvents;
import dev.mergeloom.worker.cli.CliKind;
import dev.mergeloom.worker.process.EgressProxy;
import dev.mergeloom.worker.process.HostAllowlist;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job's way out of its sandbox: the egress proxies it needs, each on a Unix socket of its own,
 * and the job events of what they allowed and refused. Job commands get a proxy only when the
 * network allowlist names hosts (otherwise they have no network at all); a CLI session gets one
 * that also allows its provider's endpoints, so the job's validation commands never reach them.
 * Lives on the job's context; {@link #close} ends every proxy with the job.
 */
public final class JobNetwork {
  /** Events kept per job; past that, connections are only counted. */
  static final int MAX_EVENTS = 200;
  static final List<String> CODEX_HOSTS = List.of("api.openai.com", "chatgpt.com", "auth.openai.com");
  static final List<String> CLAUDE_HOSTS = List.of("api.anthropic.com", "console.anthropic.com", "platform.claude.com",
      "claude.ai");
  private static final Pattern BASE_URL = Pattern.compile("(?m)^\\s*base_url\\s*=\\s*\"([^\"]+)\"");

  private final Vertx vertx;
  private final Optional<Path> egressDir;
  private final boolean sandboxed;
  private final String jobId;
  private final JobEvents events;
  private final List<EgressProxy> proxies = new ArrayList<>();
  private final List<Path> sockets = new ArrayList<>();
  private int allowed;
  private int refused;

  /** @param sandboxed whether job processes run in the sandbox (unsandboxed, they have the host's network) */
  public JobNetwork(Vertx vertx, Optional<Path> egressDir, boolean sandboxed, String jobId, JobEvents events) {
    this.vertx = vertx;
    this.egressDir = egressDir;
    this.sandboxed = sandboxed;
    this.jobId = jobId;
    this.events = events;
  }

  /**
   * A proxy for this list, or empty when the list is empty or the sandbox has no egress bridge
   * here (then the commands run with no network, which the event says).
   */
  public Future<Optional<Path>> open(HostAllowlist hosts, String purpose) {
    if (hosts.isEmpty() || !sandboxed) {
      return Future.succeededFuture(Optional.empty());
    }
    if (egressDir.isEmpty()) {
      events.add("network.unavailable", new JsonObject().put("purpose", purpose).put("message",
          "the sandbox has no egress bridge here (see /health): " + purpose + " run with no network"));
      return Future.succeededFuture(Optional.empty());
    }
    // Short names: a socket path has at most 107 bytes.
    Path socket = egressDir.get().resolve(jobId.substring(0, Math.min(12, jobId.length())) + "-" + sockets.size()
        + ".sock");
    sockets.add(socket);
    return EgressProxy.start(vertx, socket, hosts, d -> decided(d, purpose)).map(proxy -> {
      proxies.add(proxy);
      events.add("network.proxy", new JsonObject().put("purpose", purpose).put("hosts", hosts.canonical()));
      return Optional.of(socket);
    });
  }

  private void decided(EgressProxy.Decision d, String purpose) {
    int seen = allowed + refused;
    if (d.allowed()) {
      allowed++;
    } else {
      refused++;
    }
    if (seen < MAX_EVENTS) {
      events.add(d.allowed() ? "network.allowed" : "network.refused", new JsonObject().put("host", d.host())
          .put("port", d.port()).put("purpose", purpose).put("reason", d.reason()));
    } else if (seen == MAX_EVENTS) {
      events.add("network.capped", new JsonObject().put("message", "more connections: counted in the result only"));
    }
  }

  /** The counts for the record. */
  public JsonObject summary() {
    return new JsonObject().put("allowed", allowed).put("refused", refused);
  }

  public boolean used() {
    return !proxies.isEmpty();
  }

  /** Ends every proxy and removes its socket. */
  public Future<Void> close() {
    List<Future<Void>> closing = proxies.stream().map(EgressProxy::close).toList();
    return Future.join(closing).otherwiseEmpty().compose(v -> vertx.executeBlocking(() -> {
      for (Path s : sockets) {
        Files.deleteIfExists(s);
      }
      return (Void) null;
    }, false)).otherwiseEmpty().mapEmpty();
  }

  /**
   * The endpoints a CLI must reach: its vendor's service hosts, and the base URLs it is configured
   * with (Codex: {@code base_url} in its config.toml; Claude: {@code ANTHROPIC_BASE_URL}).
   * Blocking (reads the config copy).
   */
  public static List<HostAllowlist.Entry> cliHosts(CliKind kind, Path configCopy, String anthropicBaseUrl) {
    boolean codex = kind == CliKind.CODEX;
    List<HostAllowlist.Entry> out = new ArrayList<>();
    (codex ? CODEX_HOSTS : CLAUDE_HOSTS).forEach(h -> out.add(new HostAllowlist.Entry(h, 443)));
    List<String> urls = new ArrayList<>();
    if (codex) {
      try {
        Path toml = configCopy.resolve("config.toml");
        if (Files.isRegularFile(toml)) {
          Matcher m = BASE_URL.matcher(Files.readString(toml));
          while (m.find()) {
            urls.add(m.group(1));
          }
        }
      } catch (java.io.IOException e) {
        // an unreadable config: the CLI fails on it too, and says so
      }
    } else if (anthropicBaseUrl != null) {
      urls.add(anthropicBaseUrl);
    }
    for (String url : urls) {
      try {
        URI uri = new URI(url.trim());
        if (uri.getHost() != null) {
          int port = uri.getPort() > 0 ? uri.getPort() : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
          out.add(HostAllowlist.Entry.exact(uri.getHost(), port));
        }
      } catch (java.net.URISyntaxException e) {
        // not a URL: the CLI refuses it too
      }
    }
    return out;
  }
}
