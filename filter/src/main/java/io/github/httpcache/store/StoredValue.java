package io.github.httpcache.store;

/**
 * What a cache key can hold: a response, the index that points to a varied response's variants,
 * or a tombstone that an invalidation left to fence off fills that began before it.
 */
public sealed interface StoredValue permits CachedResponse, VariantIndex, Tombstone {}
