package io.debitwatch.core.detect;

import static io.debitwatch.core.detect.Detector.CLOSING_POINT;
import static io.debitwatch.core.detect.Detector.CONFLICT_POINT;
import static io.debitwatch.core.detect.Detector.CONTESTED;
import static io.debitwatch.core.detect.Detector.FACT_ORDER;
import static io.debitwatch.core.detect.Detector.GENERAL;
import static io.debitwatch.core.detect.Detector.NO_TERMINAL;
import static io.debitwatch.core.detect.Detector.OVERFLOW;
import static io.debitwatch.core.detect.Detector.PROVIDER_POINT;
import static io.debitwatch.core.detect.Detector.RETURNS_MISMATCH;
import static io.debitwatch.core.detect.Detector.distinctDebits;

import io.debitwatch.core.detect.Detector.Prior;
import io.debitwatch.core.model.Action;
import java.util.ArrayList;
import java.util.List;

/**
 * The findings of SPEC §4 and §4a, one method each, in the order of the README's alert table. Each
 * reads the order as the {@link OrderSweep} has carried it to one decision point (verdict, verdict
 * fact, debits, net, what was decided) and adds at most one {@link Decision}.
 */
final class Findings {

    private Findings() {}

    /**
     * Every finding due at decision point {@code p}; {@code flags} say what kind of point it is (D,
     * H, a provider event, a reversal, a terminal SUCCESS after D).
     */
    static void decidePoint(OrderSweep order, long p, int flags, List<Decision> out) {
        if ((flags & GENERAL) != 0) {
            unmatchedDebit(order, p, out);
            amountMismatch(order, p, out);
            stuckPayment(order, p, out);
            saleWithoutDebit(order, p, flags, out);
            alertResolved(order, p, flags, out);
        }
        conflict(order, p, flags, out);
        if (order.prior != null && p == order.prior.decidedAt()) {
            lateConflict(order, p, out);
        }
    }

    /** {@code net > 0} and the terminal did not succeed: refund it, or review it. */
    static void unmatchedDebit(OrderSweep order, long p, List<Decision> out) {
        Verdict v = order.verdict(p);
        if (order.ud != null || order.debit == null || v == Verdict.SUCCESS) {
            return;
        }
        boolean mismatch = order.returnsMismatch();
        // Money returned that does not fit the debit is not netted against it: the rest is
        // reviewed, never refunded and never silently dropped.
        long net = mismatch ? order.fittingNet() : order.net();
        if (net <= 0) {
            return;
        }
        String reason = reviewReason(order, v, order.overflow);
        if (mismatch) {
            reason = reason == null ? RETURNS_MISMATCH : reason + "; " + RETURNS_MISMATCH;
        }
        Decision d =
                new Decision(
                        Finding.UNMATCHED_DEBIT,
                        p,
                        reason == null ? Action.REFUND : Action.REVIEW,
                        net,
                        order.debit.currency(),
                        v,
                        order.debit.txnId(),
                        order.moneyEvidence(order.verdictFact(p), p),
                        reason);
        order.add(out, d);
        order.ud = Prior.of(d);
    }

    /** Null when the evidence is unambiguous enough for an automatic refund (SPEC §4a). */
    private static String reviewReason(OrderSweep order, Verdict v, boolean overflowed) {
        List<String> reasons = new ArrayList<>(2);
        if (v == Verdict.MISSING && !order.config.refundMissingTerminal()) {
            reasons.add(NO_TERMINAL);
        }
        if (v == Verdict.CONTESTED) {
            reasons.add(CONTESTED);
        }
        if (order.distinct.size() > 1) {
            reasons.add(distinctDebits(order.distinct.size()));
        }
        if (overflowed) {
            reasons.add(OVERFLOW);
        }
        return reasons.isEmpty() ? null : String.join("; ", reasons);
    }

    /** The terminal succeeded for another amount or currency than was debited. */
    static void amountMismatch(OrderSweep order, long p, List<Decision> out) {
        Fact amount = order.lastTerminalAmount;
        if (order.isDecided(Finding.AMOUNT_MISMATCH)
                || order.verdict(p) != Verdict.SUCCESS
                || order.debit == null
                || amount == null
                || (amount.amountMinor() == order.debit.amountMinor()
                        && amount.currency().equals(order.debit.currency()))) {
            return;
        }
        List<Fact> evidence = order.evidence(order.verdictFact(p), amount, order.debit);
        order.add(
                out,
                decision(
                        Finding.AMOUNT_MISMATCH, p, Verdict.SUCCESS, About.debit(order), evidence));
    }

    /** At D only: still pending or timed out, and the provider said nothing: query it. */
    static void stuckPayment(OrderSweep order, long p, List<Decision> out) {
        Verdict v = order.verdict(p);
        if (p != order.deadline
                || (v != Verdict.PENDING && v != Verdict.TIMEOUT)
                || order.anyProvider) {
            return;
        }
        List<Fact> evidence = order.evidence(order.verdictFact(p), order.lastTerminal);
        order.add(out, decision(Finding.STUCK_PAYMENT, p, v, About.sale(order), evidence));
    }

