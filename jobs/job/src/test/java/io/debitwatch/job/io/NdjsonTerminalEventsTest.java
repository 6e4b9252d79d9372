package io.debitwatch.job.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.job.adapt.AdaptedNdjsonFormat;
import io.debitwatch.job.adapt.AdaptedRecord;
import io.debitwatch.job.adapt.RawFormat;
import io.debitwatch.job.adapt.RecordAdapter;
import io.debitwatch.job.adapt.SourceFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.local.LocalDataInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one NDJSON file format ({@link AdaptedNdjsonFormat}) on files of normalised records. */
class NdjsonTerminalEventsTest {

    private static String terminalAt(String eventTime, String order) {
        return "{\"event_id\":\"te-"
                + order
                + "\",\"event_time\":\""
                + eventTime
                + "\",\"provider\":\"WECHAT\",\"merchant_id\":\"m1\",\"terminal_id\":\"POS-1\","
                + "\"out_trade_no\":\""
                + order
                + "\",\"type\":\"PAY_REQUEST\",\"amount_minor\":100,\"currency\":\"CNY\"}";
    }

    @Test
    void anEventAheadOfTheClockIsADeadLetterWithItsLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("terminal.ndjson");
        Files.write(
                file,
                List.of(
                        terminalAt("2026-12-02T03:00:00Z", "o1"),
                        terminalAt("2026-12-02T03:05:01Z", "o2")));
        List<AdaptedRecord> read = read(file, SourceFormat.TERMINAL_EVENTS);

        assertThat(read).hasSize(2);
        assertThat(read.get(0).terminal().outTradeNo()).isEqualTo("o1");
        DeadLetter dead = read.get(1).deadLetter();
        assertThat(dead.line()).isEqualTo(2L);
        assertThat(dead.reason())
                .isEqualTo(
                        "event_time 2026-12-02T03:05:01Z is 5 min 1 s ahead of the clock"
                                + " (max-clock-skew 5 min)");
    }

    /** A parser or adapter that throws still gives one dead letter, naming no message. */
    @Test
    void aThrowingAdapterIsADeadLetterThatDoesNotQuoteTheMessage(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("raw.ndjson");
        Files.write(file, List.of("secret-looking record"));
        RecordAdapter throwing =
                raw -> {
                    throw new IllegalStateException("quotes " + raw);
                };
        List<AdaptedRecord> read =
                read(file, SourceFormat.of(RawFormat.WECHAT_NOTIFICATIONS, throwing));

        assertThat(read).hasSize(1);
        assertThat(read.get(0).deadLetter().line()).isEqualTo(1L);
        assertThat(read.get(0).deadLetter().reason())
                .isEqualTo("cannot adapt: java.lang.IllegalStateException");
    }

    /** A bad normalised provider record is a dead letter with the parser's reason. */
    @Test
    void anInvalidProviderEventIsADeadLetterWithItsLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("provider.ndjson");
        Files.write(file, List.of("", "[1,2,3]"));

        List<AdaptedRecord> read = read(file, SourceFormat.PROVIDER_EVENTS);

        assertThat(read).hasSize(1);
        assertThat(read.get(0).deadLetter().line()).isEqualTo(2L);
        assertThat(read.get(0).deadLetter().reason()).isEqualTo("not a JSON object: array");
    }

    private static List<AdaptedRecord> read(Path file, SourceFormat format) throws Exception {
        AdaptedNdjsonFormat ndjson =
                new AdaptedNdjsonFormat(
                        file.getFileName().toString(), format, ClockSkewTest.atNow());
        List<AdaptedRecord> read = new ArrayList<>();
        try (StreamFormat.Reader<AdaptedRecord> reader =
                ndjson.createReader(new Configuration(), new LocalDataInputStream(file.toFile()))) {
            for (var e = reader.read(); e != null; e = reader.read()) {
                read.add(e);
            }
        }
        return read;
    }
}
