package dev.mergeloom.worker.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The hosts a sandboxed job may reach through its egress proxy. An entry is a host name or IP
 * literal, optionally {@code *.} in front (any subdomain, not the name itself) and optionally a
 * port: {@code host} allows ports 443 and 80 only (what registries and APIs use), {@code host:8443}
 * that port, {@code host:*} any port. Names are compared as written by the client, case-folded,
 * so a listed name never lets a client reach an unlisted one.
 */
public record HostAllowlist(List<Entry> entries) {
  private static final Pattern HOST = Pattern.compile("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?"
      + "|\\[[0-9A-Fa-f:.]{2,45}\\]");
  public static final HostAllowlist NONE = new HostAllowlist(List.of());

  /** One entry; {@code port} 0 means 80 and 443, -1 any port. */
  public record Entry(String host, int port) {
    /** An entry for exactly this host (as a URL names it, brackets and case as they come) and port. */
    public static Entry exact(String host, int port) {
      return new Entry(normalise(host), port);
    }

    boolean matches(String candidate, int candidatePort) {
      boolean portOk = port == -1 || (port == 0 ? candidatePort == 443 || candidatePort == 80 : candidatePort == port);
      if (!portOk) {
        return false;
      }
      return host.startsWith("*.") ? candidate.endsWith(host.substring(1)) : candidate.equals(host);
    }

    @Override
    public String toString() {
      return host + (port == 0 ? "" : port == -1 ? ":*" : ":" + port);
    }
  }

  /** Whether a client may open {@code host:port}. */
  public boolean allows(String host, int port) {
    String h = normalise(host);
    return entries.stream().anyMatch(e -> e.matches(h, port));
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** This list and another's entries (a CLI's provider endpoints added to the job's hosts). */
  public HostAllowlist with(List<Entry> more) {
    List<Entry> all = new ArrayList<>(entries);
    more.stream().filter(e -> !all.contains(e)).forEach(all::add);
    return new HostAllowlist(List.copyOf(all));
  }

  /** The canonical comma list, as the setting stores it. */
  public String canonical() {
    return String.join(",", entries.stream().map(Entry::toString).toList());
  }

  /**
   * Parses a comma or whitespace separated list. Returns the problem with the first bad entry,
   * naming it and what is expected.
   */
  public static Parsed parse(String text) {
    List<Entry> out = new ArrayList<>();
    for (String raw : text == null ? new String[0] : text.split("[,\\s]+")) {
      if (raw.isBlank()) {
        continue;
      }
      Optional<Entry> entry = entry(raw.strip());
      if (entry.isEmpty()) {
        return new Parsed(null, "'" + raw.strip() + "' is not a host: expected host names or IP addresses, "
            + "optionally with *. in front and :port or :* after, e.g. pypi.org,*.pythonhosted.org,registry.npmjs.org:443");
      }
      if (!out.contains(entry.get())) {
        out.add(entry.get());
      }
    }
    return new Parsed(new HostAllowlist(List.copyOf(out)), null);
  }

  /** A parsed list, or the reason it was refused. */
  public record Parsed(HostAllowlist list, String problem) {}

  private static Optional<Entry> entry(String raw) {
    String host = raw;
    int port = 0;
    int colon = raw.lastIndexOf(':');
    boolean bracketed = raw.startsWith("[");
    if (colon > 0 && (!bracketed || raw.lastIndexOf(']') < colon) && (bracketed || raw.indexOf(':') == colon)) {
      host = raw.substring(0, colon);
      String p = raw.substring(colon + 1);
      if (p.equals("*")) {
        port = -1;
      } else {
        try {
          port = Integer.parseInt(p);
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
        if (port < 1 || port > 65_535) {
          return Optional.empty();
        }
      }
    }
    if (!HOST.matcher(host).matches() || host.contains("..")) {
      return Optional.empty();
    }
    return Optional.of(new Entry(normalise(host), port));
  }

  /** Lower case, without the brackets of an IPv6 literal or a trailing dot. */
  static String normalise(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }
}
