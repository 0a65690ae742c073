package io.github.httpcache.launcher;

/** How the filter's admin routes will be guarded, for the startup log (the token itself is never logged). */
enum AdminAccess {
  BEARER_TOKEN("Admin routes require Authorization: Bearer <CACHE_ADMIN_TOKEN> (token is set)"),
  LOOPBACK_ONLY("Admin routes answer loopback clients only (no CACHE_ADMIN_TOKEN set)");

  private final String description;

  AdminAccess(String description) {
    this.description = description;
  }

  static AdminAccess forToken(String token) {
    return token == null || token.isBlank() ? LOOPBACK_ONLY : BEARER_TOKEN;
  }

  String description() {
    return description;
  }
}
