package io.debitwatch.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class TimedOnlyWatermarksTest {

    private static final Duration BOUND = Duration.ofSeconds(2);
    private static final Duration IDLENESS = Duration.ofSeconds(30);
    private static final Duration TICK = Duration.ofSeconds(1);

    /** "e:MILLIS" is an event at MILLIS; anything else (a dead letter) has no event time. */
    private static final SerializableTimestampAssigner<String> TIMES =
            (r, ts) -> r.startsWith("e:") ? Long.parseLong(r.substring(2)) : Long.MIN_VALUE;

    private static WatermarkProbe<String> probe() {
        return new WatermarkProbe<>(TimedOnlyWatermarks.strategy(BOUND, IDLENESS, TIMES));
    }

    /** Feeds one dead letter a tick for {@code seconds}; returns the second it went idle, or -1. */
    private static int deadLettersFor(WatermarkProbe<String> probe, int seconds) {
        int idleAt = -1;
        for (int s = 1; s <= seconds; s++) {
            probe.record("dead").after(TICK);
            if (probe.idle() && idleAt < 0) {
                idleAt = s;
            }
        }
        return idleAt;
    }

    @Test
    void aPartitionOfOnlyDeadLettersGoesIdleAfterTheIdlenessTimeout() {
        WatermarkProbe<String> probe = probe().record("e:10000").after(Duration.ZERO);
        assertThat(probe.watermark()).isEqualTo(10_000 - 2_000 - 1);

        int idleAt = deadLettersFor(probe, 600);

        assertThat(idleAt).as("second it went idle").isBetween(31, 32);
        assertThat(probe.idle()).isTrue();
        assertThat(probe.idleMarks()).isOne();
        // the dead letters never moved the watermark
        assertThat(probe.watermarks()).containsOnly(10_000L - 2_000 - 1);
    }

    @Test
    void aPartitionWhoseFirstRecordsAreDeadLettersGoesIdleToo() {
        WatermarkProbe<String> probe = probe();

        assertThat(deadLettersFor(probe, 120)).isBetween(31, 32);
        // until then the generator's initial watermark, which holds everything back
        assertThat(probe.watermarks()).containsOnly(Long.MIN_VALUE);
    }

    @Test
    void eventsDriveTheWatermarkWithTheBoundAndWakeAnIdlePartition() {
        WatermarkProbe<String> probe =
                probe().record("e:10000")
                        .after(TICK)
                        .record("dead")
                        .record("e:15000")
                        .after(TICK)
                        .record("e:12000") // late, within the bound: the watermark stays
                        .record("dead")
                        .after(TICK);
        assertThat(probe.watermarks()).containsExactly(7_999L, 12_999L, 12_999L);

        // idle on dead letters alone, active again with the next event
        deadLettersFor(probe, 60);
        assertThat(probe.idle()).isTrue();
        probe.record("e:20000").after(TICK);
        assertThat(probe.idle()).isFalse();
        assertThat(probe.watermark()).isEqualTo(17_999L);
        // and it stays active while events keep coming, however slowly the clock runs
        for (int s = 1; s <= 120; s++) {
            probe.record("e:" + (20_000 + s * 1_000L)).after(TICK);
            assertThat(probe.idle()).isFalse();
        }
        assertThat(probe.watermark()).isEqualTo(140_000L - 2_000 - 1);
    }

    /** Why the wrapper exists: Flink's own idleness counts every record as activity. */
    @Test
    void flinksPlainIdlenessWouldKeepThePartitionActive() {
        WatermarkProbe<String> plain =
                new WatermarkProbe<>(
                        WatermarkStrategy.<String>forBoundedOutOfOrderness(BOUND)
                                .withTimestampAssigner(TIMES)
                                .withIdleness(IDLENESS));
        plain.record("e:10000").after(Duration.ZERO);

        assertThat(deadLettersFor(plain, 600)).isEqualTo(-1);
    }

    @Test
    void watermarksNeverPassTheWallClock() {
        AtomicLong wallClock = new AtomicLong(50_000);
        List<Long> emitted = new ArrayList<>();
        WatermarkOutput output =
                new WatermarkOutput() {
                    @Override
                    public void emitWatermark(Watermark watermark) {
                        emitted.add(watermark.getTimestamp());
                    }

                    @Override
                    public void markIdle() {}

                    @Override
                    public void markActive() {}
                };
        TimedOnlyWatermarks<String> generator =
                new TimedOnlyWatermarks<>(
                        new BoundedOutOfOrdernessWatermarks<>(BOUND), wallClock::get);

        // An event ahead of the clock (one within max-clock-skew, which the source let through)
        // counts as dated now: the watermark stays the bound behind the clock, so the records
        // that follow it with today's times are not all behind the watermark.
        generator.onEvent("e:100000", 100_000, output);
        generator.onPeriodicEmit(output);
        wallClock.set(60_000);
        generator.onEvent("e:59000", 59_000, output);
        generator.onPeriodicEmit(output);

        assertThat(emitted).containsExactly(50_000L - 2_000 - 1, 59_000L - 2_000 - 1);
        assertThat(emitted).allMatch(w -> w <= 60_000 - 2_000);
    }

    @Test
    void theStrategyIsSerializable() throws Exception {
        WatermarkStrategy<String> copy =
                InstantiationUtil.clone(
                        TimedOnlyWatermarks.strategy(BOUND, IDLENESS, TIMES),
                        getClass().getClassLoader());
        WatermarkProbe<String> probe = new WatermarkProbe<>(copy);

        probe.record("e:10000").after(Duration.ZERO);

        assertThat(probe.watermark()).isEqualTo(7_999L);
        assertThat(deadLettersFor(probe, 60)).isBetween(31, 32);
    }

    @Test
    void refusesANonPositiveIdlenessOrANegativeBound() {
        assertThatThrownBy(() -> TimedOnlyWatermarks.strategy(BOUND, Duration.ZERO, TIMES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("idleness");
        assertThatThrownBy(
                        () -> TimedOnlyWatermarks.strategy(Duration.ofSeconds(-1), IDLENESS, TIMES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("out-of-orderness");
    }
}
