package io.debitwatch.core.detect;

import static io.debitwatch.core.detect.Detector.CLOSING_POINT;
import static io.debitwatch.core.detect.Detector.FACT_ORDER;
import static io.debitwatch.core.detect.Detector.GENERAL;
import static io.debitwatch.core.detect.Detector.pointFlags;
import static io.debitwatch.core.detect.Detector.sameDebit;

import io.debitwatch.core.detect.Detector.Prior;
import io.debitwatch.core.model.Provider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One evaluation of one order's timeline: the facts in event-time order, swept once, with the
 * order's state carried forward fact by fact and read by the {@link Findings} at each decision
 * point. Its fields are that state; only this class and the findings read them.
 */
final class OrderSweep {
    final DetectorConfig config;

    /** The timeline's facts (up to H) in {@link Detector#FACT_ORDER}. */
    final Fact[] timeline;

    final long deadline;
    final long horizon;
    final Prior prior;
    final boolean overflow;

    /** Index of the next fact to apply. */
    int next;

    // The terminal side.
    boolean anyTerminal;
    Verdict resultVerdict; // verdict from results up to D, null while none
    Fact resultFact;
    Fact successFact; // the SUCCESS a CONTESTED verdict contradicts
    Verdict verdictAtDeadline;
    Fact verdictFactAtDeadline;
    Fact reversalAfterDeadline;
    Fact lastTerminal; // up to D
    Fact lastTerminalAmount; // up to the point, also after D

    // The provider side.
    boolean anyProvider;
    Fact debit; // the earliest, ties by provider_txn_id
    final List<Fact> distinct = new ArrayList<>(2);
    Fact providerReversal;
    long refundSum;
    long refundTotal;
    Set<String> refundNos;
    List<Fact> returns; // REFUNDED and REVERSED, in event-time order

    // What was decided so far.
    int decided;
    Prior ud;

    OrderSweep(
            DetectorConfig config,
            Provider provider,
            List<Fact> facts,
            Prior prior,
            boolean overflow) {
        this.config = config;
        Fact[] sorted = facts.toArray(new Fact[0]);
        Arrays.sort(sorted, FACT_ORDER);
        long t0 = sorted[0].time();
        this.deadline = config.deadline(provider, t0);
        this.horizon = config.horizon(provider, t0);
        int n = sorted.length;
        while (n > 0 && sorted[n - 1].time() > horizon) {
            n--;
        }
        this.timeline = n == sorted.length ? sorted : Arrays.copyOf(sorted, n);
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
            long t =
                    Math.min(
                            next < timeline.length ? timeline[next].time() : Long.MAX_VALUE,
                            horizon);
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
                Findings.earlyWarning(this, t, out);
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
            Findings.decidePoint(this, t, flags, out);
            if (t == horizon) {
                return;
            }
        }
    }

    /** Applies every fact at time {@code t}; returns the decision-point flags of those facts. */
    int apply(long t) {
        int flags = 0;
        Fact result = null; // the highest-ranked result at t (sorted: the last one)
        while (next < timeline.length && timeline[next].time() == t) {
            Fact x = timeline[next++];
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
     * The verdict's state machine (SPEC §4a.1): SUCCESS sticks against later pending and timed-out
     * results, a later FAILED contests it, and only a reversal ends a contest.
     */
    void applyResult(Fact x) {
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

    void setResult(Verdict v, Fact x) {
        if (v == Verdict.SUCCESS) {
            successFact = x;
        }
        resultVerdict = v;
        resultFact = x;
    }

    void applyProvider(Fact x) {
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

    void addReturn(Fact x) {
        if (returns == null) {
            returns = new ArrayList<>(2);
        }
        returns.add(x);
    }

    /**
     * Whether a refund or reversal does not fit the debit: another provider_txn_id or currency, or
     * more returned than was debited. Such money cannot be netted against this debit with
     * confidence (SPEC §4a: ambiguous evidence is reviewed).
     */
    boolean returnsMismatch() {
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

    boolean fits(Fact r) {
        return (r.txnId() == null || debit.txnId() == null || r.txnId().equals(debit.txnId()))
                && Objects.equals(r.currency(), debit.currency());
    }

    /** The net debit counting only the refunds and reversals that fit it. */
    long fittingNet() {
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
    Verdict terminalVerdict() {
        return anyTerminal ? Verdict.PENDING : Verdict.MISSING;
    }

    Verdict verdict(long t) {
        if (t <= deadline) {
            return resultVerdict != null ? resultVerdict : terminalVerdict();
        }
        return reversalAfterDeadline != null ? Verdict.REVERSED : verdictAtDeadline;
    }

    Fact verdictFact(long t) {
        if (t <= deadline) {
            return resultFact;
        }
        return reversalAfterDeadline != null ? reversalAfterDeadline : verdictFactAtDeadline;
    }

    /**
     * The debit less what came back (SPEC §4a.7): a reversal returns it all; refunds the larger of
     * their summed amounts and their largest total; never below zero.
     */
    long net() {
        if (debit == null) {
            return 0;
        }
        if (providerReversal != null) {
            return 0;
        }
        long returned = Math.max(refundSum, refundTotal);
        return Math.max(0, debit.amountMinor() - returned);
    }

    // ---- helpers ---------------------------------------------------------------------

    boolean isDecided(Finding finding) {
        return (decided & finding.bit()) != 0;
    }

    void add(List<Decision> out, Decision d) {
        decided |= d.finding().bit();
        out.add(d);
    }

    Fact factAt(long t, Fact.Kind kind) {
        for (int i = next - 1; i >= 0 && timeline[i].time() >= t; i--) {
            if (timeline[i].time() == t && timeline[i].kind() == kind) {
                return timeline[i];
            }
        }
        return null;
    }

    /** A debit at {@code t} that the emitted UNMATCHED_DEBIT is not about, or null. */
    Fact otherDebitAt(long t) {
        for (int i = next - 1; i >= 0 && timeline[i].time() == t; i--) {
            if (timeline[i].kind() == Fact.Kind.P_DEBITED && !ud.isAbout(timeline[i])) {
                return timeline[i];
            }
        }
        return null;
    }

    Fact closingFactAt(long t) {
        for (int i = next - 1; i >= 0 && timeline[i].time() >= t; i--) {
            if (timeline[i].time() == t && (pointFlags(timeline[i].kind()) & CLOSING_POINT) != 0) {
                return timeline[i];
            }
        }
        return null;
    }

    /**
     * The verdict's fact (and the SUCCESS a contest contradicts), every distinct debit, and every
     * reversal or refund up to {@code t}.
     */
    List<Fact> moneyEvidence(Fact verdictFact, long t) {
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
        for (int i = 0; i < next && timeline[i].time() <= t; i++) {
            Fact x = timeline[i];
            if (x.kind() == Fact.Kind.P_REVERSED || x.kind() == Fact.Kind.P_REFUNDED) {
                ev.add(x);
            }
        }
        ev.sort(FACT_ORDER);
        return List.copyOf(ev);
    }

    List<Fact> evidence(Fact... facts) {
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
