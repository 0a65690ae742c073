package io.github.httpcache.demo;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The demo's in-memory origin data (users and posts), one instance per deployment, so
 * that a write is really visible to the next read and a cached body can be told apart
 * from a fresh one.
 */
public final class DemoData {

  /** The ServletContext attribute under which {@link DemoContextListener} publishes the instance. */
  public static final String CONTEXT_ATTRIBUTE = DemoData.class.getName();

  private final ConcurrentMap<Long, String> userNames = new ConcurrentHashMap<>();
  private final List<String> postTitles = new CopyOnWriteArrayList<>();

  private DemoData() {}

  /** Returns the seed state: users 1 and 2, two posts. */
  public static DemoData seeded() {
    DemoData data = new DemoData();
    data.userNames.put(1L, "User A");
    data.userNames.put(2L, "User B");
    data.postTitles.add("Post A");
    data.postTitles.add("Post B");
    return data;
  }

  public Optional<User> findUser(long id) {
    return Optional.ofNullable(userNames.get(id)).map(name -> new User(id, name));
  }

  /** Renames an existing user; never creates one (the API has no user creation). */
  public Optional<User> renameUser(long id, String name) {
    return Optional.ofNullable(userNames.computeIfPresent(id, (key, oldName) -> name))
        .map(newName -> new User(id, newName));
  }

  /** Returns a snapshot, so a caller serialising it never sees a concurrent append half-way. */
  public List<String> posts() {
    return List.copyOf(postTitles);
  }

  public void addPost(String title) {
    postTitles.add(title);
  }
}