    /** At H or a closing provider event: a terminal sale with no debit, or a reversed one. */
    static void saleWithoutDebit(OrderSweep order, long p, int flags, List<Decision> out) {
        boolean closing = (flags & CLOSING_POINT) != 0;
        if (order.isDecided(Finding.SALE_WITHOUT_DEBIT)
                || (p != order.horizon && !closing)
                || order.verdict(p) != Verdict.SUCCESS
                || (order.debit != null && order.providerReversal == null)) {
            return;
        }
        List<Fact> evidence =
                order.evidence(
                        order.verdictFact(p),
                        order.debit,
                        order.debit == null ? null : order.providerReversal,
                        closing ? order.closingFactAt(p) : null);
        order.add(
                out,
                decision(
                        Finding.SALE_WITHOUT_DEBIT,
                        p,
                        Verdict.SUCCESS,
                        About.sale(order),
                        evidence));
    }

    /**
     * After an UNMATCHED_DEBIT with action REFUND: a terminal SUCCESS after it, or a distinct debit
     * after it (SPEC §4a.2).
     */
    static void conflict(OrderSweep order, long p, int flags, List<Decision> out) {
        if (order.ud == null
                || order.ud.action() != Action.REFUND
                || order.ud.decidedAt() >= p
                || order.isDecided(Finding.CONFLICT)) {
            return;
        }
        if ((flags & CONFLICT_POINT) != 0) {
            addConflict(
                    order,
                    out,
                    p,
                    Verdict.SUCCESS,
                    order.evidence(order.factAt(p, Fact.Kind.T_SUCCESS), order.debit));
            return;
        }
        if ((flags & PROVIDER_POINT) != 0) {
            Fact other = order.otherDebitAt(p);
            if (other != null) {
                addConflict(order, out, p, order.verdict(p), order.evidence(other, order.debit));
            }
        }
    }

    /**
     * At the time of an emitted REFUND: facts that arrived late now show that it should not have
     * been (a terminal SUCCESS by the deadline, a distinct debit, money back already).
     */
    private static void lateConflict(OrderSweep order, long p, List<Decision> out) {
        if (order.prior.action() != Action.REFUND || order.isDecided(Finding.CONFLICT)) {
            return;
        }
        Verdict v = order.verdict(p);
        boolean stillRefund =
                order.net() > 0
                        && v != Verdict.SUCCESS
                        && reviewReason(order, v, false) == null
                        && !order.returnsMismatch()
                        && order.prior.isAbout(order.debit);
        if (!stillRefund) {
            List<Fact> ev = new ArrayList<>(order.moneyEvidence(order.verdictFact(p), p));
            if (order.successFact != null && !ev.contains(order.successFact)) {
                ev.add(order.successFact);
                ev.sort(FACT_ORDER);
            }
            addConflict(order, out, p, v, List.copyOf(ev));
        }
    }

    private static void addConflict(
            OrderSweep order, List<Decision> out, long p, Verdict v, List<Fact> evidence) {
        order.add(out, decision(Finding.CONFLICT, p, v, About.alert(order), evidence));
    }

    /** At the first provider event after an UNMATCHED_DEBIT at which the money is back. */
    static void alertResolved(OrderSweep order, long p, int flags, List<Decision> out) {
        if (order.ud == null
                || order.isDecided(Finding.ALERT_RESOLVED)
                || (flags & PROVIDER_POINT) == 0
                || p <= order.ud.decidedAt()
                || order.net() != 0) {
            return;
        }
        List<Fact> evidence = order.moneyEvidence(null, p);
        order.add(
                out,
                decision(
                        Finding.ALERT_RESOLVED, p, order.verdict(p), About.alert(order), evidence));
    }

    /** At the earliest t before D with a debit and a FAILED or TIMEOUT verdict. */
    static void earlyWarning(OrderSweep order, long t, List<Decision> out) {
        if (order.isDecided(Finding.EARLY_WARNING) || order.debit == null) {
            return;
        }
        Verdict v = order.verdict(t);
        if (v == Verdict.FAILED || v == Verdict.TIMEOUT) {
            List<Fact> evidence = order.evidence(order.resultFact, order.debit);
            order.add(out, decision(Finding.EARLY_WARNING, t, v, About.debit(order), evidence));
        }
    }

    // ---- the amount a finding is about -------------------------------------------------------

    /** The action of each finding but UNMATCHED_DEBIT, whose action depends on the evidence. */
    private static Action action(Finding finding) {
        return switch (finding) {
            case STUCK_PAYMENT -> Action.QUERY;
            case EARLY_WARNING, ALERT_RESOLVED -> Action.NONE;
            default -> Action.REVIEW;
        };
    }

    /** What a finding is about: an amount (or -1), its currency and the debit's id. */
    private record About(long amountMinor, String currency, String debitTxnId) {

        /** The debit. */
        static About debit(OrderSweep order) {
            Fact d = order.debit;
            return new About(d.amountMinor(), d.currency(), d.txnId());
        }

        /** The emitted UNMATCHED_DEBIT. */
        static About alert(OrderSweep order) {
            Prior ud = order.ud;
            return new About(ud.amountMinor(), ud.currency(), ud.debitTxnId());
        }

        /** The sale: the terminal's amount, if any, and the debit, if any. */
        static About sale(OrderSweep order) {
            Fact amount = order.lastTerminalAmount;
            Fact debit = order.debit;
            return amount == null
                    ? new About(-1, null, debit == null ? null : debit.txnId())
                    : new About(
                            amount.amountMinor(),
                            amount.currency(),
                            debit == null ? null : debit.txnId());
        }
    }

    private static Decision decision(
            Finding finding, long p, Verdict v, About about, List<Fact> evidence) {
        return new Decision(
                finding,
                p,
                action(finding),
                about.amountMinor(),
                about.currency(),
                v,
                about.debitTxnId(),
                evidence,
                null);
    }
}
