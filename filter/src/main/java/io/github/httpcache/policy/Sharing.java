package io.github.httpcache.policy;

/** Whether an entry is shared by every client, or keyed by user and served only to that user. */
public enum Sharing {
  SHARED,
  PER_USER
}
