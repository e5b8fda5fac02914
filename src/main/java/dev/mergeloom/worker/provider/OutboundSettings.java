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
}
