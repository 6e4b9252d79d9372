package io.debitwatch.job.replay;

import io.debitwatch.core.json.EventParser;
import io.debitwatch.job.io.LineReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * A quick pass over an NDJSON input before a replay: how many records it holds and how far out of
 * event-time order they are. The replay then sets its watermark bound to exactly that lateness, so
 * that no event is ever behind the watermark (the replay is exact whatever the line order) while a
 * file in time order still lets state be cleared as the replay goes.
 *
 * @param records non-blank lines
 * @param maxLatenessMillis the largest amount by which a record's event time lies before the latest
 *     event time above it in the file
 */
public record InputScan(long records, long maxLatenessMillis) {

    private static final byte[] FIELD = "\"event_time\"".getBytes(StandardCharsets.US_ASCII);

    public static InputScan of(Path file) throws IOException {
        long records = 0;
        long max = Long.MIN_VALUE;
        long lateness = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                LineReader lines = new LineReader(in, 4 * EventParser.MAX_RECORD_CHARS)) {
            while (lines.next()) {
                if (lines.blank()) {
                    continue;
                }
                records++;
                long t = eventTime(lines.bytes(), lines.length());
                if (t == Long.MIN_VALUE) {
                    continue; // a dead letter to be: it carries no usable time
                }
                if (t > max) {
                    max = t;
                } else {
                    lateness = Math.max(lateness, max - t);
                }
            }
        }
        return new InputScan(records, lateness);
    }

    /** The event_time of a JSON line in epoch millis, or Long.MIN_VALUE if it has none. */
    static long eventTime(byte[] line, int length) {
        int at = indexOf(line, length, FIELD);
        if (at < 0) {
            return Long.MIN_VALUE;
        }
        int i = at + FIELD.length;
        while (i < length && (line[i] == ' ' || line[i] == ':' || line[i] == '\t')) {
            i++;
        }
        if (i >= length || line[i] != '"') {
            return Long.MIN_VALUE;
        }
        int start = ++i;
        while (i < length && line[i] != '"') {
            i++;
        }
        try {
            return OffsetDateTime.parse(
                            new String(line, start, i - start, StandardCharsets.US_ASCII),
                            DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant()
                    .toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            return Long.MIN_VALUE;
        }
    }

    private static int indexOf(byte[] hay, int length, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
