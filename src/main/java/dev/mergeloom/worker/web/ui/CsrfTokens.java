package dev.mergeloom.worker.web.ui;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Double-submit CSRF tokens for the UI's forms: a random token in a SameSite=Strict, HttpOnly
 * cookie, repeated in a hidden {@code _csrf} field; a POST must carry both and they must match.
 * The Origin check in front already refuses cross-site posts; this is the second lock the
 * contract asks for, and it needs no server-side session.
 */
final class CsrfTokens {
  static final String COOKIE = "mergeloom_csrf";
  static final String FIELD = "_csrf";
  private static final SecureRandom RANDOM = new SecureRandom();

  private CsrfTokens() {}

  /** The token for this browser, setting the cookie on first visit. */
  static String ensure(RoutingContext ctx) {
    Cookie existing = ctx.request().getCookie(COOKIE);
    if (existing != null && existing.getValue().length() >= 32) {
      return existing.getValue();
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    ctx.response().addCookie(Cookie.cookie(COOKIE, token).setPath("/").setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT));
    return token;
  }

  /** True when the posted form carries the browser's token. */
  static boolean valid(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(COOKIE);
    String posted = ctx.request().getFormAttribute(FIELD);
    return cookie != null && posted != null && MessageDigest.isEqual(
        cookie.getValue().getBytes(StandardCharsets.UTF_8), posted.getBytes(StandardCharsets.UTF_8));
  }
}
