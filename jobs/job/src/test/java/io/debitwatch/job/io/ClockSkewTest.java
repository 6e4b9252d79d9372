package io.debitwatch.job.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class ClockSkewTest {

    static final Instant NOW = Instant.parse("2026-12-02T03:00:00Z");

    /** Five minutes of skew allowed, read at {@link #NOW}. */
    static ClockSkew atNow() {
        return new ClockSkew(Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** A metric group that keeps the counters registered in it, by name. */
    static final class Counters extends UnregisteredMetricsGroup {
        final Map<String, SimpleCounter> byName = new HashMap<>();

        @Override
        public Counter counter(String name) {
            return byName.computeIfAbsent(name, n -> new SimpleCounter());
        }

        long count(String name) {
            SimpleCounter c = byName.get(name);
            return c == null ? -1 : c.getCount();
        }
    }

    @Test
    void acceptsEventsUpToTheMaximumSkewAheadAndAnyInThePast() {
        ClockSkew skew = atNow();
        assertThat(skew.reject(NOW.minus(Duration.ofDays(400)))).isNull();
        assertThat(skew.reject(NOW)).isNull();
        assertThat(skew.reject(NOW.plus(Duration.ofMinutes(5)))).isNull();
        assertThat(skew.accepts(NOW.plus(Duration.ofMinutes(5)).toEpochMilli())).isTrue();
    }

    @Test
    void refusesAnEventFurtherAheadSayingByHowMuch() {
        ClockSkew skew = atNow();
        assertThat(skew.reject(NOW.plus(Duration.ofMinutes(5)).plusMillis(1)))
                .isEqualTo(
                        "event_time 2026-12-02T03:05:00.001Z is 5 min ahead of the clock"
                                + " (max-clock-skew 5 min)");
        assertThat(skew.reject(NOW.plus(Duration.ofHours(1))))
                .isEqualTo(
                        "event_time 2026-12-02T04:00:00Z is 1 h ahead of the clock"
                                + " (max-clock-skew 5 min)");
        assertThat(skew.reject(Instant.parse("2099-01-01T00:00:00Z")))
                .startsWith("event_time 2099-01-01T00:00:00Z is 26327 d 21 h ahead of the clock");
        assertThat(skew.accepts(NOW.plus(Duration.ofHours(1)).toEpochMilli())).isFalse();
    }

    @Test
    void countsEachRefusedEventInItsMetric() {
        ClockSkew skew = atNow();
        Counters metrics = new Counters();
        skew.countInto(metrics);

        skew.reject(NOW);
        skew.reject(NOW.plus(Duration.ofHours(1)));
        skew.reject(Instant.parse("2099-01-01T00:00:00Z"));

        assertThat(metrics.count("futureEventsDeadLettered")).isEqualTo(2);
        // accepts() is the replay scan's question: it counts nothing
        skew.accepts(NOW.plus(Duration.ofHours(1)).toEpochMilli());
        assertThat(metrics.count(ClockSkew.METRIC)).isEqualTo(2);
    }

    @Test
    void travelsWithTheJobGraph() throws Exception {
        ClockSkew copy = InstantiationUtil.clone(ClockSkew.defaults());
        assertThat(copy.maxSkew()).isEqualTo(Duration.ofMinutes(5));
        assertThat(copy.reject(Instant.now())).isNull();
        assertThat(copy.reject(Instant.now().plus(Duration.ofMinutes(6)))).isNotNull();
    }

    @Test
    void refusesANegativeSkew() {
        assertThatThrownBy(() -> ClockSkew.of(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesDurationsAsPeopleRead() {
        assertThat(ClockSkew.readable(1_500)).isEqualTo("1500 ms");
        assertThat(ClockSkew.readable(300_000)).isEqualTo("5 min");
        assertThat(ClockSkew.readable(90_061_000)).isEqualTo("1 d 1 h 1 min 1 s");
    }
}
