package dev.mergeloom.worker.cluster;

import dev.mergeloom.worker.config.SecretValue;
import dev.mergeloom.worker.config.WorkerVariables;
import dev.mergeloom.worker.web.ApiError;
import dev.mergeloom.worker.web.Responses;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards {@code /cluster/v1/*}: {@code Authorization: Bearer <JCA_WORKER_CLUSTER_TOKEN>},
 * compared in constant time. A refusal is logged with the caller's address and what was wrong,
 * never with what was sent.
 */
final class ClusterAuth {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterAuth.class);
  private final Optional<SecretValue> token;

  ClusterAuth(Optional<SecretValue> token) {
    this.token = token;
  }

  void check(RoutingContext ctx) {
    String remote = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
    if (token.isEmpty()) {
      LOG.warn("cluster API call from {} to {} refused: this gateway has no {}", remote, ctx.request().path(),
          WorkerVariables.CLUSTER_TOKEN);
      Responses.error(ctx, new ApiError(503, "cluster_disabled", "The cluster API is off: the gateway has no "
          + WorkerVariables.CLUSTER_TOKEN + "."));
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    String problem;
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      problem = "no bearer token";
    } else if (!MessageDigest.isEqual(header.substring(7).trim().getBytes(StandardCharsets.UTF_8),
        token.get().reveal().getBytes(StandardCharsets.UTF_8))) {
      problem = "a wrong token";
    } else {
      ctx.next();
      return;
    }
    LOG.warn("cluster API call from {} ({}) to {} refused: {}", remote,
        ClusterHeaders.executorName(ctx.request().getHeader(ClusterHeaders.EXECUTOR)), ctx.request().path(),
        problem);
    ctx.response().putHeader("WWW-Authenticate", "Bearer");
    Responses.error(ctx, new ApiError(401, "unauthorized", "The cluster API needs 'Authorization: Bearer <"
        + WorkerVariables.CLUSTER_TOKEN + ">' with the gateway's token."));
  }
}
