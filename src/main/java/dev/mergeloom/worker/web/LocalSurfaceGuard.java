package dev.mergeloom.worker.web;

import dev.mergeloom.worker.config.SecretValue;
import dev.mergeloom.worker.config.WorkerSettings;
import dev.mergeloom.worker.config.WorkerVariables;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Defences of the local UI and API (contract §4): security headers on every answer, a Host
 * allow-list against DNS rebinding, an Origin check on state changes, and the UI token when one
 * is configured. Probe and scrape paths are exempt from Host and token checks because kubelet
 * and Prometheus reach them by pod IP and carry no token.
 */
final class LocalSurfaceGuard {
  /** Sec-Fetch-Site of a request from this worker's own pages, or typed into the address bar. */
  private static final java.util.Set<String> OWN_FETCH_SITES = java.util.Set.of("same-origin", "none");
  static final String TOKEN_COOKIE = "mergeloom_ui_token";
  private static final List<String> PROBE_PATHS = List.of("/healthz", "/readyz", "/metrics");
  private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

  private final List<String> allowedHosts;
  private final Optional<SecretValue> token;

  LocalSurfaceGuard(WorkerSettings settings) {
    this.allowedHosts = settings.uiAllowedHosts();
    this.token = settings.uiToken();
  }

  void headers(RoutingContext ctx) {
    ctx.response().headers()
        .set("Content-Security-Policy", CSP)
        .set("X-Content-Type-Options", "nosniff")
        .set("X-Frame-Options", "DENY")
        // Not "no-referrer": with it browsers send "Origin: null" on the UI's own form posts.
        .set("Referrer-Policy", "same-origin")
        .set("Cross-Origin-Opener-Policy", "same-origin")
        .set("Cross-Origin-Resource-Policy", "same-origin");
    ctx.next();
  }

  void host(RoutingContext ctx) {
    if (exempt(ctx)) {
      ctx.next();
      return;
    }
    String host = hostName(ctx.request().getHeader("Host"));
    if (host != null && (WorkerSettings.isLoopback(host) || allowedHosts.contains(host))) {
      ctx.next();
      return;
    }
    Responses.error(ctx, new ApiError(403, "host_not_allowed", "This worker does not answer to the host name '"
        + (host == null ? "" : host) + "'; add it to " + WorkerVariables.UI_ALLOWED_HOSTS + " if it is yours."));
  }

  void origin(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
      ctx.next();
      return;
    }
    String origin = ctx.request().getHeader("Origin");
    String fetchSite = ctx.request().getHeader("Sec-Fetch-Site");
    boolean allowed;
    if (origin != null) {
      allowed = sameOrigin(origin, ctx.request().getHeader("Host"));
    } else {
      // Non-browser clients (curl, scripts) send neither header; browsers always send one.
      allowed = fetchSite == null || OWN_FETCH_SITES.contains(fetchSite);
    }
    if (allowed) {
      ctx.next();
    } else {
      Responses.error(ctx, new ApiError(403, "cross_origin", "Cross-origin requests may not change this worker's "
          + "state; use the worker's own pages or a client without an Origin header."));
    }
  }

  void token(RoutingContext ctx) {
    if (token.isEmpty() || exempt(ctx)) {
      ctx.next();
      return;
    }
    SecretValue expected = token.get();
    String query = ctx.request().getParam("token");
    if (query != null && ctx.request().method() == HttpMethod.GET && expected.matches(query)) {
      // Exchange the link token for a cookie and drop it from the address bar and history.
      ctx.response().addCookie(Cookie.cookie(TOKEN_COOKIE, query).setHttpOnly(true).setPath("/")
          .setSameSite(CookieSameSite.STRICT));
      ctx.redirect(ctx.request().path());
      return;
    }
    String auth = ctx.request().getHeader("Authorization");
    String bearer = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
    Cookie cookie = ctx.request().getCookie(TOKEN_COOKIE);
    if (expected.matches(bearer) || (cookie != null && expected.matches(cookie.getValue()))) {
      ctx.next();
      return;
    }
    Responses.error(ctx, new ApiError(401, "token_required", "This worker requires its UI token ("
        + WorkerVariables.UI_TOKEN + "): send 'Authorization: Bearer <token>', or open /?token=<token> once in the browser."));
  }

  private static boolean exempt(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    return PROBE_PATHS.contains(path) || path.startsWith("/cluster/");
  }

  /** The host part of a Host header ({@code name:port}, {@code [::1]:port}), lower case. */
  static String hostName(String hostHeader) {
    if (hostHeader == null || hostHeader.isBlank()) {
      return null;
    }
    String h = hostHeader.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? null : h.substring(0, end + 1);
    }
    int colon = h.indexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  private static boolean sameOrigin(String origin, String hostHeader) {
    if (hostHeader == null) {
      return false;
    }
    try {
      URI uri = new URI(origin);
      if (uri.getHost() == null) {
        return false; // "null" origins (sandboxed frames, file://) are never ours
      }
      String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
      String host = hostHeader.trim().toLowerCase(Locale.ROOT);
      String defaultPort = "https".equals(uri.getScheme()) ? ":443" : ":80";
      return authority.toLowerCase(Locale.ROOT).equals(host)
          || (authority + defaultPort).toLowerCase(Locale.ROOT).equals(host);
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }
}
