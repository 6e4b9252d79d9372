package io.debitwatch.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written path must give the formatter's answer for every string, valid or not. */
class IsoTimeTest {

    private static void sameAsFormatter(String s) {
        assertThat(IsoTime.parse(s)).as(s).isEqualTo(IsoTime.slow(s));
    }

    @Test
    void theCommonShapesTakeTheFastPathAndAgree() {
        for (String s :
                new String[] {
                    "2026-11-25T08:00:00Z",
                    "2026-11-25T08:00:00.5Z",
                    "2026-11-25T08:00:00.123Z",
                    "2026-11-25T08:00:00.123456789Z",
                    "2026-11-25T16:00:00+08:00",
                    "2026-11-25T16:00:00.250+08:00",
                    "2026-11-24T21:30:00-05:30",
                    "2024-02-29T23:59:59Z",
                    "2000-01-01T00:00:00+00:00",
                    "2099-12-31T23:59:59.999999999-00:00"
                }) {
            assertThat(IsoTime.fast(s)).as(s).isNotNull().isEqualTo(IsoTime.slow(s));
        }
        assertThat(IsoTime.parse("2026-11-25T16:00:00.250+08:00"))
                .isEqualTo(Instant.parse("2026-11-25T08:00:00.250Z"));
    }

    @Test
    void otherShapesAndInvalidValuesGetTheFormattersVerdict() {
        for (String s :
                new String[] {
                    "2026-11-25t08:00:00z", // lower case: the formatter accepts it
                    "2026-11-25T08:00Z", // no seconds: accepted by the formatter
                    "2026-11-25T08:00:00+08", // hour-only offset
                    "2026-11-25T08:00:00+08:00:30", // offset with seconds
                    "2026-11-25T08:00:00+18:00",
                    "2026-11-25T08:00:00+19:00",
                    "2026-11-25T08:00:00.Z",
                    "2026-11-25T08:00:00.1234567891Z",
                    "2026-02-30T08:00:00Z",
                    "2025-02-29T08:00:00Z",
                    "2026-13-01T08:00:00Z",
                    "2026-11-25T24:00:00Z",
                    "2026-11-25T23:60:00Z",
                    "2026-11-25T23:59:60Z",
                    "2026-11-25T08:00:00",
                    "2026-11-25 08:00:00Z",
                    "+2026-11-25T08:00:00Z",
                    "2026-11-25T08:00:00Z ",
                    "2026-1-25T08:00:00Z",
                    "２０２６-11-25T08:00:00Z",
                    "2026-11-25T08:00:00+0800",
                    "",
                    "2026-11-25T08:00:00ZZ"
                }) {
            sameAsFormatter(s);
        }
    }

    @Test
    void randomDateTimesAndMutationsAgree() {
        Random r = new Random(20261126);
        String[] offsets = {
            "Z",
            "z",
            "+08:00",
            "-05:30",
            "+00:00",
            "-00:00",
            "+17:59",
            "+18:00",
            "+14",
            "+0800",
            "+08:00:00",
            "-18:01",
            ""
        };
        String alphabet = "0123456789-:T.Z+z ";
        for (int i = 0; i < 200_000; i++) {
            int fraction = r.nextInt(12) - 1;
            StringBuilder b =
                    new StringBuilder(
                            String.format(
                                    Locale.ROOT,
                                    "%04d-%02d-%02dT%02d:%02d:%02d",
                                    1999 + r.nextInt(103),
                                    r.nextInt(14),
                                    r.nextInt(33),
                                    r.nextInt(26),
                                    r.nextInt(62),
                                    r.nextInt(62)));
            if (fraction >= 0) {
                b.append('.');
                for (int d = 0; d < fraction; d++) {
                    b.append((char) ('0' + r.nextInt(10)));
                }
            }
            b.append(offsets[r.nextInt(offsets.length)]);
            if (r.nextInt(4) == 0) { // one character replaced, inserted or removed
                int at = r.nextInt(b.length());
                char c = alphabet.charAt(r.nextInt(alphabet.length()));
                switch (r.nextInt(3)) {
                    case 0 -> b.setCharAt(at, c);
                    case 1 -> b.insert(at, c);
                    default -> b.deleteCharAt(at);
                }
            }
            sameAsFormatter(b.toString());
        }
    }
}
