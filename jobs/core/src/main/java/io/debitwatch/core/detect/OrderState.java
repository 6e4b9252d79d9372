package io.debitwatch.core.detect;

import java.util.Collections;
import java.util.List;

/**
 * Everything kept for one order, in one value so that an event costs one read and one write: the
 * first event time of the current timeline, the findings already emitted for it (a bit per {@link
 * Finding}), the order's facts, and the horizon of the last timeline that closed. With no facts the
 * value is a tombstone: it remembers {@code closedAt} for a while, so that a late event of a closed
 * timeline is not mistaken for a new one. {@link OrderTimeline} says how it changes.
 *
 * @param t0 first event time of the current timeline, epoch millis
 * @param emitted bit set of emitted findings
 * @param facts the order's facts in arrival order (may include facts of the next timeline)
 * @param closedAt H of the last closed timeline, or {@code Long.MIN_VALUE}
 * @param prior the UNMATCHED_DEBIT emitted for the current timeline, or null: later decisions refer
 *     to it even when facts that arrived late would now decide it otherwise (SPEC §4a.4)
 * @param overflow the order has more facts than its bound keeps: refunds become reviews (SPEC
 *     §4a.3)
 * @param terminal what the order's terminal events said about the terminal, or null: kept once per
 *     order, across its timelines and in its tombstone, for the alerts only (never a decision)
 */
public record OrderState(
        long t0,
        int emitted,
        List<Fact> facts,
        long closedAt,
        Detector.Prior prior,
        boolean overflow,
        TerminalTrace terminal) {

    /**
     * The facts are read-only: Flink's serializer declares the state an immutable type and hands
     * out the same object without a copy, so a change would alter what another reader holds.
     */
    public OrderState {
        facts = Collections.unmodifiableList(facts);
    }

    /** The state of a timeline without an emitted UNMATCHED_DEBIT and within its bound. */
    public OrderState(long t0, int emitted, List<Fact> facts, long closedAt) {
        this(t0, emitted, facts, closedAt, null, false);
    }

    /** A state without terminal context. */
    public OrderState(
            long t0,
            int emitted,
            List<Fact> facts,
            long closedAt,
            Detector.Prior prior,
            boolean overflow) {
        this(t0, emitted, facts, closedAt, prior, overflow, null);
    }

    public boolean isTombstone() {
        return facts.isEmpty();
    }

    /** This state with other emitted findings and prior UNMATCHED_DEBIT. */
    OrderState withEmitted(int newEmitted, Detector.Prior newPrior) {
        return new OrderState(t0, newEmitted, facts, closedAt, newPrior, overflow, terminal);
    }

    /** This state marked as beyond its bound. */
    OrderState withOverflow() {
        return new OrderState(t0, emitted, facts, closedAt, prior, true, terminal);
    }

    /** This state with other terminal context. */
    OrderState withTerminal(TerminalTrace newTerminal) {
        return newTerminal == terminal
                ? this
                : new OrderState(t0, emitted, facts, closedAt, prior, overflow, newTerminal);
    }
}
