package io.debitwatch.core.detect;

import io.debitwatch.core.model.Action;
import io.debitwatch.core.model.Provider;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The detection rules of SPEC §4 as a pure function of one order's facts and an event time. It has
 * no Flink dependency; the Flink job only stores facts, sets timers and routes decisions.
 *
 * <p>A call considers the order's first timeline: the facts from the earliest one ({@code T0}) up
 * to its horizon {@code H}. Facts after {@code H} belong to a later timeline and are ignored; the
 * caller starts a new one with them once {@code H} has passed.
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

    private static final int GENERAL = 1;
    private static final int CONFLICT_POINT = 2;
    private static final int PROVIDER_POINT = 4;
    private static final int CLOSING_POINT = 8;

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
        if (facts.isEmpty()) {
            return List.of();
        }
        Order order = new Order(provider, facts);
        List<Decision> out = new ArrayList<>(2);
        Decision early = order.earlyWarning(at);
        if (early != null) {
            out.add(early);
        }
        order.decidePoints(at, out);
        return out;
    }

    /**
     * The early warning as far as the facts known now allow, whatever the event time reached: the
     * streaming job sends it the moment both the debit and the failed verdict are in.
     */
    public Decision earlyWarning(Provider provider, List<Fact> facts) {
        return facts.isEmpty() ? null : new Order(provider, facts).earlyWarning(Long.MAX_VALUE);
    }

    /** One evaluation of one order's timeline. */
    private final class Order {
        private final Fact[] f;
        private final long deadline;
        private final long horizon;

        Order(Provider provider, List<Fact> facts) {
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
        }

        Decision earlyWarning(long at) {
            for (int i = 0; i < f.length; i++) {
                long t = f[i].time();
                if (t >= deadline || t > at) {
                    return null;
                }
                if (i + 1 < f.length && f[i + 1].time() == t) {
                    continue; // evaluate once per distinct time, after all its facts
                }
                Fact verdictFact = verdictFact(t);
                Verdict v = verdict(t, verdictFact);
                Fact debit = debit(t);
                if (debit != null && (v == Verdict.FAILED || v == Verdict.TIMEOUT)) {
                    return new Decision(
                            Finding.EARLY_WARNING,
                            t,
                            Action.NONE,
                            debit.amountMinor(),
                            debit.currency(),
                            v,
                            debit.txnId(),
                            evidence(verdictFact, debit));
                }
            }
            return null;
        }

        void decidePoints(long at, List<Decision> out) {
            long[] times = new long[f.length + 2];
            int[] flags = new int[f.length + 2];
            int n = 0;
            times[n] = deadline;
            flags[n++] = GENERAL;
            for (Fact x : f) {
                if (x.time() <= deadline) {
                    continue;
                }
                int flag = 0;
                Fact.Kind k = x.kind();
                if (k.isProvider()) {
                    flag = GENERAL | PROVIDER_POINT;
                    if (k == Fact.Kind.P_NOT_PAID
                            || k == Fact.Kind.P_CLOSED
                            || k == Fact.Kind.P_REVERSED) {
                        flag |= CLOSING_POINT;
                    }
                } else if (k == Fact.Kind.T_REVERSAL_SUCCESS || k == Fact.Kind.T_REVERSAL_FAILED) {
                    flag = GENERAL;
                } else if (k == Fact.Kind.T_SUCCESS) {
                    flag = CONFLICT_POINT;
                }
                if (flag != 0) {
                    if (times[n - 1] == x.time()) {
                        flags[n - 1] |= flag;
                    } else {
                        times[n] = x.time();
                        flags[n++] = flag;
                    }
                }
            }
            if (times[n - 1] == horizon) {
                flags[n - 1] |= GENERAL;
            } else {
                times[n] = horizon;
                flags[n++] = GENERAL;
            }

            int decided = 0;
            long udAt = Long.MIN_VALUE;
            Decision ud = null;
            for (int i = 0; i < n && times[i] <= at; i++) {
                long p = times[i];
                int flag = flags[i];
                if ((flag & GENERAL) != 0) {
                    Fact verdictFact = verdictFact(p);
                    Verdict v = verdict(p, verdictFact);
                    Fact debit = debit(p);
                    long net = net(p, debit);

                    if ((decided & Finding.UNMATCHED_DEBIT.bit()) == 0
                            && net > 0
                            && v != Verdict.SUCCESS) {
                        Action action =
                                v != Verdict.MISSING || config.refundMissingTerminal()
                                        ? Action.REFUND
                                        : Action.REVIEW;
                        ud =
                                new Decision(
                                        Finding.UNMATCHED_DEBIT,
                                        p,
                                        action,
                                        net,
                                        debit.currency(),
                                        v,
                                        debit.txnId(),
                                        moneyEvidence(verdictFact, debit, p));
                        out.add(ud);
                        udAt = p;
                        decided |= Finding.UNMATCHED_DEBIT.bit();
                    }

                    if ((decided & Finding.AMOUNT_MISMATCH.bit()) == 0
                            && v == Verdict.SUCCESS
                            && debit != null) {
                        Fact amount = terminalAmount(p);
                        if (amount != null
                                && (amount.amountMinor() != debit.amountMinor()
                                        || !amount.currency().equals(debit.currency()))) {
                            out.add(
                                    new Decision(
                                            Finding.AMOUNT_MISMATCH,
                                            p,
                                            Action.REVIEW,
                                            debit.amountMinor(),
                                            debit.currency(),
                                            v,
                                            debit.txnId(),
                                            evidence(verdictFact, amount, debit)));
                            decided |= Finding.AMOUNT_MISMATCH.bit();
                        }
                    }

                    if (p == deadline
                            && (v == Verdict.PENDING || v == Verdict.TIMEOUT)
                            && !anyProviderFactAtOrBefore(deadline)) {
                        Fact amount = terminalAmount(p);
                        out.add(
                                new Decision(
                                        Finding.STUCK_PAYMENT,
                                        p,
                                        Action.QUERY,
                                        amount == null ? -1 : amount.amountMinor(),
                                        amount == null ? null : amount.currency(),
                                        v,
                                        null,
                                        evidence(verdictFact, lastTerminalFact(p))));
                        decided |= Finding.STUCK_PAYMENT.bit();
                    }

                    if ((decided & Finding.SALE_WITHOUT_DEBIT.bit()) == 0
                            && (p == horizon || (flag & CLOSING_POINT) != 0)
                            && v == Verdict.SUCCESS) {
                        Fact reversal = debit == null ? null : providerReversal(p);
                        if (debit == null || reversal != null) {
                            Fact amount = terminalAmount(p);
                            Fact trigger = (flag & CLOSING_POINT) != 0 ? closingFactAt(p) : null;
                            out.add(
                                    new Decision(
                                            Finding.SALE_WITHOUT_DEBIT,
                                            p,
                                            Action.REVIEW,
                                            amount == null ? -1 : amount.amountMinor(),
                                            amount == null ? null : amount.currency(),
                                            v,
                                            debit == null ? null : debit.txnId(),
                                            evidence(verdictFact, debit, reversal, trigger)));
                            decided |= Finding.SALE_WITHOUT_DEBIT.bit();
                        }
                    }

                    if (ud != null
                            && (decided & Finding.ALERT_RESOLVED.bit()) == 0
                            && (flag & PROVIDER_POINT) != 0
                            && p > udAt
                            && net == 0) {
                        out.add(
                                new Decision(
                                        Finding.ALERT_RESOLVED,
                                        p,
                                        Action.NONE,
                                        ud.amountMinor(),
                                        ud.currency(),
                                        v,
                                        ud.debitTxnId(),
                                        moneyEvidence(null, debit, p)));
                        decided |= Finding.ALERT_RESOLVED.bit();
                    }
                }
                if ((flag & CONFLICT_POINT) != 0
                        && ud != null
                        && ud.action() == Action.REFUND
                        && udAt < p
                        && (decided & Finding.CONFLICT.bit()) == 0) {
                    out.add(
                            new Decision(
                                    Finding.CONFLICT,
                                    p,
                                    Action.REVIEW,
                                    ud.amountMinor(),
                                    ud.currency(),
                                    Verdict.SUCCESS,
                                    ud.debitTxnId(),
                                    evidence(terminalSuccessAt(p), debit(p))));
                    decided |= Finding.CONFLICT.bit();
                }
            }
        }

        /** The terminal fact whose result is the verdict at {@code t}, or null. */
        private Fact verdictFact(long t) {
            if (t > deadline) {
                for (Fact x : f) {
                    if (x.time() > t) {
                        break;
                    }
                    if (x.time() > deadline && x.kind() == Fact.Kind.T_REVERSAL_SUCCESS) {
                        return x;
                    }
                }
            }
            long limit = Math.min(t, deadline);
            Fact best = null;
            for (Fact x : f) {
                if (x.time() > limit) {
                    break;
                }
                if (x.kind().isTerminal() && x.kind().verdict() != null) {
                    best = x; // sorted by time then rank: the last one wins
                }
            }
            return best;
        }

        private Verdict verdict(long t, Fact verdictFact) {
            if (verdictFact != null) {
                return verdictFact.kind().verdict();
            }
            return lastTerminalFact(Math.min(t, deadline)) != null
                    ? Verdict.PENDING
                    : Verdict.MISSING;
        }

        private Fact lastTerminalFact(long t) {
            Fact last = null;
            for (Fact x : f) {
                if (x.time() > t) {
                    break;
                }
                if (x.kind().isTerminal()) {
                    last = x;
                }
            }
            return last;
        }

        private Fact terminalAmount(long t) {
            Fact last = null;
            for (Fact x : f) {
                if (x.time() > t) {
                    break;
                }
                if (x.kind().isTerminal() && x.hasAmount()) {
                    last = x;
                }
            }
            return last;
        }

        private Fact terminalSuccessAt(long t) {
            for (Fact x : f) {
                if (x.time() == t && x.kind() == Fact.Kind.T_SUCCESS) {
                    return x;
                }
            }
            return null;
        }

        private Fact closingFactAt(long t) {
            for (Fact x : f) {
                if (x.time() == t
                        && (x.kind() == Fact.Kind.P_NOT_PAID
                                || x.kind() == Fact.Kind.P_CLOSED
                                || x.kind() == Fact.Kind.P_REVERSED)) {
                    return x;
                }
            }
            return null;
        }

        /** The first DEBITED fact at or before {@code t}; repeats of it are ignored. */
        private Fact debit(long t) {
            for (Fact x : f) {
                if (x.time() > t) {
                    return null;
                }
                if (x.kind() == Fact.Kind.P_DEBITED) {
                    return x;
                }
            }
            return null;
        }

        private Fact providerReversal(long t) {
            for (Fact x : f) {
                if (x.time() > t) {
                    return null;
                }
                if (x.kind() == Fact.Kind.P_REVERSED) {
                    return x;
                }
            }
            return null;
        }

        private boolean anyProviderFactAtOrBefore(long t) {
            for (Fact x : f) {
                if (x.time() > t) {
                    return false;
                }
                if (x.kind().isProvider()) {
                    return true;
                }
            }
            return false;
        }

        /** Debit minus what was returned by {@code t}; a reversal returns it all. Never below 0. */
        private long net(long t, Fact debit) {
            if (debit == null) {
                return 0;
            }
            long refunded = 0;
            for (int i = 0; i < f.length && f[i].time() <= t; i++) {
                Fact x = f[i];
                if (x.kind() == Fact.Kind.P_REVERSED) {
                    return 0;
                }
                if (x.kind() == Fact.Kind.P_REFUNDED && firstOfRefundNo(i)) {
                    refunded += x.refundMinor();
                }
            }
            return Math.max(0, debit.amountMinor() - refunded);
        }

        private boolean firstOfRefundNo(int index) {
            String no = f[index].refundNo();
            for (int j = 0; j < index; j++) {
                if (f[j].kind() == Fact.Kind.P_REFUNDED && no.equals(f[j].refundNo())) {
                    return false;
                }
            }
            return true;
        }

        /** The verdict's fact, the debit, and every reversal or refund up to {@code t}. */
        private List<Fact> moneyEvidence(Fact verdictFact, Fact debit, long t) {
            List<Fact> ev = new ArrayList<>(4);
            if (verdictFact != null) {
                ev.add(verdictFact);
            }
            for (Fact x : f) {
                if (x.time() > t) {
                    break;
                }
                if (x == debit
                        || x.kind() == Fact.Kind.P_REVERSED
                        || x.kind() == Fact.Kind.P_REFUNDED) {
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
