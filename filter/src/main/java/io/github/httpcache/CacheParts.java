package io.github.httpcache;

import com.codahale.metrics.Timer;
import io.github.httpcache.config.CacheSettings;
import io.github.httpcache.config.Route;
import io.github.httpcache.metrics.CacheMetrics;
import io.github.httpcache.servlet.FillMemory;
import io.github.httpcache.servlet.TagHidingResponse;
import io.github.httpcache.store.GuardedStore;
import io.github.httpcache.store.NearCache;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;

/**
 * What a request's read or fill works with, handed down once by {@link HttpCache}: nothing below
 * it reaches back up for its parts.
 */
record CacheParts(CacheSettings settings, GuardedStore store, CacheMetrics metrics, Clock clock,
    Optional<NearCache> nearCache, FillMemory fillMemory) {

  /** Runs the application for this request, timed as origin time. */
  void callOrigin(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    try (Timer.Context ignored = metrics.originTime().time()) {
      chain.doFilter(request, response);
    }
  }

  /** The origin's tag header and the route's targeted fields are for the cache alone, stored or not. */
  HttpServletResponse hidingTags(HttpServletResponse response, Route route) {
    return new TagHidingResponse(response, settings.tagHeader(), route.targeted().hidden());
  }
}
