package dev.mergeloom.worker.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Where a clone URL's review requests live, for the URL forms each forge hands out. */
class ForgeTargetTest {

  @Test
  void publicForgesFollowFromTheHost() {
    assertThat(ForgeTarget.of("https://github.com/acme/app.git", null, null)).contains(
        new ForgeTarget(Forge.GITHUB, "https://api.github.com", "acme/app"));
    assertThat(ForgeTarget.of("git@github.com:acme/app.git", null, null)).contains(
        new ForgeTarget(Forge.GITHUB, "https://api.github.com", "acme/app"));
    assertThat(ForgeTarget.of("https://gitlab.com/group/sub/app.git", null, null)).contains(
        new ForgeTarget(Forge.GITLAB, "https://gitlab.com/api/v4", "group/sub/app"));
    assertThat(ForgeTarget.of("https://codeberg.org/acme/app", null, null)).contains(
        new ForgeTarget(Forge.GITEA, "https://codeberg.org/api/v1", "acme/app"));
    assertThat(ForgeTarget.of("https://acme@dev.azure.com/acme/Platform/_git/app", null, null)).contains(
        new ForgeTarget(Forge.AZURE_REPOS, "https://dev.azure.com/acme/Platform/_apis/git/repositories/app", "Platform/app"));
    assertThat(ForgeTarget.of("https://acme.visualstudio.com/Platform/_git/app", null, null)).contains(
        new ForgeTarget(Forge.AZURE_REPOS, "https://acme.visualstudio.com/Platform/_apis/git/repositories/app",
            "Platform/app"));
    assertThat(ForgeTarget.of("git@ssh.dev.azure.com:v3/acme/Platform/app", null, null)).contains(
        new ForgeTarget(Forge.AZURE_REPOS, "https://dev.azure.com/acme/Platform/_apis/git/repositories/app", "Platform/app"));
  }

  @Test
  void selfHostedForgesAreNamedAndTheirApiFollowsTheirOwnConventions() {
    assertThat(ForgeTarget.of("https://git.example.com/acme/app.git", null, null)).isEmpty();
    assertThat(ForgeTarget.of("https://ghe.example.com/acme/app.git", "github", null)).contains(
        new ForgeTarget(Forge.GITHUB, "https://ghe.example.com/api/v3", "acme/app"));
    assertThat(ForgeTarget.of("https://gitlab.example.com:8443/platform/app.git", "gitlab", null)).contains(
        new ForgeTarget(Forge.GITLAB, "https://gitlab.example.com:8443/api/v4", "platform/app"));
    assertThat(ForgeTarget.of("https://git.example.com/acme/app.git", "forgejo", "https://git.example.com/api/v1/")).contains(
        new ForgeTarget(Forge.GITEA, "https://git.example.com/api/v1", "acme/app"));
    assertThat(ForgeTarget.of("https://tfs.example.com/tfs/DefaultCollection/Platform/_git/app", "azure", null)).contains(
        new ForgeTarget(Forge.AZURE_REPOS,
            "https://tfs.example.com/tfs/DefaultCollection/Platform/_apis/git/repositories/app", "Platform/app"));
    assertThat(ForgeTarget.of("https://github.com/acme/app.git", "none", null)).isEmpty();
  }

  @Test
  void aUrlThatNamesNoRepositoryOnItsForgeIsRefusedSayingWhatIsExpected() {
    assertThatThrownBy(() -> ForgeTarget.of("https://github.com/acme", null, null))
        .hasMessageContaining("owner/repo");
    assertThatThrownBy(() -> ForgeTarget.of("https://dev.azure.com/acme/app.git", null, null))
        .hasMessageContaining("project/_git/repo");
    assertThatThrownBy(() -> ForgeTarget.of("https://gitlab.com/app.git", null, null))
        .hasMessageContaining("group/project");
  }

  @Test
  void aGitLabProjectPathIsOneEncodedSegment() {
    ForgeTarget t = ForgeTarget.of("https://gitlab.com/group/sub/app.git", null, null).orElseThrow();
    assertThat(t.url("/merge_requests")).isEqualTo("https://gitlab.com/api/v4/projects/group%2Fsub%2Fapp/merge_requests");
  }
}
