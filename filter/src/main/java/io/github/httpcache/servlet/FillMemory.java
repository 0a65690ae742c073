package io.github.httpcache.servlet;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap all fills in progress may buffer together ({@code cache.fill-memory}). Captures reserve
 * from it as they grow and give back what they hold when the fill ends; a capture the budget
 * cannot grow streams through unstored. Lock-free: one compare-and-set per reservation.
 */
public final class FillMemory {
  /** No budget: reservations always succeed and nothing is counted (write routes, tests). */
  public static final FillMemory UNLIMITED = new FillMemory(Long.MAX_VALUE);

  private final long limit;
  private final AtomicLong reserved = new AtomicLong();

  /** @param limit bytes all captures together may hold; {@link Long#MAX_VALUE} for no limit */
  public FillMemory(long limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("a fill memory budget cannot be negative: " + limit);
    }
    this.limit = limit;
  }

  /** Takes {@code bytes} from the budget, or nothing when they do not fit. */
  public boolean tryReserve(long bytes) {
    if (isUnlimited()) {
      return true;
    }
    while (true) {
      long current = reserved.get();
      if (bytes > limit - current) {
        return false;
      }
      if (reserved.compareAndSet(current, current + bytes)) {
        return true;
      }
    }
  }

  /** Gives back bytes an earlier {@link #tryReserve(long)} took. */
  public void release(long bytes) {
    if (!isUnlimited() && reserved.addAndGet(-bytes) < 0) {
      throw new IllegalStateException("released more fill memory than was reserved");
    }
  }

  /** Bytes reserved right now by captures in progress (always 0 when unlimited). */
  public long reserved() {
    return reserved.get();
  }

  public long limit() {
    return limit;
  }

  public boolean isUnlimited() {
    return limit == Long.MAX_VALUE;
  }

  /**
   * A share of this budget for one capture; {@code owner} is the object holding the bytes: if it
   * is collected while the share still holds some, they return to the budget then.
   */
  Share share(Object owner) {
    Share share = new Share(this);
    if (!isUnlimited()) {
      Collector.CLEANER.register(owner, share::releaseAll);
    }
    return share;
  }

  /** Returns a capture's bytes if it is collected without having ended (an async request that timed out). */
  private static final class Collector {
    // In a holder, so its thread starts only once a limited budget is used.
    static final Cleaner CLEANER = Cleaner.create();
  }

  /** What one capture holds of the budget; it must not refer to its owner, or the owner is never collected. */
  static final class Share {
    private final FillMemory budget;
    private final AtomicLong held = new AtomicLong();

    private Share(FillMemory budget) {
      this.budget = budget;
    }

    boolean grow(long bytes) {
      if (!budget.tryReserve(bytes)) {
        return false;
      }
      held.addAndGet(bytes);
      return true;
    }

    /** Returns everything held to the budget; calling it again gives back only what was grown since. */
    void releaseAll() {
      long bytes = held.getAndSet(0);
      if (bytes > 0) {
        budget.release(bytes);
      }
    }

    long held() {
      return held.get();
    }
  }
}
