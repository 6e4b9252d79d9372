package io.debitwatch.core.detect;

import io.debitwatch.core.model.Action;
import io.debitwatch.core.model.Provider;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The detection rules of SPEC §4 and §4a as a pure function of one order's facts and an event time.
 * It has no Flink dependency; the Flink job only stores facts, sets timers and routes decisions.
 *
 * <p>A call considers the order's first timeline: the facts from the earliest one ({@code T0}) up
 * to its horizon {@code H}. Facts after {@code H} belong to a later timeline and are ignored; the
 * caller starts a new one with them once {@code H} has passed.
 *
 * <p>One call is one sweep over the facts in event-time order ({@link Sweep}): the order's state
 * (verdict, debits, money returned) is carried forward fact by fact, and each finding is one method
 * that reads that state at a decision point, in the order of the README's alert table.
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
        Sweep sweep = new Sweep(provider, facts, prior, overflow);
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
        new Sweep(provider, facts, null, false).run(Long.MAX_VALUE, true, out);
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
    private static final int GENERAL = 1;

    private static final int CONFLICT_POINT = 2;
    private static final int PROVIDER_POINT = 4;
    private static final int CLOSING_POINT = 8;

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

    /**
     * One evaluation of one order's timeline: the facts in event-time order, swept once, with the
     * order's state at each decision point.
     */
    private final class Sweep {
        private final Fact[] f;
        private final long deadline;
        private final long horizon;
        private final Prior prior;
        private final boolean overflow;

        /** Index of the next fact to apply. */
        private int next;

        // The terminal side.
        private boolean anyTerminal;
        private Verdict resultVerdict; // verdict from results up to D, null while none
        private Fact resultFact;
        private Fact successFact; // the SUCCESS a CONTESTED verdict contradicts
        private Verdict verdictAtDeadline;
        private Fact verdictFactAtDeadline;
        private Fact reversalAfterDeadline;
        private Fact lastTerminal; // up to D
        private Fact lastTerminalAmount; // up to the point, also after D

        // The provider side.
        private boolean anyProvider;
        private Fact debit; // the earliest, ties by provider_txn_id
        private final List<Fact> distinct = new ArrayList<>(2);
        private Fact providerReversal;
        private long refundSum;
        private long refundTotal;
        private Set<String> refundNos;
        private List<Fact> returns; // REFUNDED and REVERSED, in event-time order

        // What was decided so far.
        private int decided;
        private Prior ud;

        Sweep(Provider provider, List<Fact> facts, Prior prior, boolean overflow) {
            Fact[] sorted = facts.toArray(new Fact[0]);
            Arrays.sort(sorted, FACT_ORDER);
            long t0 = sorted[0].time();
            this.deadline = config.deadline(provider, t0);
            this.horizon = config.horizon(provider, t0);
            int n = sorted.length;
            while (n > 0 && sorted[n - 1].time() > horizon) {
                n--;
            }
            this.f = n == sorted.length ? sorted : Arrays.copyOf(sorted, n);
            this.prior = prior;
            this.overflow = overflow;
            this.ud = prior;
        }

        /**
         * Decides every point up to {@code at}; with {@code earlyOnly}, only the early warning (the
         * sweep then stops at the deadline).
         */
        void run(long at, boolean earlyOnly, List<Decision> out) {
            boolean deadlineDone = false;
            // An emitted UNMATCHED_DEBIT's time is checked again for late facts (lateConflict),
            // also when it is no fact's time any more (T0, and with it D, moved earlier).
            long priorAt = prior == null ? Long.MAX_VALUE : prior.decidedAt();
            while (true) {
                long t = Math.min(next < f.length ? f[next].time() : Long.MAX_VALUE, horizon);
                if (!deadlineDone) {
                    t = Math.min(t, deadline);
                }
                t = Math.min(t, priorAt);
                if (t > at || (earlyOnly && t >= deadline)) {
                    return;
                }
                if (t == priorAt) {
                    priorAt = Long.MAX_VALUE; // visited
                }
                int flags = apply(t);
                if (t < deadline) {
                    earlyWarning(t, out);
                    continue;
                }
                if (t == deadline) {
                    deadlineDone = true;
                    verdictAtDeadline = resultVerdict != null ? resultVerdict : terminalVerdict();
                    verdictFactAtDeadline = resultFact;
                    flags |= GENERAL;
                }
                if (t == horizon) {
                    flags |= GENERAL;
                }
                decidePoint(t, flags, out);
                if (t == horizon) {
                    return;
                }
            }
        }

        /**
         * Applies every fact at time {@code t}; returns the decision-point flags of those facts.
         */
        private int apply(long t) {
            int flags = 0;
            Fact result = null; // the highest-ranked result at t (sorted: the last one)
            while (next < f.length && f[next].time() == t) {
                Fact x = f[next++];
                Fact.Kind k = x.kind();
                if (t > deadline) {
                    flags |= pointFlags(k);
                }
                if (k.isTerminal()) {
                    if (x.hasAmount()) {
                        lastTerminalAmount = x;
                    }
                    if (t <= deadline) {
                        anyTerminal = true;
                        lastTerminal = x;
                        if (k.verdict() != null) {
                            result = x;
                        }
                    } else if (k == Fact.Kind.T_REVERSAL_SUCCESS && reversalAfterDeadline == null) {
                        reversalAfterDeadline = x;
                    }
                } else {
                    anyProvider = true;
                    applyProvider(x);
                }
            }
            if (result != null) {
                applyResult(result);
            }
            return flags;
        }

        /**
         * The verdict's state machine (SPEC §4a.1): SUCCESS sticks against later pending and
         * timed-out results, a later FAILED contests it, and only a reversal ends a contest.
         */
        private void applyResult(Fact x) {
            Verdict r = x.kind().verdict();
            if (r == Verdict.REVERSED || resultVerdict == null) {
                setResult(r, x);
            } else if (resultVerdict == Verdict.SUCCESS) {
                if (r == Verdict.FAILED) {
                    setResult(Verdict.CONTESTED, x);
                } else if (r == Verdict.SUCCESS) {
                    setResult(Verdict.SUCCESS, x);
                }
            } else if (resultVerdict != Verdict.CONTESTED) {
                setResult(r, x);
            }
        }

        private void setResult(Verdict v, Fact x) {
            if (v == Verdict.SUCCESS) {
                successFact = x;
            }
            resultVerdict = v;
            resultFact = x;
        }

        private void applyProvider(Fact x) {
            switch (x.kind()) {
                case P_DEBITED -> {
                    if (debit == null) {
                        debit = x; // facts at one time are in event-id order: ties below
                    } else if (x.time() == debit.time()
                            && Objects.compare(
                                            x.txnId(),
                                            debit.txnId(),
                                            Comparator.nullsFirst(Comparator.naturalOrder()))
                                    < 0) {
                        debit = x;
                    }
                    for (Fact d : distinct) {
                        if (sameDebit(d, x)) {
                            return;
                        }
                    }
                    distinct.add(x);
                }
                case P_REVERSED -> {
                    if (providerReversal == null) {
                        providerReversal = x;
                    }
                    addReturn(x);
                }
                case P_REFUNDED -> {
                    addReturn(x);
                    if (x.refundMinor() >= 0 && x.refundNo() != null) {
                        if (refundNos == null) {
                            refundNos = new HashSet<>(4);
                        }
                        if (refundNos.add(x.refundNo())) {
                            refundSum += x.refundMinor();
                        }
                    }
                    refundTotal = Math.max(refundTotal, x.refundTotal());
                }
                default -> {}
            }
        }

        private void addReturn(Fact x) {
            if (returns == null) {
                returns = new ArrayList<>(2);
            }
            returns.add(x);
        }

        /**
         * Whether a refund or reversal does not fit the debit: another provider_txn_id or currency,
         * or more returned than was debited. Such money cannot be netted against this debit with
         * confidence (SPEC §4a: ambiguous evidence is reviewed).
         */
        private boolean returnsMismatch() {
            if (returns == null || debit == null) {
                return false;
            }
            for (Fact r : returns) {
                if (!fits(r)) {
                    return true;
                }
            }
            return Math.max(refundSum, refundTotal) > debit.amountMinor();
        }

        private boolean fits(Fact r) {
            return (r.txnId() == null || debit.txnId() == null || r.txnId().equals(debit.txnId()))
                    && Objects.equals(r.currency(), debit.currency());
        }

        /** The net debit counting only the refunds and reversals that fit it. */
        private long fittingNet() {
            long sum = 0;
            long total = 0;
            Set<String> nos = new HashSet<>(4);
            for (Fact r : returns) {
                if (!fits(r)
                        || r.refundMinor() > debit.amountMinor()
                        || r.refundTotal() > debit.amountMinor()) {
                    continue;
                }
                if (r.kind() == Fact.Kind.P_REVERSED) {
                    return 0;
                }
                if (r.refundMinor() >= 0 && r.refundNo() != null && nos.add(r.refundNo())) {
                    sum += r.refundMinor();
                }
                total = Math.max(total, r.refundTotal());
            }
            return Math.max(0, debit.amountMinor() - Math.max(sum, total));
        }

        /** The verdict from terminal events without a result: PENDING, or MISSING without any. */
        private Verdict terminalVerdict() {
            return anyTerminal ? Verdict.PENDING : Verdict.MISSING;
        }

        private Verdict verdict(long t) {
            if (t <= deadline) {
                return resultVerdict != null ? resultVerdict : terminalVerdict();
            }
            return reversalAfterDeadline != null ? Verdict.REVERSED : verdictAtDeadline;
        }

        private Fact verdictFact(long t) {
            if (t <= deadline) {
                return resultFact;
            }
            return reversalAfterDeadline != null ? reversalAfterDeadline : verdictFactAtDeadline;
        }

        /**
         * The debit less what came back (SPEC §4a.7): a reversal returns it all; refunds the larger
         * of their summed amounts and their largest total; never below zero.
         */
        private long net() {
            if (debit == null) {
                return 0;
            }
            if (providerReversal != null) {
                return 0;
            }
            long returned = Math.max(refundSum, refundTotal);
            return Math.max(0, debit.amountMinor() - returned);
        }

        // ---- the findings, in the order of the README's alert table ------------------------

        /** At the earliest t before D with a debit and a FAILED or TIMEOUT verdict. */
        private void earlyWarning(long t, List<Decision> out) {
            if (isDecided(Finding.EARLY_WARNING) || debit == null) {
                return;
            }
            Verdict v = verdict(t);
            if (v == Verdict.FAILED || v == Verdict.TIMEOUT) {
                add(
                        out,
                        new Decision(
                                Finding.EARLY_WARNING,
                                t,
                                Action.NONE,
                                debit.amountMinor(),
                                debit.currency(),
                                v,
                                debit.txnId(),
                                evidence(resultFact, debit)));
            }
        }

        private void decidePoint(long p, int flags, List<Decision> out) {
            if ((flags & GENERAL) != 0) {
                unmatchedDebit(p, out);
                amountMismatch(p, out);
                stuckPayment(p, out);
                saleWithoutDebit(p, flags, out);
                alertResolved(p, flags, out);
            }
            conflict(p, flags, out);
            if (prior != null && p == prior.decidedAt()) {
                lateConflict(p, out);
            }
        }

        /** {@code net > 0} and the terminal did not succeed: refund it, or review it. */
        private void unmatchedDebit(long p, List<Decision> out) {
            Verdict v = verdict(p);
            if (ud != null || debit == null || v == Verdict.SUCCESS) {
                return;
            }
            boolean mismatch = returnsMismatch();
            // Money returned that does not fit the debit is not netted against it: the rest is
            // reviewed, never refunded and never silently dropped.
            long net = mismatch ? fittingNet() : net();
            if (net <= 0) {
                return;
            }
            String reason = reviewReason(v, overflow);
            if (mismatch) {
                reason = reason == null ? RETURNS_MISMATCH : reason + "; " + RETURNS_MISMATCH;
            }
            Decision d =
                    new Decision(
                            Finding.UNMATCHED_DEBIT,
                            p,
                            reason == null ? Action.REFUND : Action.REVIEW,
                            net,
                            debit.currency(),
                            v,
                            debit.txnId(),
                            moneyEvidence(verdictFact(p), p),
                            reason);
            add(out, d);
            ud = Prior.of(d);
        }

        /** Null when the evidence is unambiguous enough for an automatic refund (SPEC §4a). */
        private String reviewReason(Verdict v, boolean overflowed) {
            List<String> reasons = new ArrayList<>(2);
            if (v == Verdict.MISSING && !config.refundMissingTerminal()) {
                reasons.add(NO_TERMINAL);
            }
            if (v == Verdict.CONTESTED) {
                reasons.add(CONTESTED);
            }
            if (distinct.size() > 1) {
                reasons.add(distinctDebits(distinct.size()));
            }
            if (overflowed) {
                reasons.add(OVERFLOW);
            }
            return reasons.isEmpty() ? null : String.join("; ", reasons);
        }

        /** The terminal succeeded for another amount or currency than was debited. */
        private void amountMismatch(long p, List<Decision> out) {
            Fact amount = lastTerminalAmount;
            if (isDecided(Finding.AMOUNT_MISMATCH)
                    || verdict(p) != Verdict.SUCCESS
                    || debit == null
                    || amount == null
                    || (amount.amountMinor() == debit.amountMinor()
                            && amount.currency().equals(debit.currency()))) {
                return;
            }
            add(
                    out,
                    new Decision(
                            Finding.AMOUNT_MISMATCH,
                            p,
                            Action.REVIEW,
                            debit.amountMinor(),
                            debit.currency(),
                            Verdict.SUCCESS,
                            debit.txnId(),
                            evidence(verdictFact(p), amount, debit)));
        }

        /** At D only: still pending or timed out, and the provider said nothing: query it. */
        private void stuckPayment(long p, List<Decision> out) {
            Verdict v = verdict(p);
            if (p != deadline || (v != Verdict.PENDING && v != Verdict.TIMEOUT) || anyProvider) {
                return;
            }
            Fact amount = lastTerminalAmount;
            add(
                    out,
                    new Decision(
                            Finding.STUCK_PAYMENT,
                            p,
                            Action.QUERY,
                            amount == null ? -1 : amount.amountMinor(),
                            amount == null ? null : amount.currency(),
                            v,
                            null,
                            evidence(verdictFact(p), lastTerminal)));
        }

        /** At H or a closing provider event: a terminal sale with no debit, or a reversed one. */
        private void saleWithoutDebit(long p, int flags, List<Decision> out) {
            boolean closing = (flags & CLOSING_POINT) != 0;
            if (isDecided(Finding.SALE_WITHOUT_DEBIT)
                    || (p != horizon && !closing)
                    || verdict(p) != Verdict.SUCCESS
                    || (debit != null && providerReversal == null)) {
                return;
            }
            Fact amount = lastTerminalAmount;
            add(
                    out,
                    new Decision(
                            Finding.SALE_WITHOUT_DEBIT,
                            p,
                            Action.REVIEW,
                            amount == null ? -1 : amount.amountMinor(),
                            amount == null ? null : amount.currency(),
                            Verdict.SUCCESS,
                            debit == null ? null : debit.txnId(),
                            evidence(
                                    verdictFact(p),
                                    debit,
                                    debit == null ? null : providerReversal,
                                    closing ? closingFactAt(p) : null)));
        }

        /**
         * After an UNMATCHED_DEBIT with action REFUND: a terminal SUCCESS after it, or a distinct
         * debit after it (SPEC §4a.2).
         */
        private void conflict(long p, int flags, List<Decision> out) {
            if (ud == null
                    || ud.action() != Action.REFUND
                    || ud.decidedAt() >= p
                    || isDecided(Finding.CONFLICT)) {
                return;
            }
            if ((flags & CONFLICT_POINT) != 0) {
                addConflict(
                        out, p, Verdict.SUCCESS, evidence(factAt(p, Fact.Kind.T_SUCCESS), debit));
                return;
            }
            if ((flags & PROVIDER_POINT) != 0) {
                for (int i = next - 1; i >= 0 && f[i].time() == p; i--) {
                    if (f[i].kind() == Fact.Kind.P_DEBITED && !ud.isAbout(f[i])) {
                        addConflict(out, p, verdict(p), evidence(f[i], debit));
                        return;
                    }
                }
            }
        }

        /**
         * At the time of an emitted REFUND: facts that arrived late now show that it should not
         * have been (a terminal SUCCESS by the deadline, a distinct debit, money back already).
         */
        private void lateConflict(long p, List<Decision> out) {
            if (prior.action() != Action.REFUND || isDecided(Finding.CONFLICT)) {
                return;
            }
            Verdict v = verdict(p);
            boolean stillRefund =
                    net() > 0
                            && v != Verdict.SUCCESS
                            && reviewReason(v, false) == null
                            && !returnsMismatch()
                            && prior.isAbout(debit);
            if (!stillRefund) {
                List<Fact> ev = new ArrayList<>(moneyEvidence(verdictFact(p), p));
                if (successFact != null && !ev.contains(successFact)) {
                    ev.add(successFact);
                    ev.sort(FACT_ORDER);
                }
                addConflict(out, p, v, List.copyOf(ev));
            }
        }

        private void addConflict(List<Decision> out, long p, Verdict v, List<Fact> evidence) {
            add(
                    out,
                    new Decision(
                            Finding.CONFLICT,
                            p,
                            Action.REVIEW,
                            ud.amountMinor(),
                            ud.currency(),
                            v,
                            ud.debitTxnId(),
                            evidence));
        }

        /** At the first provider event after an UNMATCHED_DEBIT at which the money is back. */
        private void alertResolved(long p, int flags, List<Decision> out) {
            if (ud == null
                    || isDecided(Finding.ALERT_RESOLVED)
                    || (flags & PROVIDER_POINT) == 0
                    || p <= ud.decidedAt()
                    || net() != 0) {
                return;
            }
            add(
                    out,
                    new Decision(
                            Finding.ALERT_RESOLVED,
                            p,
                            Action.NONE,
                            ud.amountMinor(),
                            ud.currency(),
                            verdict(p),
                            ud.debitTxnId(),
                            moneyEvidence(null, p)));
        }

        // ---- helpers ---------------------------------------------------------------------

        private boolean isDecided(Finding finding) {
            return (decided & finding.bit()) != 0;
        }

        private void add(List<Decision> out, Decision d) {
            decided |= d.finding().bit();
            out.add(d);
        }

        private Fact factAt(long t, Fact.Kind kind) {
            for (int i = next - 1; i >= 0 && f[i].time() >= t; i--) {
                if (f[i].time() == t && f[i].kind() == kind) {
                    return f[i];
                }
            }
            return null;
        }

        private Fact closingFactAt(long t) {
            for (int i = next - 1; i >= 0 && f[i].time() >= t; i--) {
                if (f[i].time() == t && (pointFlags(f[i].kind()) & CLOSING_POINT) != 0) {
                    return f[i];
                }
            }
            return null;
        }

        /**
         * The verdict's fact (and the SUCCESS a contest contradicts), every distinct debit, and
         * every reversal or refund up to {@code t}.
         */
        private List<Fact> moneyEvidence(Fact verdictFact, long t) {
            List<Fact> ev = new ArrayList<>(4);
            if (verdictFact != null) {
                ev.add(verdictFact);
                if (verdictFact.kind() == Fact.Kind.T_FAILED
                        && successFact != null
                        && verdictFact != successFact
                        && verdict(t) == Verdict.CONTESTED) {
                    ev.add(successFact);
                }
            }
            ev.addAll(distinct);
            for (int i = 0; i < next && f[i].time() <= t; i++) {
                Fact x = f[i];
                if (x.kind() == Fact.Kind.P_REVERSED || x.kind() == Fact.Kind.P_REFUNDED) {
                    ev.add(x);
                }
            }
            ev.sort(FACT_ORDER);
            return List.copyOf(ev);
        }

        private List<Fact> evidence(Fact... facts) {
            List<Fact> ev = new ArrayList<>(facts.length);
            for (Fact x : facts) {
                if (x != null && !ev.contains(x)) {
                    ev.add(x);
                }
            }
            ev.sort(FACT_ORDER);
            return List.copyOf(ev);
        }
    }
}
