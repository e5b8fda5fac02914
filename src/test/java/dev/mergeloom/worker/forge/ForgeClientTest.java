package dev.mergeloom.worker.forge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.config.SecretValue;
import dev.mergeloom.worker.provider.OutboundSettings;
import dev.mergeloom.worker.testing.FakeForge;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The review-request client against each forge's fake, whose every request is checked against
 * that forge's published API description: a new request, the same one updated (never a second),
 * a refusal in the forge's own words, a rate limit waited for, and no token in any message.
 */
class ForgeClientTest {
  private static final String TOKEN = "canaryForgeToken0123456789abcdefXYZ";

  private Vertx vertx;
  private ForgeClient client;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    client = new ForgeClient(vertx, new OutboundSettings(Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30), 3, Duration.ofMillis(100), null, null, List.of(), null), null);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static ForgeTarget target(FakeForge.Kind kind, FakeForge forge) {
    String clone = kind == FakeForge.Kind.AZURE_REPOS ? "https://dev.azure.com/fabrikam/Platform/_git/app"
        : kind == FakeForge.Kind.GITLAB ? "https://gitlab.example/acme/tools/app.git" : "https://forge.example/acme/app.git";
    String name = switch (kind) {
      case GITHUB -> "github";
      case GITLAB -> "gitlab";
      case GITEA -> "gitea";
      case AZURE_REPOS -> "azure";
    };
    return ForgeTarget.of(clone, name, forge.apiUrl()).orElseThrow();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static Throwable failure(Future<?> future) throws Exception {
    try {
      await(future);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failure");
  }

  @ParameterizedTest
  @EnumSource(FakeForge.Kind.class)
  void opensARequestThenUpdatesThatSameOne(FakeForge.Kind kind) throws Exception {
    try (FakeForge forge = new FakeForge(kind, TOKEN)) {
      ForgeTarget target = target(kind, forge);
      ReviewRequest first = new ReviewRequest("DEMO-1: Fix add", "first body", "mergeloom/DEMO-1", "main", false);
      JsonObject opened = await(client.openOrUpdate(target, first, new SecretValue(TOKEN)));
      assertThat(opened.getString("action")).isEqualTo("opened");
      assertThat(opened.getLong("number")).isEqualTo(1L);
      assertThat(opened.getString("url")).startsWith("https://");
      assertThat(forge.open()).containsOnlyKeys("mergeloom/DEMO-1");

      ReviewRequest second = new ReviewRequest("DEMO-1: Fix add", "second body", "mergeloom/DEMO-1", "main", false);
      JsonObject updated = await(client.openOrUpdate(target, second, new SecretValue(TOKEN)));
      assertThat(updated.getString("action")).isEqualTo("updated");
      assertThat(updated.getLong("number")).isEqualTo(1L);
      assertThat(updated.getString("url")).isEqualTo(opened.getString("url"));
      assertThat(forge.open()).hasSize(1);
      assertThat(forge.open().get("mergeloom/DEMO-1").encode()).contains("second body").doesNotContain("first body");
      assertThat(forge.problems()).as("every request as the published description has it").isEmpty();
      assertThat(forge.requests()).extracting(FakeForge.Seen::method).containsExactly("GET",
          "POST", "GET", kind == FakeForge.Kind.GITLAB ? "PUT" : "PATCH");
    }
  }

  @ParameterizedTest
  @EnumSource(FakeForge.Kind.class)
  void aDraftIsOpenedTheWayEachForgeMarksOne(FakeForge.Kind kind) throws Exception {
    try (FakeForge forge = new FakeForge(kind, TOKEN)) {
      await(client.openOrUpdate(target(kind, forge), new ReviewRequest("DEMO-2: Try", "b", "mergeloom/DEMO-2", "main",
          true), new SecretValue(TOKEN)));
      JsonObject sent = new JsonObject(forge.requests().get(1).body());
      switch (kind) {
        case GITHUB -> assertThat(sent.getBoolean("draft")).isTrue();
        case AZURE_REPOS -> assertThat(sent.getBoolean("isDraft")).isTrue();
        case GITLAB -> assertThat(sent.getString("title")).isEqualTo("Draft: DEMO-2: Try");
        case GITEA -> assertThat(sent.getString("title")).isEqualTo("WIP: DEMO-2: Try");
      }
      assertThat(forge.problems()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(FakeForge.Kind.class)
  void aRefusalSaysTheForgesOwnWordsAndAWrongTokenIsNeverRepeated(FakeForge.Kind kind) throws Exception {
    try (FakeForge forge = new FakeForge(kind, TOKEN)) {
      ForgeTarget target = target(kind, forge);
      ReviewRequest request = new ReviewRequest("DEMO-3: x", "b", "mergeloom/DEMO-3", "main", false);
      forge.answerNext(200, Map.of(), kind == FakeForge.Kind.GITEA ? "{}" : kind == FakeForge.Kind.AZURE_REPOS
          ? "{\"value\":[],\"count\":0}" : "[]");
      forge.answerNext(422, Map.of(), new JsonObject().put("message", "Validation Failed").put("errors",
          new io.vertx.core.json.JsonArray().add(new JsonObject().put("message",
              "Base branch protected: pull requests into main need a review"))).encode());
      Throwable refused = failure(client.openOrUpdate(target, request, new SecretValue(TOKEN)));
      assertThat(refused).isInstanceOf(ForgeFailure.class);
      assertThat(refused.getMessage()).contains(target.forge().label() + " answered 422")
          .contains("Base branch protected").doesNotContain(TOKEN);

      String wrong = "wrongCanaryToken9876543210zyxwvuTSRQ";
      Throwable denied = failure(client.openOrUpdate(target, request, new SecretValue(wrong)));
      assertThat(denied.getMessage()).contains("answered 401").doesNotContain(wrong);
    }
  }

  @ParameterizedTest
  @EnumSource(FakeForge.Kind.class)
  void aRateLimitIsWaitedForWhenItEndsSoonAndReportedWhenItDoesNot(FakeForge.Kind kind) throws Exception {
    try (FakeForge forge = new FakeForge(kind, TOKEN)) {
      ForgeTarget target = target(kind, forge);
      forge.answerNext(429, Map.of("Retry-After", "1"), "{\"message\":\"API rate limit exceeded\"}");
      long started = System.nanoTime();
      JsonObject opened = await(client.openOrUpdate(target, new ReviewRequest("DEMO-4: x", "b", "mergeloom/DEMO-4",
          "main", false), new SecretValue(TOKEN)));
      assertThat(opened.getString("action")).isEqualTo("opened");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).as("Retry-After: 1 was honoured")
          .isGreaterThanOrEqualTo(Duration.ofMillis(900));

      long reset = java.time.Instant.now().getEpochSecond() + 3600;
      forge.answerNext(403, Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", String.valueOf(reset)),
          "{\"message\":\"API rate limit exceeded for installation\"}");
      Throwable limited = failure(client.openOrUpdate(target, new ReviewRequest("DEMO-5: x", "b", "mergeloom/DEMO-5",
          "main", false), new SecretValue(TOKEN)));
      assertThat(limited.getMessage()).contains("answered 403").contains("API rate limit exceeded")
          .contains("rate limited; the limit resets in");
      assertThat(forge.problems()).isEmpty();
    }
  }

  @org.junit.jupiter.api.Test
  void theGiteaCallsAreAlsoWhatForgejosDescriptionHas() throws Exception {
    try (FakeForge forge = new FakeForge(FakeForge.Kind.GITEA, TOKEN, dev.mergeloom.worker.testing.ForgeApis.FORGEJO)) {
      ForgeTarget target = ForgeTarget.of("https://codeberg.org/acme/app.git", "forgejo", forge.apiUrl()).orElseThrow();
      for (String body : List.of("first", "second")) {
        await(client.openOrUpdate(target, new ReviewRequest("DEMO-6: x", body, "mergeloom/DEMO-6", "main", false),
            new SecretValue(TOKEN)));
      }
      assertThat(forge.open()).hasSize(1);
      assertThat(forge.requests()).hasSize(4);
      assertThat(forge.problems()).isEmpty();
    }
  }
}
