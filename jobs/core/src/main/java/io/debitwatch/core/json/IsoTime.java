package io.debitwatch.core.json;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 date-times with an offset, read exactly as {@link
 * DateTimeFormatter#ISO_OFFSET_DATE_TIME} reads them, but without its cost for the shape every
 * terminal and provider sends: {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH:MM)}. That shape is read
 * by hand (the formatter fills a hash map per call, a measurable share of a replay); anything else
 * (lower case, no seconds, an offset with seconds, leap seconds, out-of-range fields) goes to the
 * formatter, which decides. {@code IsoTimeTest} holds the two to the same answers. Every reader of
 * such times in debitwatch (events, provider notifications, their envelopes) goes through it.
 */
public final class IsoTime {

    private IsoTime() {}

    /** The instant, or null when {@code value} is not an ISO-8601 date-time with offset. */
    public static Instant parse(String value) {
        Instant fast = fast(value);
        return fast != null ? fast : slow(value);
    }

    static Instant slow(String value) {
        try {
            return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The common shape, or null to let the formatter decide. */
    static Instant fast(String s) {
        int n = s.length();
        // yyyy-MM-ddTHH:mm:ss is 19 characters; the shortest offset is Z.
        if (n < 20
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0
                || hour > 23
                || minute > 59
                || second > 59) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && isDigit(s.charAt(i))) {
                nanos = nanos * 10 + (s.charAt(i) - '0');
                i++;
            }
            int width = i - start;
            if (width == 0 || (i < n && isDigit(s.charAt(i)))) {
                return null;
            }
            for (int w = width; w < 9; w++) {
                nanos *= 10;
            }
        }
        int offsetSeconds = offsetSeconds(s, i);
        if (offsetSeconds == NO_OFFSET) {
            return null;
        }
        try {
            long epochSecond =
                    LocalDateTime.of(year, month, day, hour, minute, second)
                            .toEpochSecond(ZoneOffset.ofTotalSeconds(offsetSeconds));
            return Instant.ofEpochSecond(epochSecond, nanos);
        } catch (DateTimeException e) {
            return null; // e.g. 30 February: the formatter gives the verdict
        }
    }

    private static final int NO_OFFSET = Integer.MIN_VALUE;

    /** The offset {@code Z} or {@code ±HH:mm} that ends {@code s} at {@code i}, or NO_OFFSET. */
    private static int offsetSeconds(String s, int i) {
        int n = s.length();
        if (i == n - 1 && s.charAt(i) == 'Z') {
            return 0;
        }
        if (i != n - 6 || (s.charAt(i) != '+' && s.charAt(i) != '-') || s.charAt(i + 3) != ':') {
            return NO_OFFSET;
        }
        int oh = digits(s, i + 1, 2);
        int om = digits(s, i + 4, 2);
        if ((oh | om) < 0 || oh > 17 || om > 59) {
            return NO_OFFSET;
        }
        return (oh * 3600 + om * 60) * (s.charAt(i) == '-' ? -1 : 1);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The decimal value of {@code width} ASCII digits at {@code from}, or -1. */
    private static int digits(String s, int from, int width) {
        int v = 0;
        for (int i = from; i < from + width; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
