package dev.mergeloom.worker.forge;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a repository's review requests live: the forge, its API base URL and the repository's
 * name there, all from the clone URL unless the envelope says otherwise ({@code forge},
 * {@code apiUrl} for a self-hosted forge whose API is not where its clone URLs suggest).
 *
 * @param apiBase the URL the forge's paths are appended to: {@code https://api.github.com},
 *     {@code https://gitlab.example/api/v4}, {@code https://gitea.example/api/v1}, or for Azure
 *     Repos {@code https://dev.azure.com/org/project/_apis/git/repositories/repo}
 * @param repository the repository's name on the forge: {@code owner/repo}, GitLab's
 *     {@code group/sub/project}, or Azure's {@code project/repo}
 */
public record ForgeTarget(Forge forge, String apiBase, String repository) {

  private static final Pattern SCP_LIKE = Pattern.compile("(?:[^@/]+@)?([^:/]+):(.+)");

  /**
   * @param named the envelope's {@code forge} (null to follow the host, {@code none} for no request)
   * @param apiUrl the envelope's {@code apiUrl}, or null
   * @return empty when no forge is named and the host is not a known one, or {@code none} was said
   * @throws IllegalArgumentException when the clone URL does not name a repository on that forge
   */
  public static Optional<ForgeTarget> of(String cloneUrl, String named, String apiUrl) {
    if ("none".equalsIgnoreCase(named)) {
      return Optional.empty();
    }
    Location at;
    try {
      at = location(cloneUrl);
    } catch (IllegalArgumentException noHost) {
      if (named == null) {
        return Optional.empty(); // a file:// or local URL: no forge to ask
      }
      throw noHost;
    }
    Optional<Forge> forge = named != null ? Forge.named(named) : Forge.ofHost(at.host);
    if (forge.isEmpty()) {
      return Optional.empty();
    }
    String path = at.path.replaceAll("^/+|/+$", "").replaceAll("\\.git$", "");
    String web = at.webOrigin();
    String api = apiUrl == null ? null : apiUrl.replaceAll("/+$", "");
    return Optional.of(switch (forge.get()) {
      case GITHUB -> new ForgeTarget(Forge.GITHUB, api != null ? api
          : at.host.equalsIgnoreCase("github.com") ? "https://api.github.com" : web + "/api/v3", ownerRepo(path, cloneUrl));
      case GITLAB -> {
        if (!path.contains("/")) {
          throw new IllegalArgumentException(cloneUrl + " names no GitLab project (expected group/project)");
        }
        yield new ForgeTarget(Forge.GITLAB, api != null ? api : web + "/api/v4", path);
      }
      case GITEA -> new ForgeTarget(Forge.GITEA, api != null ? api : web + "/api/v1", ownerRepo(path, cloneUrl));
      case AZURE_REPOS -> azure(at, path, api, cloneUrl);
    });
  }

  /** The URL of one of this repository's API paths, such as {@code /pulls}. */
  String url(String suffix) {
    return switch (forge) {
      case GITHUB, GITEA -> apiBase + "/repos/" + repository + suffix;
      case GITLAB -> apiBase + "/projects/" + URLEncoder.encode(repository, StandardCharsets.UTF_8) + suffix;
      case AZURE_REPOS -> apiBase + suffix;
    };
  }

  public JsonObject toJson() {
    return new JsonObject().put("forge", forge.wireName()).put("apiBase", apiBase).put("repository", repository);
  }

  public static ForgeTarget fromJson(JsonObject json) {
    return new ForgeTarget(Forge.named(json.getString("forge")).orElseThrow(), json.getString("apiBase"),
        json.getString("repository"));
  }

  private static String ownerRepo(String path, String cloneUrl) {
    String[] parts = path.split("/");
    if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new IllegalArgumentException(cloneUrl + " names no repository as owner/repo");
    }
    return path;
  }

  /**
   * Azure Repos: {@code …/{project}/_git/{repo}} on dev.azure.com/{org}, {org}.visualstudio.com
   * or an Azure DevOps Server collection; what comes before the project is the collection.
   */
  private static ForgeTarget azure(Location at, String path, String api, String cloneUrl) {
    String ssh = "v3/";
    if (path.startsWith(ssh)) { // git@ssh.dev.azure.com:v3/org/project/repo
      String[] p = path.substring(ssh.length()).split("/");
      if (p.length == 3) {
        String base = api != null ? api : "https://dev.azure.com/" + p[0];
        return new ForgeTarget(Forge.AZURE_REPOS, base + "/" + p[1] + "/_apis/git/repositories/" + p[2], p[1] + "/" + p[2]);
      }
    }
    Matcher m = Pattern.compile("(.*?)/?([^/]+)/_git/([^/]+)").matcher(path);
    if (!m.matches()) {
      throw new IllegalArgumentException(cloneUrl + " names no Azure Repos repository (expected …/project/_git/repo)");
    }
    String collection = api != null ? api : at.webOrigin() + (m.group(1).isEmpty() ? "" : "/" + m.group(1));
    return new ForgeTarget(Forge.AZURE_REPOS, collection + "/" + m.group(2) + "/_apis/git/repositories/" + m.group(3),
        m.group(2) + "/" + m.group(3));
  }

  private record Location(String scheme, String host, int port, String path) {
    /** The forge's web origin: an http(s) clone URL's own, https on the host for ssh. */
    String webOrigin() {
      boolean http = scheme.equals("http") || scheme.equals("https");
      return (http ? scheme : "https") + "://" + host + (http && port > 0 ? ":" + port : "");
    }
  }

  private static Location location(String cloneUrl) {
    if (!cloneUrl.contains("://")) {
      Matcher m = SCP_LIKE.matcher(cloneUrl);
      if (m.matches()) {
        return new Location("ssh", m.group(1), -1, m.group(2));
      }
      throw new IllegalArgumentException(cloneUrl + " is not a clone URL");
    }
    URI uri = URI.create(cloneUrl);
    if (uri.getHost() == null) {
      throw new IllegalArgumentException(cloneUrl + " names no host");
    }
    return new Location(uri.getScheme().toLowerCase(java.util.Locale.ROOT), uri.getHost(), uri.getPort(),
        uri.getRawPath() == null ? "" : uri.getPath());
  }
}
