package dev.mergeloom.worker.forge;

import java.util.Locale;
import java.util.Optional;

/** A kind of forge, by the name a job envelope's {@code forge} gives it. */
public enum Forge {
  GITHUB("github", "GitHub", "pull request"),
  GITLAB("gitlab", "GitLab", "merge request"),
  GITEA("gitea", "Gitea", "pull request"),
  AZURE_REPOS("azure", "Azure Repos", "pull request");

  /** What an envelope's {@code forge} may say; {@code forgejo} is Gitea's API, {@code none} opens no request. */
  public static final String NAMES = "github, gitlab, gitea, forgejo, azure or none";

  private final String wireName;
  private final String label;
  private final String requestName;

  Forge(String wireName, String label, String requestName) {
    this.wireName = wireName;
    this.label = label;
    this.requestName = requestName;
  }

  public String wireName() {
    return wireName;
  }

  /** For messages: "GitHub", "Azure Repos". */
  public String label() {
    return label;
  }

  /** What this forge calls a review request: "pull request", "merge request". */
  public String requestName() {
    return requestName;
  }

  /** The forge an envelope names; empty for {@code none}; an unknown name is refused by the envelope. */
  public static Optional<Forge> named(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.equals("forgejo")) {
      return Optional.of(GITEA);
    }
    for (Forge f : values()) {
      if (f.wireName.equals(n)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  public static boolean isName(String name) {
    return name.equalsIgnoreCase("none") || named(name).isPresent();
  }

  /**
   * The forge a host is known to run: the public services by name. A self-hosted forge is named
   * in the envelope, since its host says nothing.
   */
  public static Optional<Forge> ofHost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("github.com") || h.equals("www.github.com")) {
      return Optional.of(GITHUB);
    }
    if (h.equals("gitlab.com")) {
      return Optional.of(GITLAB);
    }
    if (h.equals("dev.azure.com") || h.endsWith(".visualstudio.com") || h.equals("ssh.dev.azure.com")) {
      return Optional.of(AZURE_REPOS);
    }
    if (h.equals("codeberg.org") || h.equals("gitea.com")) {
      return Optional.of(GITEA);
    }
    return Optional.empty();
  }
}
