package dev.mergeloom.worker.testing;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The OpenAI and Anthropic sign-in services as the CLIs see them (shared/design/clis.md), played
 * by one local HTTPS fake behind a {@link ConnectProxy}: device-code login for Codex, code
 * exchange plus profile for Claude. Each flow's outcome is chosen by the test.
 */
public final class FakeSignIn implements AutoCloseable {
  public static final List<String> HOSTS = List.of("auth.openai.com", "platform.claude.com", "api.anthropic.com",
      "claude.com", "claude.ai", "console.anthropic.com", "chatgpt.com", "api.openai.com");
  public static final String USER_CODE = "FAKE-C0DE1";

  /** How the Codex device approval ends. */
  public enum Device { APPROVED, DENIED, NOT_ENABLED }

  /** How the Claude code exchange ends. */
  public enum Exchange { ACCEPTED, REFUSED }

  private final FakeProvider server;
  private final ConnectProxy proxy;
  private final Path caPem;
  private final AtomicInteger polls = new AtomicInteger();
  private volatile Device device = Device.APPROVED;
  private volatile Exchange exchange = Exchange.ACCEPTED;
  private volatile int pendingPolls = 1;

  public FakeSignIn(Path dir) throws Exception {
    TestCertificate certificate = TestCertificateAuthority.serverCertificate(dir, HOSTS);
    this.caPem = certificate.pem();
    this.server = new FakeProvider(certificate);
    this.proxy = new ConnectProxy(server.port());
    server.respond(this::answer);
  }

  public void device(Device outcome, int pendingPollsFirst) {
    this.device = outcome;
    this.pendingPolls = pendingPollsFirst;
  }

  public void exchange(Exchange outcome) {
    this.exchange = outcome;
  }

  public String proxyUrl() {
    return proxy.url();
  }

  public Path caPem() {
    return caPem;
  }

  public List<FakeProvider.Recorded> requests() {
    return server.requests();
  }

  private FakeProvider.Reply answer(FakeProvider.Recorded r) {
    String host = String.valueOf(r.headers().get("Host")).replaceFirst(":\\d+$", "");
    String route = r.method() + " " + host + r.path();
    return switch (route) {
      case "POST auth.openai.com/api/accounts/deviceauth/usercode" -> device == Device.NOT_ENABLED
          ? FakeProvider.Reply.json(404, "{\"error\":\"not found\"}")
          : FakeProvider.Reply.json(200, new JsonObject().put("device_auth_id", "dev-auth-1")
              .put("user_code", USER_CODE).put("interval", "1").encode());
      case "POST auth.openai.com/api/accounts/deviceauth/token" -> devicePoll();
      case "POST auth.openai.com/oauth/token" -> FakeProvider.Reply.json(200, openAiTokens());
      case "POST platform.claude.com/v1/oauth/token", "POST console.anthropic.com/v1/oauth/token" ->
        exchange == Exchange.REFUSED
            ? FakeProvider.Reply.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid code\"}")
            : FakeProvider.Reply.json(200, claudeTokens());
      case "GET api.anthropic.com/api/oauth/profile" -> FakeProvider.Reply.json(200, claudeProfile());
      case "GET api.anthropic.com/api/oauth/claude_cli/roles" -> FakeProvider.Reply.json(200, new JsonObject()
          .put("organization_role", "admin").put("workspace_role", null).put("organization_name", "Fake Org")
          .encode());
      default -> FakeProvider.Reply.json(404, "{\"error\":\"no fake for " + route + "\"}");
    };
  }

  private FakeProvider.Reply devicePoll() {
    if (polls.incrementAndGet() <= pendingPolls) {
      return FakeProvider.Reply.json(403, "{\"error\":\"authorization_pending\"}");
    }
    if (device == Device.DENIED) {
      return FakeProvider.Reply.json(400, "{\"error\":\"access_denied\"}");
    }
    return FakeProvider.Reply.json(200, new JsonObject().put("authorization_code", "fake-authorization-code")
        .put("code_challenge", "fake-challenge").put("code_verifier", "fake-verifier").encode());
  }

  private static String openAiTokens() {
    JsonObject auth = new JsonObject().put("chatgpt_plan_type", "plus").put("chatgpt_account_id", "acct-fake-1")
        .put("chatgpt_user_id", "user-fake-1");
    JsonObject claims = new JsonObject().put("email", "dev@example.test").put("exp",
        Instant.now().plusSeconds(3600).getEpochSecond()).put("https://api.openai.com/auth", auth);
    String jwt = jwt(claims);
    return new JsonObject().put("id_token", jwt).put("access_token", jwt).put("refresh_token", "fake-refresh")
        .encode();
  }

  private static String claudeTokens() {
    return new JsonObject().put("token_type", "Bearer").put("access_token", "sk-ant-oat01-fake-access")
        .put("refresh_token", "sk-ant-ort01-fake-refresh").put("expires_in", 3600)
        .put("scope", "user:inference user:profile")
        .put("account", new JsonObject().put("uuid", "acc-fake-1").put("email_address", "dev@example.test"))
        .put("organization", new JsonObject().put("uuid", "org-fake-1").put("name", "Fake Org")).encode();
  }

  private static String claudeProfile() {
    return new JsonObject()
        .put("account", new JsonObject().put("uuid", "acc-fake-1").put("email", "dev@example.test")
            .put("display_name", "Dev").put("has_claude_pro", true).put("has_claude_max", false))
        .put("organization", new JsonObject().put("uuid", "org-fake-1").put("name", "Fake Org")
            .put("organization_type", "claude_pro").put("billing_type", "stripe_subscription")
            .put("rate_limit_tier", "default_claude_ai"))
        .encode();
  }

  private static String jwt(JsonObject claims) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString("fake-signature".getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    proxy.close();
    server.close();
  }
}
