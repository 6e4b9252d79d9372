package io.debitwatch.job.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.json.EventParser;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.TerminalEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.local.LocalDataInputStream;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NdjsonEventFormatTest {

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
        NdjsonEventFormat<TerminalEvent> format =
                new NdjsonEventFormat<>(
                        "terminal.ndjson",
                        EventParser::parseTerminal,
                        TerminalEvent.class,
                        TerminalEvent::eventTime,
                        ClockSkewTest.atNow());

        List<Either<DeadLetter, TerminalEvent>> read = new ArrayList<>();
        try (StreamFormat.Reader<Either<DeadLetter, TerminalEvent>> reader =
                format.createReader(new Configuration(), new LocalDataInputStream(file.toFile()))) {
            for (var e = reader.read(); e != null; e = reader.read()) {
                read.add(e);
            }
        }

        assertThat(read).hasSize(2);
        assertThat(read.get(0).right().outTradeNo()).isEqualTo("o1");
        DeadLetter dead = read.get(1).left();
        assertThat(dead.line()).isEqualTo(2L);
        assertThat(dead.reason())
                .isEqualTo(
                        "event_time 2026-12-02T03:05:01Z is 5 min 1 s ahead of the clock"
                                + " (max-clock-skew 5 min)");
    }
}
