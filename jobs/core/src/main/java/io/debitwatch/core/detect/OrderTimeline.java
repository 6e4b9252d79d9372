package io.debitwatch.core.detect;

import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.TerminalContext;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * One order's timeline as a pure function, with no Flink dependency (like the statemachine
 * example's {@code dfa} package): given the order's {@link OrderState} and a fact or a timer, it
 * returns a {@link TimelineStep} (the new state, the event-time timers to set and delete, the
 * decisions to emit, the fact it rejects and why, the order it reports open). The streaming job
 * only loads and stores the state, applies the timers and emits.
 *
 * <p>What it keeps (SPEC §4, §4a): {@code T0} moves earlier with a late fact, and with it D and H;
 * the times of facts after D that are decision points get timers; the same fact delivered again is
 * dropped (same content, not same id); the {@link FactBound} caps the facts kept; a fact of a
 * timeline that closed, or one that would split a timeline whose findings went out, is rejected; a
 * late fact is acted on at the next watermark advance (§4a.4); at H the timeline ends, and facts
 * after it start the next one, or a tombstone remembers it for {@code closedRetentionMillis}; a
 * replay's as-of time cuts it and reports the order open (§4a.6).
 */
public final class OrderTimeline implements Serializable {

    private static final long serialVersionUID = 1L;

    static final String SPLIT =
            "late event: it would split its order's timeline after findings went out";

    static final String OVER_BOUND =
            "more than "
                    + FactBound.MAX_FACTS
                    + " events for one order after compaction; its refunds become reviews";

    /** Why a fact of a timeline that closed at {@code closedAt} is rejected. */
    static String closed(long closedAt) {
        return "late event: its order's timeline closed at " + Instant.ofEpochMilli(closedAt);
    }

    private final Detector detector;
    private final boolean liveEarlyWarning;
    private final long closedRetentionMillis;
    private final long asOfMillis;

    /**
     * @param liveEarlyWarning decide the early warning the moment its facts are in (streaming)
     *     rather than when event time passes it (replay)
     * @param closedRetentionMillis how long after H a tombstone remembers a closed timeline; zero
     *     for none
     * @param asOfMillis decide only decision points up to this event time; {@code Long.MAX_VALUE}
     *     decides every point
     */
    public OrderTimeline(
            Detector detector,
            boolean liveEarlyWarning,
            long closedRetentionMillis,
            long asOfMillis) {
        this.detector = detector;
        this.liveEarlyWarning = liveEarlyWarning;
        this.closedRetentionMillis = closedRetentionMillis;
        this.asOfMillis = asOfMillis;
    }

    /**
     * A fact arrives.
     *
     * @param state the order's state, or null
     * @param watermark the current event time; a fact at or before it is late
     */
    public TimelineStep onFact(OrderState state, Fact fact, Provider provider, long watermark) {
        return onFact(state, fact, null, provider, watermark);
    }

    /**
     * A fact arrives with what its terminal event said about the terminal ({@code terminal}, null
     * for a provider event). An admitted fact's context joins the order's {@link TerminalTrace}; it
     * changes no decision, only what the alerts say about the terminal.
     */
    public TimelineStep onFact(
            OrderState state,
            Fact fact,
            TerminalContext terminal,
            Provider provider,
            long watermark) {
        return fact(state, fact, terminal, provider, watermark).build();
    }

