package io.github.httpcache.invalidate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httpcache.store.InvalidationPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InvalidationJournalTest {
  private static InvalidationPlan plan(String key) {
    return InvalidationPlan.ofKeys(List.of(key));
  }

  /** A journal of {@code capacity} holding one plan per key, added in order. */
  private static InvalidationJournal journalWith(int capacity, String... keys) {
    InvalidationJournal journal = new InvalidationJournal(capacity);
    for (String key : keys) {
      journal.add(plan(key));
    }
    return journal;
  }

  /** Replays the journal as the invalidator does, returning what it replayed. */
  private static List<InvalidationPlan> drain(InvalidationJournal journal) {
    List<InvalidationPlan> replayed = new ArrayList<>();
    Optional<InvalidationPlan> next;
    while ((next = journal.next()).isPresent()) {
      replayed.add(next.get());
      journal.done(next.get());
    }
    return replayed;
  }

  @Test
  void newJournalIsEmptyWithNothingToReplay() {
    InvalidationJournal journal = new InvalidationJournal(3);

    assertEquals(List.of(true, 0, Optional.empty()), List.of(journal.isEmpty(), journal.size(), journal.next()));
  }

  @Test
  void plansAreReplayedInTheOrderTheyWereAdded() {
    assertEquals(List.of(plan("a"), plan("b"), plan("c")), drain(journalWith(3, "a", "b", "c")));
  }

  @Test
  void nextDoesNotRemoveThePlan() {
    InvalidationJournal journal = journalWith(3, "a", "b");
    journal.next();

    assertEquals(Optional.of(plan("a")), journal.next());
  }

  @Test
  void doneRemovesTheHead() {
    InvalidationJournal journal = journalWith(3, "a", "b");
    journal.done(journal.next().orElseThrow());

    assertEquals(Optional.of(plan("b")), journal.next());
  }

  @Test
  void doneWithAPlanOtherThanTheHeadRemovesNothing() {
    InvalidationJournal journal = journalWith(3, "a", "b");
    journal.done(plan("b"));

    assertEquals(List.of(plan("a"), plan("b")), drain(journal));
  }

  @ParameterizedTest(name = "{0} added, capacity 3 -> size {1}")
  @CsvSource({"0, 0", "1, 1", "3, 3"})
  void sizeCountsThePendingPlans(int added, int size) {
    InvalidationJournal journal = new InvalidationJournal(3);
    for (int i = 0; i < added; i++) {
      journal.add(plan("k" + i));
    }

    assertEquals(size, journal.size());
  }

  @ParameterizedTest(name = "{0} added, capacity 3 -> empty: {1}")
  @CsvSource({"0, true", "1, false", "3, false", "4, false", "10, false"})
  void journalIsEmptyOnlyWithNothingPendingAndNoOverflow(int added, boolean empty) {
    InvalidationJournal journal = new InvalidationJournal(3);
    for (int i = 0; i < added; i++) {
      journal.add(plan("k" + i));
    }

    assertEquals(empty, journal.isEmpty());
  }

  @Test
  void journalAtCapacityStillReplaysEachPlan() {
    assertEquals(List.of(plan("a"), plan("b")), drain(journalWith(2, "a", "b")));
  }

  @ParameterizedTest(name = "{0} plans into capacity 2")
  @CsvSource({"3", "4", "50"})
  void overflowReplaysEverythingInsteadOfThePlans(int added) {
    InvalidationJournal journal = new InvalidationJournal(2);
    for (int i = 0; i < added; i++) {
      journal.add(plan("k" + i));
    }

    assertEquals(List.of(InvalidationPlan.everything()), drain(journal));
  }

  @Test
  void overflowedJournalReportsOneMoreThanItsCapacity() {
    assertEquals(3, journalWith(2, "a", "b", "c").size());
  }

  @Test
  void overflowedJournalKeepsOfferingEverythingUntilItIsDone() {
    InvalidationJournal journal = journalWith(2, "a", "b", "c");
    journal.next();
    journal.done(plan("a"));

    assertEquals(Optional.of(InvalidationPlan.everything()), journal.next());
  }

  @Test
  void plansAddedAfterAnOverflowAreCoveredByEverything() {
    InvalidationJournal journal = journalWith(2, "a", "b", "c");
    journal.add(plan("d"));

    assertEquals(List.of(InvalidationPlan.everything()), drain(journal));
  }

  @Test
  void journalIsEmptyOnceEverythingIsDone() {
    InvalidationJournal journal = journalWith(2, "a", "b", "c");
    journal.done(journal.next().orElseThrow());

    assertEquals(List.of(true, 0), List.of(journal.isEmpty(), journal.size()));
  }

  @Test
  void journalKeepsPlansAgainAfterRecoveringFromAnOverflow() {
    InvalidationJournal journal = journalWith(2, "a", "b", "c");
    journal.done(journal.next().orElseThrow());
    journal.add(plan("d"));

    assertEquals(List.of(plan("d")), drain(journal));
  }

  /** An admin purge that was journaled before any overflow is replayed like any other plan, once. */
  @Test
  void journaledPurgeIsReplayedOnceInItsPlace() {
    InvalidationJournal journal = journalWith(3, "a");
    InvalidationPlan purge = InvalidationPlan.everything();
    journal.add(purge);
    journal.add(plan("b"));

    assertEquals(List.of(plan("a"), purge, plan("b")), drain(journal));
  }

  @Test
  void doneOnAnEmptyJournalChangesNothing() {
    InvalidationJournal journal = new InvalidationJournal(2);
    journal.done(plan("a"));

    assertEquals(List.of(true, 0, Optional.empty()), List.of(journal.isEmpty(), journal.size(), journal.next()));
  }

  @ParameterizedTest(name = "pending {0} -> covers {1}: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      # pending plan (kind:value)    | read key                  | bypasses
      key:GET:/a                     | GET:/a                    | true
      key:GET:/a                     | GET:/b                    | false
      key:GET:/a                     | GET:/a?x=1                | false
      pattern:GET:/users/*           | GET:/users/7              | true
      pattern:GET:/users/*           | GET:/posts/7              | false
      pattern:GET:/mine/1#user=*     | GET:/mine/1#user=bob      | true
      tag:user-7                     | GET:/anything             | true
      everything:                    | GET:/anything             | true
      """)
  void onlyReadsOfWhatAPendingInvalidationNamesBypass(String pending, String key, boolean covered) {
    InvalidationJournal journal = new InvalidationJournal(10);
    String kind = pending.substring(0, pending.indexOf(':'));
    String value = pending.substring(pending.indexOf(':') + 1);
    journal.add(switch (kind) {
      case "key" -> InvalidationPlan.ofKeys(List.of(value));
      case "pattern" -> InvalidationPlan.ofPattern(value);
      case "tag" -> InvalidationPlan.ofTag(value);
      default -> InvalidationPlan.everything();
    });

    assertEquals(covered, journal.covers(key));
  }

  @Test
  void aReplayedInvalidationStopsCoveringItsKeysWhileTheOthersStillDo() {
    InvalidationJournal journal = journalWith(10, "GET:/a", "GET:/b", "GET:/a");

    journal.done(journal.next().orElseThrow());
    List<Boolean> afterOne = List.of(journal.covers("GET:/a"), journal.covers("GET:/b"));
    journal.done(journal.next().orElseThrow());
    journal.done(journal.next().orElseThrow());

    assertEquals(List.of(true, true), afterOne);
    assertEquals(List.of(false, false), List.of(journal.covers("GET:/a"), journal.covers("GET:/b")));
  }

  @Test
  void anOverflowedJournalCoversEveryKeyUntilItsPurgeIsDone() {
    InvalidationJournal journal = journalWith(1, "GET:/a", "GET:/b");

    boolean before = journal.covers("GET:/zzz");
    journal.done(journal.next().orElseThrow());

    assertEquals(List.of(true, false), List.of(before, journal.covers("GET:/zzz")));
  }
}
