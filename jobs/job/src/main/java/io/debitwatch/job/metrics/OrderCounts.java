package io.debitwatch.job.metrics;

import io.debitwatch.core.detect.OrderState;
import java.util.List;

/**
 * How many orders a detector subtask holds state for: open timelines, and closed orders remembered
 * by a tombstone. Kept by {@link #changed} as the detector creates, replaces and clears an order's
 * state (one comparison per write, no scan), and checkpointed with the detector (as operator state,
 * {@link #snapshot} and {@link #restore}), so that a restart resumes the counts. On a rescale the
 * saved counts are dealt to the new subtasks with Flink's even split, not by key group: the sum
 * over the subtasks stays exact, a single subtask's count does not. Not thread-safe: the task
 * thread writes, the metric reporter only reads.
 */
public final class OrderCounts {

    private long open;
    private long tombstones;

    /** Open timelines (orders with facts) on this subtask. */
    public long open() {
        return open;
    }

    /** Closed orders this subtask remembers with a tombstone. */
    public long tombstones() {
        return tombstones;
    }

    /** An order's stored state went from {@code before} to {@code after} (null: none). */
    public void changed(OrderState before, OrderState after) {
        int from = kind(before);
        int to = kind(after);
        if (from != to) {
            add(from, -1);
            add(to, 1);
        }
    }

    private static int kind(OrderState s) {
        return s == null ? 0 : s.isTombstone() ? 2 : 1;
    }

    private void add(int kind, long n) {
        if (kind == 1) {
            open += n;
        } else if (kind == 2) {
            tombstones += n;
        }
    }

    /** The counts to checkpoint. */
    public List<long[]> snapshot() {
        return List.of(new long[] {open, tombstones});
    }

    /** Adds what a checkpoint saved (this subtask's share of it). */
    public void restore(Iterable<long[]> saved) {
        for (long[] s : saved) {
            open += s[0];
            tombstones += s[1];
        }
    }
}
