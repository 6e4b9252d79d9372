package io.debitwatch.sim;

import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.TerminalEvent;

/**
 * One generated input record: a terminal event, a provider event, or a malformed raw line. Besides
 * its event time it has an arrival time (when a live feed would deliver it), which a
 * rate-controlled sink can follow; the file sink orders by event time.
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

    /** A valid provider event. */
    record ProviderRecord(ProviderEvent event, long arrivalMillis) implements SimEvent {
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
