package io.debitwatch.job;

import io.debitwatch.core.detect.Fact;
import java.util.List;

/**
 * Everything the job keeps for one order, in one state value so that an event costs one read and
 * one write: the first event time of the current timeline, the findings already emitted for it (a
 * bit per {@link io.debitwatch.core.detect.Finding}), the order's facts, and the horizon of the
 * last timeline that closed. With no facts the value is a tombstone: it remembers {@code closedAt}
 * for a while, so that a late event of a closed timeline is not mistaken for a new one.
 *
 * @param t0 first event time of the current timeline, epoch millis
 * @param emitted bit set of emitted findings
 * @param facts the order's facts in arrival order (may include facts of the next timeline)
 * @param closedAt H of the last closed timeline, or {@code Long.MIN_VALUE}
 */
public record OrderState(long t0, int emitted, List<Fact> facts, long closedAt) {

    public boolean isTombstone() {
        return facts.isEmpty();
    }
}
