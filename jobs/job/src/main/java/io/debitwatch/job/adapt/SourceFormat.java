package io.debitwatch.job.adapt;

import io.debitwatch.core.json.EventParser;
import io.debitwatch.core.json.Parsed;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.TerminalEvent;
import io.debitwatch.job.adapt.AdaptedRecord.DeadLetterOf;
import io.debitwatch.job.io.ClockSkew;
import io.debitwatch.providers.Adapted;
import java.io.Serializable;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * What the records of one input are, and the one step that turns a record into the elements of its
 * source ({@link AdaptedRecord}); the Kafka deserializer ({@link
 * io.debitwatch.job.kafka.AdaptingDeserializer}) and the file format ({@link AdaptedNdjsonFormat})
 * both call {@link #expand}. Normalised provider events are one more {@link RecordAdapter} ({@link
 * #PROVIDER_EVENTS}); terminal events, which are not provider records, have their own format
 * ({@link #TERMINAL_EVENTS}).
 *
 * <p><b>Dead-letter policy</b>, the same for every input: every record becomes its elements or
 * exactly one dead letter, never an exception (which would restart the job on the same record
 * forever). The reason is the decoder's, the parser's or the adapter's own (safe by contract), or
 * the clock-skew check's (SPEC §4a rule 5); when a parser or adapter breaks its promise and throws,
 * the reason names the exception's class only, never its message: a message might quote the record
 * or, for a provider record, secret material.
 */
public sealed interface SourceFormat extends Serializable {

    /** Normalised terminal events (SPEC §3.1). */
    SourceFormat TERMINAL_EVENTS = new Terminal();

    /** Normalised provider events (SPEC §3.2), read as one more provider record adapter. */
    SourceFormat PROVIDER_EVENTS =
            new Provider(SourceFormat::adaptNormalised, EventParser.MAX_RECORD_CHARS);

    /** Provider records in a provider's own format, through {@code adapter}. */
    static SourceFormat of(RawFormat format, RecordAdapter adapter) {
        return new Provider(adapter, format.maxRecordChars());
    }

    /** Longer records are dead letters without being read. */
    int maxRecordChars();

    /**
     * Emits the elements of one record to {@code out}: when {@code problem} is not null (empty,
     * oversize, not UTF-8), exactly one dead letter with that reason; else what the record is.
     */
    default void expand(
            String text,
            String problem,
            DeadLetterOf deadLetter,
            ClockSkew clockSkew,
            Consumer<AdaptedRecord> out) {
        if (problem != null) {
            out.accept(AdaptedRecord.ofDeadLetter(deadLetter.withReason(problem)));
        } else {
            read(text, deadLetter, clockSkew, out);
        }
    }

    /** The elements of a record whose text is usable. Never throws. */
    void read(
            String text, DeadLetterOf deadLetter, ClockSkew clockSkew, Consumer<AdaptedRecord> out);

    /** The reason of the dead letter of a parser or adapter that threw: the class only. */
    static String threw(RuntimeException e) {
        return "cannot adapt: " + e.getClass().getName();
    }

    /** {@code adapter}'s answer for {@code text}; a rejection if it throws. */
    static Adapted adaptSafely(RecordAdapter adapter, String text) {
        try {
            return adapter.adapt(text);
        } catch (RuntimeException e) {
            return new Adapted.Rejected(threw(e));
        }
    }

    private static Adapted adaptNormalised(String text) {
        Parsed<ProviderEvent> parsed = EventParser.parseProvider(text);
        return parsed instanceof Parsed.Ok<ProviderEvent> ok
                ? Adapted.Events.of(ok.value())
                : new Adapted.Rejected(((Parsed.Bad<ProviderEvent>) parsed).reason());
    }

    /** Terminal events: the parsed event, or its dead letter. */
    record Terminal() implements SourceFormat {
        @Override
        public int maxRecordChars() {
            return EventParser.MAX_RECORD_CHARS;
        }

        @Override
        public void read(
                String text, DeadLetterOf dead, ClockSkew skew, Consumer<AdaptedRecord> out) {
            String reason;
            TerminalEvent event = null;
            try {
                Parsed<TerminalEvent> parsed = EventParser.parseTerminal(text);
                if (parsed instanceof Parsed.Ok<TerminalEvent> ok) {
                    event = ok.value();
                    reason = skew.reject(event.eventTime());
                } else {
                    reason = ((Parsed.Bad<TerminalEvent>) parsed).reason();
                }
            } catch (RuntimeException e) {
                reason = threw(e);
            }
            out.accept(
                    reason == null
                            ? AdaptedRecord.ofTerminal(event)
                            : AdaptedRecord.ofDeadLetter(dead.withReason(reason)));
        }
    }

    /**
     * Provider records through their adapter: its events (each checked against the clock), its
     * notice, or its rejection ({@link AdaptedRecord#expand}).
     */
    record Provider(RecordAdapter adapter, int maxRecordChars) implements SourceFormat {
        @Override
        public void read(
                String text, DeadLetterOf dead, ClockSkew skew, Consumer<AdaptedRecord> out) {
            AdaptedRecord.expand(adaptSafely(adapter, text), dead, Instant.now(), skew, out);
        }
    }
}
