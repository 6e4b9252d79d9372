package io.debitwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyFiguresTest {

    @Test
    void ordersStartEvenlySoThatTheEventRateHolds() {
        // 5,000 events/s of 3-event orders: 1,666.7 orders/s, the first at 0.
        assertThat(LatencyFigures.ordersDue(-1, 5_000, 3)).isZero();
        assertThat(LatencyFigures.ordersDue(0, 5_000, 3)).isEqualTo(1);
        assertThat(LatencyFigures.ordersDue(TimeUnit.MILLISECONDS.toNanos(1), 5_000, 3))
                .isEqualTo(2);
        long oneMinute = TimeUnit.SECONDS.toNanos(60);
        assertThat(LatencyFigures.ordersDue(oneMinute - 1, 5_000, 3) * 3)
                .isBetween(299_997L, 300_003L);
        // Any one-second window holds the rate within one order.
        long a = LatencyFigures.ordersDue(TimeUnit.MILLISECONDS.toNanos(12_345), 5_000, 3);
        long b = LatencyFigures.ordersDue(TimeUnit.MILLISECONDS.toNanos(13_345), 5_000, 3);
        assertThat(b - a).isBetween(1_666L, 1_667L);
    }

    @Test
    void latenciesAreReadable() {
        assertThat(LatencyFigures.micros(850)).isEqualTo("850 µs");
        assertThat(LatencyFigures.micros(3_254)).isEqualTo("3.25 ms");
        assertThat(LatencyFigures.micros(41_730)).isEqualTo("41.7 ms");
        assertThat(LatencyFigures.micros(1_840_000)).isEqualTo("1.84 s");
    }

    @Test
    void summaryGivesCountPercentilesAndMax() {
        Histogram h = new Histogram(TimeUnit.HOURS.toMicros(1), 3);
        assertThat(LatencyFigures.summary(h)).isEqualTo("n=0 (no samples)");
        for (int i = 1; i <= 1_000; i++) {
            h.recordValue(i * 100L); // 0.1 ms .. 100 ms
        }
        assertThat(LatencyFigures.summary(h))
                .isEqualTo("n=1,000  p50 50.0 ms  p99 99.0 ms  max 100.0 ms");
    }
}
