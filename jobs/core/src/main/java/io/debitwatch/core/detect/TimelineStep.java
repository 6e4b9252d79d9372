package io.debitwatch.core.detect;

import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.OpenOrder;
import io.debitwatch.core.model.OrderKey;
import io.debitwatch.core.model.TerminalContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one {@link OrderTimeline} step asks of its caller.
 *
 * @param write what to do with the order's stored state
 * @param state the state to store with {@link Write#STORE}, else null
 * @param timersToDelete event-time timers to delete, before registering {@code timersToRegister}
 * @param timersToRegister event-time timers to register
 * @param decisions the decisions to emit, in order: none of them was emitted before
 * @param rejectReason why the fact becomes a dead letter, or null when it was not rejected
 * @param open the order to report open, or null
 * @param late the fact arrived at or behind the watermark
 * @param duplicate the fact was a redelivery of one already kept
 * @param overflowed the order went over its bound with this fact (SPEC §4a.3)
 * @param compacted how many facts the bound compacted away
 * @param terminal the order's terminal context for the alerts of {@code decisions}, or null
 */
public record TimelineStep(
        Write write,
        OrderState state,
        List<Long> timersToDelete,
        List<Long> timersToRegister,
        List<Decision> decisions,
        String rejectReason,
        Open open,
        boolean late,
        boolean duplicate,
        boolean overflowed,
        int compacted,
        TerminalContext terminal) {

    /** What to do with the order's stored state. */
    public enum Write {
        /** Leave it as it is. */
        KEEP,
        /** Replace it with {@link #state()}. */
        STORE,
        /** Clear it: the order is forgotten. */
        CLEAR
    }

    /**
     * An order a replay's as-of time cut before its last decision point (SPEC §4a.6).
     *
     * @param t0 its first event time, epoch millis
     * @param deadline its D
     * @param horizon its H
     * @param events its facts up to H
     * @param pending the alert types its known facts would still decide
     */
    public record Open(long t0, long deadline, long horizon, int events, List<AlertType> pending) {

        /** The output record of this open order. */
        public OpenOrder of(OrderKey key) {
            return new OpenOrder(
                    key.provider(),
                    key.merchantId(),
                    key.outTradeNo(),
                    Instant.ofEpochMilli(t0),
                    Instant.ofEpochMilli(deadline),
                    Instant.ofEpochMilli(horizon),
                    events,
                    pending);
        }
    }

    /** Builds a step; only the timeline does. */
    static final class Builder {
        private final boolean late;
        private Write write = Write.KEEP;
        private OrderState state;
        // Most steps set no timer and decide nothing: lists only when needed.
        private List<Long> register = List.of();
        private List<Long> delete = List.of();
        private List<Decision> decisions = List.of();
        private String rejectReason;
        private Open open;
        private boolean duplicate;
        private boolean overflowed;
        private int compacted;
        private TerminalTrace terminal;

        Builder(boolean late) {
            this.late = late;
        }

        TimelineStep build() {
            return new TimelineStep(
                    write,
                    state,
                    List.copyOf(delete),
                    List.copyOf(register),
                    List.copyOf(decisions),
                    rejectReason,
                    open,
                    late,
                    duplicate,
                    overflowed,
                    compacted,
                    terminal == null || decisions.isEmpty() ? null : terminal.context());
        }

        Builder store(OrderState s) {
            write = Write.STORE;
            state = s;
            return this;
        }

        Builder clear() {
            write = Write.CLEAR;
            state = null;
            return this;
        }

        void register(long timestamp) {
            register = add(register, timestamp);
        }

        void delete(long timestamp) {
            delete = add(delete, timestamp);
        }

        void decide(Decision d) {
            decisions = add(decisions, d);
        }

        private static <T> List<T> add(List<T> list, T item) {
            List<T> out = list.isEmpty() ? new ArrayList<>(4) : list;
            out.add(item);
            return out;
        }

        Builder reject(String reason) {
            rejectReason = reason;
            return this;
        }

        Builder open(Open o) {
            open = o;
            return this;
        }

        void markDuplicate() {
            duplicate = true;
        }

        void markOverflowed() {
            overflowed = true;
        }

        void setCompacted(int n) {
            compacted = n;
        }

        void terminal(TerminalTrace t) {
            terminal = t;
        }
    }
}
