package io.debitwatch.app;

import io.debitwatch.core.model.AlertType;
import java.util.List;
import java.util.Map;

/**
 * The scorecard's counts at one moment: what {@code demo} returns, what its report prints and what
 * its tests assert on.
 *
 * @param problems the first problems seen (at most 20), in order
 * @param missing examples of what is still missing (empty once complete)
 * @param console the console's store against the topics, or null where it was not compared
 */
record ScorecardResult(
        long orders,
        Map<AlertType, Alerts> alerts,
        long alertDuplicates,
        Refunds refunds,
        Notes earlyWarnings,
        Notes notifications,
        DeadLetters deadLetters,
        List<String> problems,
        List<String> missing,
        ConsoleStore console,
        boolean complete,
        boolean perfect) {

    /** Alerts of one type; detected ones match order, action, amount and decided_at. */
    record Alerts(long expected, long detected, long unexpected) {
        long missing() {
            return expected - detected;
        }
    }

    /** Refund requests: expected, and emitted once, more than once, not at all or unexpectedly. */
    record Refunds(
            long expected,
            long emitted,
            long duplicated,
            long missing,
            long unexpected,
            long wrongAmount,
            long ofSuccessfulSales) {}

    /** Notifications (or only early warnings): each expected one sent once, redeliveries aside. */
    record Notes(long expected, long sent, long unexpected, long redelivered) {
        long missing() {
            return expected - sent;
        }
    }

    /**
     * Dead letters; when the feed knows where it sent malformed records ({@code positionsKnown}),
     * each must point at one of them.
     */
    record DeadLetters(
            long expected,
            long received,
            boolean positionsKnown,
            long unexpected,
            List<String> notSentMalformed,
            List<String> malformedWithout) {}

    /**
     * The console's store after the drain: its incidents and refund requests against the expected
     * ones, by order key and by refund request id; {@code caughtUp} tells whether it had stored the
     * topics up to their end offsets before it was read.
     */
    record ConsoleStore(boolean caughtUp, Stored incidents, Stored refundRequests) {
        boolean matches() {
            return caughtUp && incidents.exact() && refundRequests.exact();
        }
    }

    /** Rows of one kind: expected, stored, expected but not stored, stored but not expected. */
    record Stored(long expected, long stored, long missing, long unexpected) {
        boolean exact() {
            return missing == 0 && unexpected == 0 && stored == expected;
        }
    }
}
