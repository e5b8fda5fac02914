package dev.mergeloom.worker.process;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A job's only way out of its sandbox: an HTTP proxy on a Unix socket that is bound into the
 * sandbox (which has no network of its own). It serves {@code CONNECT host:port} (HTTPS and any
 * TLS protocol) and absolute-form plain HTTP requests, opens a connection only to a host on the
 * job's {@link HostAllowlist}, and reports every decision, allowed or refused. Everything runs on
 * the event loop of the context that starts it; bytes are piped with backpressure.
 */
public final class EgressProxy {
  /** What a client asked for and what the proxy did. */
  public record Decision(String host, int port, boolean allowed, String reason) {}

  static final int MAX_HEADER_BYTES = 16 * 1024;
  static final int MAX_OPEN = 64;
  private static final long HEADER_TIMEOUT_MS = 10_000;

  private final Vertx vertx;
  private final HostAllowlist allowlist;
  private final Consumer<Decision> decisions;
  private final NetClient client;
  /** Every open socket, the sandbox's and the upstream ones, ended by {@link #close}. */
  private final Set<NetSocket> open = new HashSet<>();
  /** The sandbox's connections, which {@link #MAX_OPEN} bounds. */
  private final Set<NetSocket> clients = new HashSet<>();
  private NetServer server;
  /** Where the server's handlers run; the sets above are touched there only. */
  private io.vertx.core.Context context;

