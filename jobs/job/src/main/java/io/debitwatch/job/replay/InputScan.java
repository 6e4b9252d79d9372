package io.debitwatch.job.replay;

import io.debitwatch.core.json.EventParser;
import io.debitwatch.core.json.Parsed;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.job.adapt.AdaptedNdjsonFormat;
import io.debitwatch.job.adapt.AdaptedRecord;
import io.debitwatch.job.adapt.AdaptedStatementFormat;
import io.debitwatch.job.adapt.RecordAdapter;
import io.debitwatch.job.adapt.StatementParser;
import io.debitwatch.job.io.ClockSkew;
import io.debitwatch.job.io.LineReader;
import io.debitwatch.providers.Adapted;
import io.debitwatch.providers.statement.StatementResult;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * A quick pass over an NDJSON input before a replay: how many records it holds and how far out of
 * event-time order they are. The replay then sets its watermark bound to exactly that lateness, so
 * that no event is ever behind the watermark (the replay is exact whatever the line order) while a
 * file in time order still lets state be cleared as the replay goes. Lines the source will turn
 * into dead letters (no usable time, or an event time too far ahead of the clock: {@link
 * ClockSkew}) do not count.
 *
 * @param records non-blank lines
 * @param maxLatenessMillis the largest amount by which a record's event time lies before the latest
 *     event time above it in the file
 * @param latestMillis the latest event time of a record the job will accept, or {@code
 *     Long.MIN_VALUE} when there is none (or it was not asked for): a replay's default as-of time
 */
public record InputScan(long records, long maxLatenessMillis, long latestMillis) {

    public InputScan(long records, long maxLatenessMillis) {
        this(records, maxLatenessMillis, Long.MIN_VALUE);
    }

    /** The scan with the default {@code max-clock-skew}, reading event times only. */
    public static InputScan of(Path file) throws IOException {
        return of(file, ClockSkew.defaults(), null);
    }

    /**
     * The scan of an NDJSON file of events. Records too far ahead of the clock are dead letters to
     * be and count for nothing. With a {@code parser} (the one the job's source uses), each record
     * is parsed in full, so that {@link #latestMillis} counts only records the job accepts; without
     * one, only their event time is read, which is enough for the bound.
     */
    public static InputScan of(Path file, ClockSkew clockSkew, Function<String, Parsed<?>> parser)
            throws IOException {
        long records = 0;
        long max = Long.MIN_VALUE;
        long lateness = 0;
        long latest = Long.MIN_VALUE;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                LineReader lines = new LineReader(in, 4 * EventParser.MAX_RECORD_CHARS)) {
            while (lines.next()) {
                if (lines.blank()) {
                    continue;
                }
                records++;
                // The same reading of event_time as the parser's: decoys, escapes and nested
                // fields cannot make the bound too small.
                long t =
                        lines.oversize()
                                ? Long.MIN_VALUE
                                : EventParser.eventTimeMillis(lines.text());
                if (t == Long.MIN_VALUE || !clockSkew.accepts(t)) {
                    continue; // a dead letter to be: no usable time, or one ahead of the clock
                }
                if (t > max) {
                    max = t;
                } else {
                    lateness = Math.max(lateness, max - t);
                }
                if (parser != null
                        && t > latest
                        && parser.apply(lines.text()) instanceof Parsed.Ok) {
                    latest = t;
                }
            }
        }
        return new InputScan(records, lateness, latest);
    }

    /**
     * The scan of a file of raw provider records (received notifications): their event times are
     * only known after adaptation, so each line is adapted here exactly as the source will adapt it
     * ({@link AdaptedNdjsonFormat#adaptLine}), and every event it yields counts, in order.
     */
    public static InputScan ofAdapted(Path file, RecordAdapter adapter, int maxRecordChars)
            throws IOException {
        return ofAdapted(file, adapter, maxRecordChars, ClockSkew.defaults());
    }

    /** {@link #ofAdapted(Path, RecordAdapter, int)} with the given {@code max-clock-skew}. */
    public static InputScan ofAdapted(
            Path file, RecordAdapter adapter, int maxRecordChars, ClockSkew clockSkew)
            throws IOException {
        long records = 0;
        long max = Long.MIN_VALUE;
        long lateness = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                LineReader lines =
                        new LineReader(in, AdaptedNdjsonFormat.maxLineBytes(maxRecordChars))) {
            while (lines.next()) {
                if (lines.blank()) {
                    continue;
                }
                records++;
                if (!(AdaptedNdjsonFormat.adaptLine(lines, adapter, maxRecordChars)
                        instanceof Adapted.Events events)) {
                    continue; // a dead letter or a notice: no event time
                }
                for (ProviderEvent e : events.events()) {
                    long t = e.eventTime().toEpochMilli();
                    if (!clockSkew.accepts(t)) {
                        continue; // a dead letter in the source
                    }
                    if (t > max) {
                        max = t;
                    } else {
                        lateness = Math.max(lateness, max - t);
                    }
                }
            }
        }
        return new InputScan(records, lateness, max);
    }

    /**
     * Records (data rows) of a statement file and the lateness of its events, in the order its
     * source emits them ({@link AdaptedStatementFormat#records}).
     */
    public static InputScan ofStatement(Path file, StatementParser parser) throws IOException {
        return ofStatement(file, parser, ClockSkew.defaults());
    }

    /** {@link #ofStatement(Path, StatementParser)} with the given {@code max-clock-skew}. */
    public static InputScan ofStatement(Path file, StatementParser parser, ClockSkew clockSkew)
            throws IOException {
        StatementResult result;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            result = parser.parse(in, file.getFileName().toString());
        }
        long max = Long.MIN_VALUE;
        long lateness = 0;
        for (AdaptedRecord r :
                AdaptedStatementFormat.records(result, java.time.Instant.EPOCH, clockSkew)) {
            if (r.event() == null) {
                continue;
            }
            long t = r.timestamp();
            if (t > max) {
                max = t;
            } else {
                lateness = Math.max(lateness, max - t);
            }
        }
        return new InputScan(result.rows().size(), lateness, max);
    }
}
