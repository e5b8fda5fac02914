package dev.mergeloom.worker.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTPS proxy that answers every {@code CONNECT host:port} by tunnelling to one local
 * TLS server, whatever the host: with a certificate from {@link TestCertificateAuthority} the
 * client believes it reached the real host. Records the CONNECT targets.
 */
public final class ConnectProxy implements AutoCloseable {
  private static final Buffer END_OF_HEADERS = Buffer.buffer("\r\n\r\n");
  private final Vertx vertx = Vertx.vertx();
  private final NetServer server;
  private final int targetPort;
  private final List<String> targets = new CopyOnWriteArrayList<>();

  public ConnectProxy(int targetPort) {
    this.targetPort = targetPort;
    this.server = vertx.createNetServer().connectHandler(this::accept).listen(0, "127.0.0.1").await();
  }

  private void accept(NetSocket client) {
    Buffer head = Buffer.buffer();
    client.handler(chunk -> {
      head.appendBuffer(chunk);
      String text = head.toString();
      int end = text.indexOf(END_OF_HEADERS.toString());
      if (end < 0) {
        return;
      }
      client.pause();
      client.handler(null);
      String requestLine = text.substring(0, text.indexOf("\r\n"));
      String[] parts = requestLine.split(" ");
      if (parts.length < 2 || !parts[0].equals("CONNECT")) {
        client.write("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n").onComplete(x -> client.close());
        return;
      }
      targets.add(parts[1]);
      Buffer rest = head.getBuffer(end + END_OF_HEADERS.length(), head.length());
      vertx.createNetClient().connect(targetPort, "127.0.0.1").onSuccess(upstream -> {
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        if (rest.length() > 0) {
          upstream.write(rest);
        }
        client.pipeTo(upstream);
        upstream.pipeTo(client);
        client.resume();
      }).onFailure(e -> client.write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
          .onComplete(x -> client.close()));
    });
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** The {@code host:port} of every CONNECT received. */
  public List<String> targets() {
    return List.copyOf(targets);
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
