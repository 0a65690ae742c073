package io.github.httpcache;

import io.github.httpcache.config.Route;
import io.github.httpcache.policy.RequestFacts;
import io.github.httpcache.policy.VariantDimensions;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * One admitted request on its way through the cache: its route, facts, key and dimensions, its
 * servlet objects, and when it arrived ({@link Coalescer#arrival()}): it may share only origin calls begun later.
 */
record Exchange(Route route, RequestFacts facts, String key, VariantDimensions dims, HttpServletRequest request,
    HttpServletResponse response, FilterChain chain, long arrival) {}