  private EgressProxy(Vertx vertx, HostAllowlist allowlist, Consumer<Decision> decisions) {
    this.vertx = vertx;
    this.allowlist = allowlist;
    this.decisions = decisions;
    this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(10_000));
  }

  /** Listens on {@code socket} (a path that must not exist yet). */
  public static Future<EgressProxy> start(Vertx vertx, Path socket, HostAllowlist allowlist,
      Consumer<Decision> decisions) {
    EgressProxy proxy = new EgressProxy(vertx, allowlist, decisions);
    proxy.context = vertx.getOrCreateContext();
    io.vertx.core.Promise<EgressProxy> listening = io.vertx.core.Promise.promise();
    // Listened on from its context, so its handlers and close run there.
    proxy.context.runOnContext(v -> {
      proxy.server = vertx.createNetServer().connectHandler(proxy::accept);
      proxy.server.listen(SocketAddress.domainSocketAddress(socket.toString())).map(s -> proxy).onComplete(listening);
    });
    return listening.future();
  }

  /** How many connections of the sandbox are open now, read on the proxy's context. */
  public Future<Integer> sandboxConnections() {
    io.vertx.core.Promise<Integer> count = io.vertx.core.Promise.promise();
    context.runOnContext(v -> count.complete(clients.size()));
    return count.future();
  }

  /** Stops listening and ends every open connection. */
  public Future<Void> close() {
    io.vertx.core.Promise<Void> closed = io.vertx.core.Promise.promise();
    context.runOnContext(v -> {
      new HashSet<>(open).forEach(NetSocket::close);
      server.close().eventually(client::close).onComplete(closed);
    });
    return closed.future();
  }

  private void accept(NetSocket socket) {
    if (clients.size() >= MAX_OPEN) {
      refuse(socket, 503, "Service Unavailable", "too many open connections (at most " + MAX_OPEN + " per job)");
      return;
    }
    open.add(socket);
    clients.add(socket);
    socket.closeHandler(v -> {
      open.remove(socket);
      clients.remove(socket);
    });
    Buffer header = Buffer.buffer();
    long timer = vertx.setTimer(HEADER_TIMEOUT_MS, t -> socket.close());
    socket.handler(chunk -> {
      header.appendBuffer(chunk);
      int end = indexOf(header, "\r\n\r\n");
      if (end < 0 && header.length() <= MAX_HEADER_BYTES) {
        return;
      }
      vertx.cancelTimer(timer);
      socket.pause();
      socket.handler(null);
      if (end < 0) {
        refuse(socket, 431, "Request Header Fields Too Large", "the request's header is over " + MAX_HEADER_BYTES + " bytes");
        return;
      }
      route(socket, header.getString(0, end, "ISO-8859-1"), header.getBuffer(end + 4, header.length()));
    });
  }

  /** Reads the request line and decides. */
  private void route(NetSocket socket, String head, Buffer rest) {
    String[] lines = head.split("\r\n");
    String[] request = lines[0].split(" ");
    if (request.length != 3 || !request[2].startsWith("HTTP/1.")) {
      refuse(socket, 400, "Bad Request", "expected an HTTP/1.1 proxy request");
      return;
    }
    Target target = request[0].equals("CONNECT") ? authority(request[1], -1) : absolute(request[1]);
    if (target == null) {
      refuse(socket, 400, "Bad Request", "expected CONNECT host:port or an absolute http:// URL, got " + request[1]);
      return;
    }
    if (!allowlist.allows(target.host, target.port)) {
      String reason = target.host + ":" + target.port + " is not on the job's network allowlist";
      decisions.accept(new Decision(target.host, target.port, false, reason));
      refuse(socket, 403, "Forbidden", reason + " (runtime setting networkAllowlist, JCA_WORKER_SANDBOX_ALLOWED_HOSTS)");
      return;
    }
    client.connect(target.port, target.host).onComplete(connected -> {
      if (connected.failed()) {
        decisions.accept(new Decision(target.host, target.port, true, "allowed; connecting failed: "
            + connected.cause().getMessage()));
        refuse(socket, 502, "Bad Gateway", "connecting to " + target.host + ":" + target.port + " failed");
        return;
      }
      decisions.accept(new Decision(target.host, target.port, true, "allowed"));
      NetSocket upstream = connected.result();
      open.add(upstream);
      upstream.closeHandler(v -> {
        open.remove(upstream);
        socket.close();
      });
      socket.closeHandler(v -> {
        open.remove(socket);
        clients.remove(socket);
        upstream.close();
      });
      if (request[0].equals("CONNECT")) {
        socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      } else {
        upstream.write(originForm(lines, request, target));
      }
      if (rest.length() > 0) {
        upstream.write(rest);
      }
      socket.pipeTo(upstream);
      upstream.pipeTo(socket);
    });
  }

  /** The request as the origin expects it: path only, no proxy headers, one request per connection. */
  private static Buffer originForm(String[] lines, String[] request, Target target) {
    StringBuilder out = new StringBuilder(request[0]).append(' ').append(target.path).append(' ')
        .append(request[2]).append("\r\n");
    for (int i = 1; i < lines.length; i++) {
      String name = lines[i].contains(":") ? lines[i].substring(0, lines[i].indexOf(':')).trim().toLowerCase(Locale.ROOT) : "";
      if (!name.startsWith("proxy-") && !name.equals("connection") && !name.equals("keep-alive")) {
        out.append(lines[i]).append("\r\n");
      }
    }
    return Buffer.buffer(out.append("Connection: close\r\n\r\n").toString(), "ISO-8859-1");
  }

  private record Target(String host, int port, String path) {}

  private static Target absolute(String url) {
    try {
      URI uri = new URI(url);
      if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
        return null;
      }
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      Target t = authority(uri.getRawAuthority(), 80);
      return t == null ? null : new Target(t.host, t.port, uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery());
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  /** {@code host:port} or {@code [v6]:port}; {@code defaultPort} when none is given (-1: required). */
  private static Target authority(String authority, int defaultPort) {
    if (authority == null || authority.contains("@")) {
      return null;
    }
    int colon = authority.lastIndexOf(':');
    boolean v6 = authority.startsWith("[");
    String host = authority;
    int port = defaultPort;
    if (colon > 0 && (!v6 || authority.lastIndexOf(']') < colon)) {
      host = authority.substring(0, colon);
      try {
        port = Integer.parseInt(authority.substring(colon + 1));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    if (port < 1 || port > 65_535 || host.isEmpty()) {
      return null;
    }
    return new Target(HostAllowlist.normalise(host), port, "/");
  }

  private void refuse(NetSocket socket, int status, String phrase, String reason) {
    // Whatever the client sends meanwhile is read and dropped, and the proxy closes when the client
    // has read the answer and hung up (or after a second): closing with unread bytes would reset
    // the connection before the client reads it.
    socket.handler(b -> {});
    socket.endHandler(v -> socket.close());
    socket.resume();
    byte[] body = ("mergeloom-worker egress proxy: " + reason + "\n").getBytes(StandardCharsets.UTF_8);
    socket.write(Buffer.buffer("HTTP/1.1 " + status + " " + phrase + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
        + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").appendBytes(body))
        .onComplete(written -> vertx.setTimer(1_000, t -> socket.close()));
  }

  private static int indexOf(Buffer buffer, String needle) {
    byte[] n = needle.getBytes(StandardCharsets.ISO_8859_1);
    outer:
    for (int i = 0; i + n.length <= buffer.length(); i++) {
      for (int j = 0; j < n.length; j++) {
        if (buffer.getByte(i + j) != n[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
