package io.debitwatch.job.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.job.io.ClockSkew;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputScanTest {

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
    void linesDatedFarAheadOfTheClockDoNotWidenTheWatermarkBound(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("terminal.ndjson");
        Files.write(
                file,
                List.of(
                        terminalAt("2026-11-25T02:00:00Z", "o1"),
                        terminalAt("2099-01-01T00:00:00Z", "o2"),
                        terminalAt("2026-11-25T02:30:00Z", "o3"), // 1 h ahead of the clock below
                        terminalAt("2026-11-25T02:00:03Z", "o4")));
        ClockSkew atHalfPastOne =
                new ClockSkew(
                        Duration.ofMinutes(5),
                        Clock.fixed(Instant.parse("2026-11-25T01:30:00Z"), ZoneOffset.UTC));

        InputScan scan = InputScan.of(file, atHalfPastOne, null);

        // Both far-future lines become dead letters in the source: only 02:00:00 and 02:00:03
        // count, in order, so nothing is late. Counted, the 2099 line would make the bound about
        // 72 years, holding every decision back to the end of the input.
        assertThat(scan.records()).isEqualTo(4);
        assertThat(scan.maxLatenessMillis()).isZero();
        // The default check reads the system clock: 2099 is still ahead of it.
        assertThat(InputScan.of(file).maxLatenessMillis())
                .isLessThan(Duration.ofHours(1).toMillis());
    }
}
