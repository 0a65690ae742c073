package io.github.httpcache.servlet;

import io.github.httpcache.config.CacheSettings;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.Optional;

/**
 * The one admin check, shared by the admin endpoint and {@code /metrics/cache}: with {@code
 * admin.token} set, {@code Authorization: Bearer <token>}; without, a local operator as {@link
 * LoopbackRule} defines one.
 */
public final class AdminAccess {
  /** The outcome: admin, or the status and message to refuse with. */
  public record Decision(boolean admin, int status, String message) {
    static final Decision ADMIN = new Decision(true, 200, "");

    public boolean tokenChallenge() {
      return status == HttpServletResponse.SC_UNAUTHORIZED;
    }
  }

  private AdminAccess() {}

  public static Decision decide(CacheSettings settings, HttpServletRequest request) {
    if (settings.hasAdminToken()) {
      return tokenMatches(settings.adminToken(), request.getHeader("Authorization")) ? Decision.ADMIN
          : new Decision(false, HttpServletResponse.SC_UNAUTHORIZED, "Missing or wrong bearer token");
    }
    LoopbackRule.Verdict verdict = LoopbackRule.judge(request.getRemoteAddr(), request.getHeader("Host"),
        Collections.list(request.getHeaderNames()));
    return verdict == LoopbackRule.Verdict.ALLOWED ? Decision.ADMIN
        : new Decision(false, HttpServletResponse.SC_FORBIDDEN,
            "Admin endpoints answer local operators only unless admin.token is set: " + verdict.reason());
  }

  public static boolean isAdmin(CacheSettings settings, HttpServletRequest request) {
    return decide(settings, request).admin();
  }

  /** True when the request is an admin's; otherwise answers the refusal (401 or 403, JSON) and returns false. */
  public static boolean require(CacheSettings settings, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Decision decision = decide(settings, request);
    if (decision.admin()) {
      return true;
    }
    if (decision.tokenChallenge()) {
      response.setHeader("WWW-Authenticate", "Bearer realm=\"http-cache\"");
    }
    JsonResponses.message(response, decision.status(), decision.message());
    return false;
  }

  /** The startup warning when no token is set: what loopback-only admin guards, and what it does not. */
  public static Optional<String> loopbackOnlyNotice(CacheSettings settings) {
    if (settings.hasAdminToken()) {
      return Optional.empty();
    }
    return Optional.of("http-cache admin endpoints (purge, dashboard, full /metrics/cache keys) are loopback-only: "
        + "no admin.token is set. They answer requests from a loopback address with a loopback Host and no "
        + "Forwarded/X-Forwarded-*/X-Real-IP header. This does NOT protect against other users or processes on "
        + "this machine, nor a local reverse proxy that forwards remote clients without adding forwarding headers; "
        + "set admin.token (CACHE_ADMIN_TOKEN) for those.");
  }

  // Constant-time comparison: the time a wrong guess takes says nothing about the token.
  private static boolean tokenMatches(String token, String authorization) {
    return authorization != null && MessageDigest.isEqual(
        authorization.getBytes(StandardCharsets.UTF_8), ("Bearer " + token).getBytes(StandardCharsets.UTF_8));
  }
}
