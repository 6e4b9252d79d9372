package io.debitwatch.sim;

import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.TerminalEvent;

/**
 * One generated input record: a terminal event, a provider event, or a malformed raw line. Besides
 * its event time it has an arrival time (when the acquirer would receive it). A live feed sends
 * records in event-time order, except those delivered late on purpose, which it sends at their
 * arrival ({@link #feedMillis()}); the file sink orders by event time.
 */
public sealed interface SimEvent {

    /** The input stream a record belongs to. */
    enum Stream {
        TERMINAL,
        PROVIDER
    }

    Stream stream();

    long eventTimeMillis();

    /** When the record would reach the acquirer: equal to or after the event time. */
    long arrivalMillis();

    /**
     * Whether the record is delivered after the job's watermark has passed its event time, on
     * purpose: the provider's first notification was lost and its retry comes after the deadline.
     */
    default boolean late() {
        return false;
    }

    /**
     * Where a live feed puts the record on its event clock: its event time, or its arrival for a
     * {@link #late()} one. Every other record stays within the watermark bound of its event time.
     */
    default long feedMillis() {
        return late() ? arrivalMillis() : eventTimeMillis();
    }

    /** A valid terminal event. */
    record TerminalRecord(TerminalEvent event, long arrivalMillis) implements SimEvent {
        @Override
        public Stream stream() {
            return Stream.TERMINAL;
        }

        @Override
        public long eventTimeMillis() {
            return event.eventTime().toEpochMilli();
        }
    }

    /** A valid provider event, {@code late} when a live feed must send it at its arrival. */
    record ProviderRecord(ProviderEvent event, long arrivalMillis, boolean late)
            implements SimEvent {

        public ProviderRecord(ProviderEvent event, long arrivalMillis) {
            this(event, arrivalMillis, false);
        }

        @Override
        public Stream stream() {
            return Stream.PROVIDER;
        }

        @Override
        public long eventTimeMillis() {
            return event.eventTime().toEpochMilli();
        }
    }

    /**
     * A record the job must dead-letter. {@code eventTimeMillis} is where it sits in the stream
     * (the time of the event it was cut from), even when the raw line has no readable time.
     */
    record MalformedRecord(
            Stream stream, long eventTimeMillis, long arrivalMillis, String raw, Defect defect)
            implements SimEvent {}

    /** How a malformed record is broken. */
    enum Defect {
        NOT_JSON,
        UNKNOWN_ENUM,
        NEGATIVE_AMOUNT,
        MISSING_FIELD
    }
}