    private TimelineStep.Builder fact(
            OrderState state,
            Fact fact,
            TerminalContext terminal,
            Provider provider,
            long watermark) {
        boolean late = fact.time() <= watermark;
        TimelineStep.Builder step = new TimelineStep.Builder(late);
        long closedAt = state == null ? Long.MIN_VALUE : state.closedAt();
        if (fact.time() <= closedAt) {
            return step.reject(closed(closedAt));
        }
        OrderState next;
        if (state == null || state.isTombstone()) {
            TerminalTrace known = state == null ? null : state.terminal();
            next = new OrderState(fact.time(), 0, List.of(fact), closedAt, null, false, known);
            step.register(deadline(provider, fact.time()));
            step.register(horizon(provider, fact.time()));
        } else {
            next = admit(state, fact, provider, step);
            if (next == null) {
                return step;
            }
        }
        if (late && watermark < Long.MAX_VALUE) {
            // A late fact acts at once (SPEC §4a.4): whatever it changes that is already due is
            // decided at the next watermark advance, with the decided_at it would have had.
            step.register(watermark + 1);
        }
        next = next.withTerminal(TerminalTrace.merge(next.terminal(), terminal, fact.time()));
        step.terminal(next.terminal());
        return step.store(earlyWarning(next, fact, provider, step));
    }

    /**
     * A fact joins an open timeline; null when it does not (the step then says why and what to
     * store, if anything).
     */
    private OrderState admit(
            OrderState state, Fact fact, Provider provider, TimelineStep.Builder step) {
        long latest = Long.MIN_VALUE;
        for (Fact known : state.facts()) {
            // The same event delivered again: nothing new. Only the same content counts: a
            // record reusing an event id with other content must not hide the real one.
            if (known.equals(fact)) {
                step.markDuplicate();
                return null;
            }
            latest = Math.max(latest, known.time());
        }
        long t0 = state.t0();
        if (fact.time() < t0 && state.emitted() != 0 && latest > horizon(provider, fact.time())) {
            // It would move the horizon before facts of a timeline whose findings went out,
            // and those facts would start a second timeline that decides them again.
            step.reject(SPLIT);
            return null;
        }
        FactBound.Admission admission = FactBound.admit(state.facts(), fact);
        step.setCompacted(admission.compacted());
        boolean overflow = state.overflow() || admission.overflow();
        if (overflow != state.overflow()) {
            step.markOverflowed();
        }
        if (!admission.accepted()) {
            // Only a non-final result is refused, and the order is then only reviewed.
            step.reject(OVER_BOUND);
            if (overflow != state.overflow()) {
                step.store(state.withOverflow());
            }
            return null;
        }
        if (fact.time() < t0) {
            // A late event moves T0, and with it D and H, earlier.
            step.delete(deadline(provider, t0));
            step.delete(horizon(provider, t0));
            t0 = fact.time();
            registerTimeline(provider, t0, admission.facts(), step);
        } else if (isPointAfterDeadline(fact, provider, t0)) {
            step.register(fact.time());
        }
        return new OrderState(
                t0,
                state.emitted(),
                admission.facts(),
                state.closedAt(),
                state.prior(),
                overflow,
                state.terminal());
    }

    /** In streaming, the early warning leaves the moment its facts are in. */
    private OrderState earlyWarning(
            OrderState next, Fact fact, Provider provider, TimelineStep.Builder step) {
        int emitted = next.emitted();
        if (!liveEarlyWarning
                || fact.time() >= deadline(provider, next.t0())
                || (emitted & Finding.EARLY_WARNING.bit()) != 0
                || !Detector.completesEarlyWarning(fact)) {
            return next;
        }
        Decision early = detector.earlyWarning(provider, next.facts());
        if (early == null) {
            return next;
        }
        step.decide(early);
        return next.withEmitted(emitted | Finding.EARLY_WARNING.bit(), next.prior());
    }

    /**
     * An event-time timer fires.
     *
     * @param state the order's state, or null
     */
    public TimelineStep onTimer(OrderState state, Provider provider, long timestamp) {
        return timer(state, provider, timestamp).build();
    }

