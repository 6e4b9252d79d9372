package io.debitwatch.core.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The bound on the facts kept per order (SPEC §4a.3), so that a flood of events for one order
 * cannot grow its state without limit, and never at the price of a decision.
 *
 * <p>A bound must never drop what decides money: a money event (DEBITED, REFUNDED, REVERSED,
 * NOT_PAID, CLOSED), a final terminal result (SUCCESS, FAILED, any REVERSAL_RESULT) or the order's
 * first PAY_REQUEST. So, once an order has more than {@link #COMPACT_AT} facts, runs of identical
 * non-final results (the same type, result, amount and currency one after the other in event time,
 * e.g. USERPAYING polls) are compacted to their first and last: the facts in between cannot change
 * any verdict. If the order still has more than {@link #MAX_FACTS}, a new non-final fact is refused
 * and a protected one kept (up to {@link #HARD_MAX}, beyond which the state would be unbounded),
 * and the order is marked overflowed: its REFUND actions become REVIEW, because it is decided on a
 * partial record.
 */
public final class FactBound {

    /** Facts kept per order after compaction. */
    public static final int MAX_FACTS = 1_000;

    /** Compaction starts above this many facts; a real payment has 2 to 20. */
    public static final int COMPACT_AT = 256;

    /** Beyond this, even a protected fact is refused: the state of an order stays bounded. */
    public static final int HARD_MAX = 4_096;

    private FactBound() {}

    /**
     * The order's facts after {@code fact} was admitted to them.
     *
     * @param facts the facts kept so far (in arrival order)
     * @param accepted whether {@code fact} is among them; a refused fact becomes a dead letter
     * @param compacted how many facts compaction removed (they are not dead letters)
     * @param overflow whether the order now exceeds its bound (its refunds become reviews)
     */
    public record Admission(List<Fact> facts, boolean accepted, int compacted, boolean overflow) {}

    /** Admits {@code fact} to an order whose kept facts are {@code facts} (not modified). */
    public static Admission admit(List<Fact> facts, Fact fact) {
        List<Fact> next = new ArrayList<>(facts.size() + 1);
        next.addAll(facts);
        next.add(fact);
        if (next.size() <= COMPACT_AT) {
            return new Admission(next, true, 0, false);
        }
        int before = next.size();
        next = compact(next);
        int compacted = before - next.size();
        boolean kept = next.contains(fact);
        if (next.size() <= MAX_FACTS) {
            return new Admission(next, true, compacted, false);
        }
        if (!kept || isProtected(fact, next) && next.size() <= HARD_MAX) {
            // A protected fact is kept beyond the bound; compaction may have absorbed the new one.
            return new Admission(next, true, compacted, true);
        }
        next.remove(next.size() - 1);
        return new Admission(next, false, compacted, true);
    }

    /** Whether a fact may never be compacted or refused below {@link #HARD_MAX}. */
    static boolean isProtected(Fact fact, List<Fact> facts) {
        if (!fact.kind().isNonFinal()) {
            return true;
        }
        return fact.kind() == Fact.Kind.T_PAY_REQUEST && fact == firstPayRequest(facts);
    }

    /**
     * The facts without the inner members of runs of identical non-final terminal results, in their
     * order; the first PAY_REQUEST is always kept.
     */
    static List<Fact> compact(List<Fact> facts) {
        Fact[] terminal = facts.stream().filter(f -> f.kind().isTerminal()).toArray(Fact[]::new);
        Arrays.sort(terminal, Detector.FACT_ORDER);
        Fact firstRequest = firstPayRequest(facts);
        Set<Fact> drop = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 1; i + 1 < terminal.length; i++) {
            Fact x = terminal[i];
            if (x.kind().isNonFinal()
                    && x != firstRequest
                    && identical(terminal[i - 1], x)
                    && identical(x, terminal[i + 1])) {
                drop.add(x);
            }
        }
        if (drop.isEmpty()) {
            return facts;
        }
        List<Fact> kept = new ArrayList<>(facts.size() - drop.size() + 1);
        for (Fact f : facts) {
            if (!drop.contains(f)) {
                kept.add(f);
            }
        }
        return kept;
    }

    private static Fact firstPayRequest(List<Fact> facts) {
        Fact first = null;
        for (Fact f : facts) {
            if (f.kind() == Fact.Kind.T_PAY_REQUEST
                    && (first == null || Detector.FACT_ORDER.compare(f, first) < 0)) {
                first = f;
            }
        }
        return first;
    }

    /** The same type, result, amount and currency. */
    private static boolean identical(Fact a, Fact b) {
        return a.kind() == b.kind()
                && a.origin() == b.origin()
                && a.amountMinor() == b.amountMinor()
                && Objects.equals(a.currency(), b.currency());
    }
}
