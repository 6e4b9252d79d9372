package io.debitwatch.core.detect;

import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.OpenOrder;
import io.debitwatch.core.model.OrderKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one {@link OrderTimeline} step asks of its caller: what to do with the order's state, the
 * event-time timers to delete and then register, the decisions to emit (in order), the rejected
 * fact's reason, the order to report open, and what to count. Built by the timeline only.
 */
public final class TimelineStep {

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

    private final boolean late;
    private Write write = Write.KEEP;
    private OrderState state;
    private List<Long> register = List.of();
    private List<Long> delete = List.of();
    private List<Decision> decisions = List.of();
    private String rejectReason;
    private Open open;
    private boolean duplicate;
    private boolean overflowed;
    private int compacted;

    TimelineStep(boolean late) {
        this.late = late;
    }

    /** What to do with the stored state. */
    public Write write() {
        return write;
    }

    /** The state to store with {@link Write#STORE}, else null. */
    public OrderState state() {
        return state;
    }

    /** Event-time timers to register, after deleting {@link #timersToDelete()}. */
    public List<Long> timersToRegister() {
        return register;
    }

    /** Event-time timers to delete, before registering {@link #timersToRegister()}. */
    public List<Long> timersToDelete() {
        return delete;
    }

    /** The decisions to emit, in order: none of them was emitted before. */
    public List<Decision> decisions() {
        return decisions;
    }

    /** Why the fact becomes a dead letter, or null when it was not rejected. */
    public String rejectReason() {
        return rejectReason;
    }

    /** The order to report open, or null. */
    public Open open() {
        return open;
    }

    /** The fact arrived at or behind the watermark. */
    public boolean late() {
        return late;
    }

    /** The fact was a redelivery of one already kept. */
    public boolean duplicate() {
        return duplicate;
    }

    /** The order went over its bound with this fact (SPEC §4a.3). */
    public boolean overflowed() {
        return overflowed;
    }

    /** How many facts the bound compacted away. */
    public int compacted() {
        return compacted;
    }

    TimelineStep store(OrderState s) {
        write = Write.STORE;
        state = s;
        return this;
    }

    TimelineStep clear() {
        write = Write.CLEAR;
        state = null;
        return this;
    }

    void register(long timestamp) {
        if (register.isEmpty()) {
            register = new ArrayList<>(4);
        }
        register.add(timestamp);
    }

    void delete(long timestamp) {
        if (delete.isEmpty()) {
            delete = new ArrayList<>(2);
        }
        delete.add(timestamp);
    }

    void decide(Decision d) {
        if (decisions.isEmpty()) {
            decisions = new ArrayList<>(2);
        }
        decisions.add(d);
    }

    TimelineStep reject(String reason) {
        rejectReason = reason;
        return this;
    }

    TimelineStep open(Open o) {
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
}