    private TimelineStep.Builder timer(OrderState state, Provider provider, long timestamp) {
        TimelineStep.Builder step = new TimelineStep.Builder(false);
        if (state == null) {
            return step; // a timer of a timeline that has already ended
        }
        step.terminal(state.terminal());
        if (state.isTombstone()) {
            if (timestamp >= state.closedAt() + closedRetentionMillis) {
                step.clear();
            }
            return step;
        }
        OrderState decided = decideUpTo(provider, state, Math.min(timestamp, asOfMillis), step);
        if (timestamp > asOfMillis) {
            return step.open(open(provider, decided)).clear();
        }
        long horizon = horizon(provider, state.t0());
        if (timestamp < horizon) {
            return decided == state ? step : step.store(decided);
        }
        return end(state, provider, horizon, step);
    }

    /** Every finding decided up to {@code at} that was not emitted yet; the new state. */
    private OrderState decideUpTo(
            Provider provider, OrderState state, long at, TimelineStep.Builder step) {
        int emitted = state.emitted();
        Detector.Prior prior = state.prior();
        for (Decision d : detector.decide(provider, state.facts(), at, prior, state.overflow())) {
            int bit = d.finding().bit();
            if ((emitted & bit) == 0) {
                step.decide(d);
                emitted |= bit;
                if (d.finding() == Finding.UNMATCHED_DEBIT) {
                    prior = Detector.Prior.of(d);
                }
            }
        }
        return emitted == state.emitted() ? state : state.withEmitted(emitted, prior);
    }

    /** H: the timeline ends. Facts after H start the next one, else a tombstone or nothing. */
    private TimelineStep.Builder end(
            OrderState state, Provider provider, long horizon, TimelineStep.Builder step) {
        List<Fact> next = new ArrayList<>();
        for (Fact f : state.facts()) {
            if (f.time() > horizon) {
                next.add(f);
            }
        }
        if (!next.isEmpty()) {
            long t0 = Detector.firstTime(next);
            registerTimeline(provider, t0, next, step);
            return step.store(new OrderState(t0, 0, next, horizon, null, false, state.terminal()));
        }
        if (closedRetentionMillis > 0) {
            step.register(horizon + closedRetentionMillis);
            return step.store(
                    new OrderState(horizon, 0, List.of(), horizon, null, false, state.terminal()));
        }
        return step.clear();
    }

    /**
     * A replay's as-of time has passed before this order's last decision point: it is open if its
     * deadline is after the as-of time or its known facts would still decide something (SPEC
     * §4a.6); else null.
     */
    private TimelineStep.Open open(Provider provider, OrderState state) {
        long deadline = deadline(provider, state.t0());
        long horizon = horizon(provider, state.t0());
        EnumSet<AlertType> pending = EnumSet.noneOf(AlertType.class);
        for (Decision d :
                detector.decide(
                        provider, state.facts(), horizon, state.prior(), state.overflow())) {
            AlertType type = d.finding().alertType();
            if (type != null && (state.emitted() & d.finding().bit()) == 0) {
                pending.add(type);
            }
        }
        if (deadline <= asOfMillis && pending.isEmpty()) {
            return null;
        }
        int events = 0;
        for (Fact f : state.facts()) {
            events += f.time() <= horizon ? 1 : 0;
        }
        return new TimelineStep.Open(state.t0(), deadline, horizon, events, List.copyOf(pending));
    }

    private void registerTimeline(
            Provider provider, long t0, List<Fact> timeline, TimelineStep.Builder step) {
        step.register(deadline(provider, t0));
        step.register(horizon(provider, t0));
        for (Fact f : timeline) {
            if (isPointAfterDeadline(f, provider, t0)) {
                step.register(f.time());
            }
        }
    }

    /** Whether the fact's time is a decision point of the timeline from {@code t0}, after D. */
    private boolean isPointAfterDeadline(Fact f, Provider provider, long t0) {
        return f.time() > deadline(provider, t0)
                && f.time() <= horizon(provider, t0)
                && Detector.isDecisionPoint(f);
    }

    private long deadline(Provider provider, long t0) {
        return detector.config().deadline(provider, t0);
    }

    private long horizon(Provider provider, long t0) {
        return detector.config().horizon(provider, t0);
    }
}
