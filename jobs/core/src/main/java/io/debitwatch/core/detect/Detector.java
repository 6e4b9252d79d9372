package io.debitwatch.core.detect;

import io.debitwatch.core.model.Action;
import io.debitwatch.core.model.Provider;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The detection rules of SPEC §4 and §4a as a pure function of one order's facts and an event time.
 * It has no Flink dependency; the Flink job only stores facts, sets timers and routes decisions.
 *
 * <p>A call considers the order's first timeline: the facts from the earliest one ({@code T0}) up
 * to its horizon {@code H}. Facts after {@code H} belong to a later timeline and are ignored; the
 * caller starts a new one with them once {@code H} has passed.
 *
 * <p>One call is one sweep over the facts in event-time order ({@link OrderSweep}): the order's
 * state (verdict, debits, money returned) is carried forward fact by fact, and each finding is one
 * method that reads that state at a decision point, in the order of the README's alert table.
 */
public final class Detector implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Event time, then the tie-break rank (highest last), then event id and kind for determinism.
     */
    public static final Comparator<Fact> FACT_ORDER =
            Comparator.comparingLong(Fact::time)
                    .thenComparingInt((Fact f) -> f.kind().rank)
                    .thenComparing(Fact::eventId)
                    .thenComparing(Fact::kind);

    private final DetectorConfig config;

    public Detector(DetectorConfig config) {
        this.config = config;
    }

    public DetectorConfig config() {
        return config;
    }

    /** The earliest event time of the facts, or {@code Long.MAX_VALUE} when there are none. */
    public static long firstTime(List<Fact> facts) {
        long t0 = Long.MAX_VALUE;
        for (Fact f : facts) {
            t0 = Math.min(t0, f.time());
        }
        return t0;
    }

    /**
     * Every finding of the order's first timeline decided at or before {@code at}, in the order
     * they were decided.
     */
    public List<Decision> decide(Provider provider, List<Fact> facts, long at) {
        return decide(provider, facts, at, null, false);
    }

    /**
     * As {@link #decide(Provider, List, long)}, for a caller that has already emitted an
     * UNMATCHED_DEBIT ({@code prior}, or null) and may since have learnt facts that arrived late.
     * Emitted decisions are never retracted (SPEC §4a.4): the prior alert stands for the
     * UNMATCHED_DEBIT, CONFLICT and ALERT_RESOLVED refer to it, and a late fact that would have
     * prevented its refund raises CONFLICT.
     *
     * @param overflow the order has more facts than its bound keeps (SPEC §4a.3): no REFUND, only
     *     REVIEW
     */
    public List<Decision> decide(
            Provider provider, List<Fact> facts, long at, Prior prior, boolean overflow) {
        if (facts.isEmpty()) {
            return List.of();
        }
        OrderSweep sweep = new OrderSweep(config, provider, facts, prior, overflow);
        List<Decision> out = new ArrayList<>(2);
        sweep.run(at, false, out);
        return out;
    }

    /**
     * The early warning as far as the facts known now allow, whatever the event time reached: the
     * streaming job sends it the moment both the debit and the failed verdict are in.
     */
    public Decision earlyWarning(Provider provider, List<Fact> facts) {
        if (facts.isEmpty()) {
            return null;
        }
        List<Decision> out = new ArrayList<>(1);
        new OrderSweep(config, provider, facts, null, false).run(Long.MAX_VALUE, true, out);
        return out.isEmpty() ? null : out.get(0);
    }

    /**
     * An UNMATCHED_DEBIT that was already emitted, as later decisions of the same order need it:
     * when it was decided, its action and amount, and the debit it was about.
     *
     * @param decidedAt its decision point, epoch millis of event time
     * @param action REFUND or REVIEW
     * @param amountMinor the net debit it was decided for
     * @param currency the debit's currency
     * @param debitTxnId the debit's provider transaction id
     * @param debitAmountMinor the debit's own amount
     */
    public record Prior(
            long decidedAt,
            Action action,
            long amountMinor,
            String currency,
            String debitTxnId,
            long debitAmountMinor) {

        /** The prior of an UNMATCHED_DEBIT decision; its debit is read from its evidence. */
        public static Prior of(Decision ud) {
            long debitAmount = ud.amountMinor();
            for (Fact f : ud.evidence()) {
                if (f.kind() == Fact.Kind.P_DEBITED && Objects.equals(f.txnId(), ud.debitTxnId())) {
                    debitAmount = f.amountMinor();
                    break;
                }
            }
            return new Prior(
                    ud.decidedAt(),
                    ud.action(),
                    ud.amountMinor(),
                    ud.currency(),
                    ud.debitTxnId(),
                    debitAmount);
        }

        boolean isAbout(Fact debit) {
            return debit != null
                    && Objects.equals(debit.txnId(), debitTxnId)
                    && debit.amountMinor() == debitAmountMinor
                    && Objects.equals(debit.currency(), currency);
        }
    }

    /** Why an UNMATCHED_DEBIT is REVIEW rather than REFUND (the alert's review_reason). */
    static final String NO_TERMINAL = "no terminal record of the order";

    static final String CONTESTED =
            "the terminal recorded SUCCESS, then FAILED, before the deadline";

    static final String OVERFLOW =
            "the order has more events than the "
                    + FactBound.MAX_FACTS
                    + " kept per order; decided on a partial record";

    static final String RETURNS_MISMATCH =
            "refunds or reversals that do not fit the debit (another provider_txn_id or currency,"
                    + " or more than was debited)";

    static String distinctDebits(int n) {
        return n + " distinct debits on one order (provider_txn_id, amount or currency differ)";
    }

    /** What makes a fact time after D a decision point (SPEC §4 "Decision points"). */
    static final int GENERAL = 1;

    static final int CONFLICT_POINT = 2;
    static final int PROVIDER_POINT = 4;
    static final int CLOSING_POINT = 8;

    /** The flags of a fact after D; 0 when its time is no decision point. */
    static int pointFlags(Fact.Kind k) {
        return switch (k) {
            case P_NOT_PAID, P_CLOSED, P_REVERSED -> GENERAL | PROVIDER_POINT | CLOSING_POINT;
            case P_DEBITED, P_REFUNDED -> GENERAL | PROVIDER_POINT;
            case T_REVERSAL_SUCCESS, T_REVERSAL_FAILED -> GENERAL;
            case T_SUCCESS -> CONFLICT_POINT;
            default -> 0;
        };
    }

    /**
     * Whether a fact's time, after the deadline and up to the horizon, is a decision point, so that
     * the streaming job sets a timer there.
     */
    public static boolean isDecisionPoint(Fact f) {
        return pointFlags(f.kind()) != 0;
    }

    /** Whether a fact can complete an early warning: a debit or a failed/timed-out result. */
    public static boolean completesEarlyWarning(Fact f) {
        Fact.Kind k = f.kind();
        return k == Fact.Kind.P_DEBITED || k == Fact.Kind.T_FAILED || k == Fact.Kind.T_TIMEOUT;
    }

    /** Two debits are the same when provider_txn_id, amount and currency agree (SPEC §4a.2). */
    static boolean sameDebit(Fact a, Fact b) {
        return Objects.equals(a.txnId(), b.txnId())
                && a.amountMinor() == b.amountMinor()
                && Objects.equals(a.currency(), b.currency());
    }
}
