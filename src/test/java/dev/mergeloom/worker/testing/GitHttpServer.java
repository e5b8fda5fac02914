package dev.mergeloom.worker.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A git server over smart HTTP on loopback: git's own {@code git http-backend} run as a CGI for
 * each request, behind a check of the {@code Authorization} header a hosted git service would
 * make (Basic {@code x-access-token:<token>}). Requests without it get 401; every request's
 * headers are kept for assertions.
 */
public final class GitHttpServer implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final Path root;
  private final String expectedAuthorization;
  private final HttpServer server;
  private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();

  /** Serves the repositories under {@code root} (bare or not) to callers that present the token. */
  public GitHttpServer(Path root, String token) {
    this.root = root;
    this.expectedAuthorization = "Basic " + Base64.getEncoder().encodeToString(("x-access-token:" + token)
        .getBytes(StandardCharsets.UTF_8));
    this.server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1").await();
  }

  /** The clone URL of the repository at {@code root/name}. */
  public String url(String name) {
    return "http://127.0.0.1:" + server.actualPort() + "/" + name;
  }

  /** The headers of every request so far (names lower-cased). */
  public List<Map<String, String>> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpServerRequest request) {
    Map<String, String> headers = new java.util.TreeMap<>();
    request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue()));
    requests.add(headers);
    if (!expectedAuthorization.equals(request.getHeader("Authorization"))) {
      request.response().setStatusCode(401).putHeader("WWW-Authenticate", "Basic realm=\"git\"").end();
      return;
    }
    request.body().compose(body -> vertx.executeBlocking(() -> cgi(request, body), false)).onComplete(ar -> {
      if (ar.failed()) {
        request.response().setStatusCode(500).end(String.valueOf(ar.cause().getMessage()));
        return;
      }
      byte[] out = ar.result();
      int split = indexOf(out, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      int skip = 4;
      if (split < 0) {
        split = indexOf(out, "\n\n".getBytes(StandardCharsets.US_ASCII));
        skip = 2;
      }
      String head = new String(out, 0, Math.max(split, 0), StandardCharsets.US_ASCII);
      for (String line : head.split("\r?\n")) {
        int colon = line.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = line.substring(0, colon).strip();
        String value = line.substring(colon + 1).strip();
        if (name.equalsIgnoreCase("Status")) {
          request.response().setStatusCode(Integer.parseInt(value.split(" ")[0]));
        } else {
          request.response().putHeader(name, value);
        }
      }
      request.response().end(Buffer.buffer(java.util.Arrays.copyOfRange(out, split + skip, out.length)));
    });
  }

  /** Runs git http-backend for one request: the CGI environment in, the CGI answer out. */
  private byte[] cgi(HttpServerRequest request, Buffer body) throws IOException, InterruptedException {
    // stderr is dropped, not read after stdout: a full stderr pipe would stall the CGI.
    ProcessBuilder builder = new ProcessBuilder("git", "http-backend").redirectError(ProcessBuilder.Redirect.DISCARD);
    Map<String, String> env = builder.environment();
    env.put("GIT_PROJECT_ROOT", root.toString());
    env.put("GIT_HTTP_EXPORT_ALL", "1");
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("HOME", root.toString());
    env.put("REQUEST_METHOD", request.method().name());
    env.put("PATH_INFO", request.path());
    env.put("QUERY_STRING", request.query() == null ? "" : request.query());
    env.put("CONTENT_TYPE", request.getHeader("Content-Type") == null ? "" : request.getHeader("Content-Type"));
    env.put("CONTENT_LENGTH", Integer.toString(body.length()));
    env.put("REMOTE_USER", "x-access-token");
    // As git's http-backend documentation has servers do: the client's protocol version (v2 lets a
    // fetch ask for a commit by its id, as GitHub, GitLab and Gitea allow).
    if (request.getHeader("Git-Protocol") != null) {
      env.put("GIT_PROTOCOL", request.getHeader("Git-Protocol"));
    }
    env.put("REMOTE_ADDR", "127.0.0.1");
    if (request.getHeader("Git-Protocol") != null) {
      env.put("GIT_PROTOCOL", request.getHeader("Git-Protocol"));
    }
    if ("gzip".equals(request.getHeader("Content-Encoding"))) {
      env.put("HTTP_CONTENT_ENCODING", "gzip");
    }
    Process process = builder.start();
    try (var stdin = process.getOutputStream()) {
      stdin.write(body.getBytes());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    process.getInputStream().transferTo(out);
    process.waitFor();
    return out.toByteArray();
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= data.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
