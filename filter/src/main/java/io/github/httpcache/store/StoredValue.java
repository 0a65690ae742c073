package io.github.httpcache.store;

/** What a cache key can hold: a response, or the index that points to a varied response's variants. */
public sealed interface StoredValue permits CachedResponse, VariantIndex {}
