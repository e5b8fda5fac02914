package dev.mergeloom.worker.provider;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the worker talks to providers: timeouts, the retry policy, proxy and extra CA bundle.
 *
 * @param retryBudget the most time all attempts of one call may take together
 * @param httpsProxy from {@code HTTPS_PROXY} (or {@code https_proxy}), null for none
 * @param noProxy host suffixes from {@code NO_PROXY} that bypass the proxy
 */
public record OutboundSettings(Duration connectTimeout, Duration requestTimeout, Duration retryBudget,
    int maxAttempts, Duration backoffBase, String httpsProxy, String httpProxy, List<String> noProxy, Path caBundle) {

  public OutboundSettings withRetryBudget(Duration budget, int attempts) {
    return new OutboundSettings(connectTimeout, requestTimeout, budget, attempts, backoffBase, httpsProxy, httpProxy,
        noProxy, caBundle);
  }

  /** Whether {@code NO_PROXY} names {@code host} (or a domain it is in), so it is reached directly. */
  public boolean bypassesProxy(String host) {
    String h = host.toLowerCase(java.util.Locale.ROOT);
    for (String entry : noProxy) {
      String e = entry.toLowerCase(java.util.Locale.ROOT).replaceFirst("^\\*?\\.", "");
      if (e.equals("*") || h.equals(e) || h.endsWith("." + e)) {
        return true;
      }
    }
    return false;
  }

  public OutboundSettings withRequestTimeout(Duration timeout) {
    return new OutboundSettings(connectTimeout, timeout, retryBudget, maxAttempts, backoffBase, httpsProxy, httpProxy,
        noProxy, caBundle);
  }

  /** The proxy for a URL from HTTPS_PROXY/HTTP_PROXY, unless NO_PROXY names its host; null for none. */
  public io.vertx.core.net.ProxyOptions proxyFor(String url) {
    java.net.URI target = java.net.URI.create(url);
    String proxy = "https".equalsIgnoreCase(target.getScheme()) ? httpsProxy : httpProxy;
    if (proxy == null || bypassesProxy(target.getHost())) {
      return null;
    }
    java.net.URI p = java.net.URI.create(proxy.contains("://") ? proxy : "http://" + proxy);
    io.vertx.core.net.ProxyOptions options = new io.vertx.core.net.ProxyOptions().setHost(p.getHost())
        .setPort(p.getPort() > 0 ? p.getPort() : 80);
    if (p.getUserInfo() != null) {
      String[] userInfo = p.getUserInfo().split(":", 2);
      options.setUsername(userInfo[0]);
      if (userInfo.length > 1) {
        options.setPassword(userInfo[1]);
      }
    }
    return options;
  }
}
