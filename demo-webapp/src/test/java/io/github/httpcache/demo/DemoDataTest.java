package io.github.httpcache.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DemoDataTest {

  private final DemoData data = DemoData.seeded();

  @Test
  void usersOneAndTwoExistAtStart() {
    assertEquals(Optional.of(new User(1, "User A")), data.findUser(1));
    assertEquals(Optional.of(new User(2, "User B")), data.findUser(2));
  }

  @Test
  void unknownUserIsNotFound() {
    assertEquals(Optional.empty(), data.findUser(3));
  }

  @Test
  void renameChangesWhatTheNextReadReturns() {
    assertEquals(Optional.of(new User(1, "Renamed")), data.renameUser(1, "Renamed"));

    assertEquals(Optional.of(new User(1, "Renamed")), data.findUser(1));
  }

  @Test
  void renamingAnUnknownUserCreatesNoUser() {
    assertEquals(Optional.empty(), data.renameUser(3, "Ghost"));

    assertEquals(Optional.empty(), data.findUser(3));
  }

  @Test
  void postsStartWithTheTwoSeedPosts() {
    assertEquals(List.of("Post A", "Post B"), data.posts());
  }

  @Test
  void addedPostIsAppendedToTheList() {
    data.addPost("Post C");

    assertEquals(List.of("Post A", "Post B", "Post C"), data.posts());
  }

  @Test
  void postsSnapshotDoesNotChangeWithLaterWritesAndCannotBeModified() {
    List<String> snapshot = data.posts();

    data.addPost("Post C");

    assertEquals(List.of("Post A", "Post B"), snapshot);
    assertThrows(UnsupportedOperationException.class, () -> snapshot.add("Post D"));
  }

  @Test
  void twoInstancesKeepSeparateState() {
    DemoData otherDeployment = DemoData.seeded();

    data.renameUser(1, "Renamed");
    data.addPost("Post C");

    assertEquals(Optional.of(new User(1, "User A")), otherDeployment.findUser(1));
    assertEquals(List.of("Post A", "Post B"), otherDeployment.posts());
  }
}
