package io.debitwatch.job.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.transformations.SourceTransformation;
import org.apache.flink.util.clock.ManualClock;
import org.apache.flink.util.clock.RelativeClock;

/**
 * Drives one partition's watermark generator of a {@link WatermarkStrategy} as a source reader does
 * (timestamp assigner, then onEvent; onPeriodicEmit on the auto-watermark interval), on a manual
 * input-activity clock, and records what it emits.
 */
final class WatermarkProbe<T> implements WatermarkOutput {

    private final ManualClock clock = new ManualClock(0);
    private final WatermarkGenerator<T> generator;
    private final TimestampAssigner<T> timestamps;
    private final List<Long> watermarks = new ArrayList<>();
    private boolean idle;
    private int idleMarks;

    WatermarkProbe(WatermarkStrategy<T> strategy) {
        this.generator =
                strategy.createWatermarkGenerator(
                        new WatermarkGeneratorSupplier.Context() {
                            @Override
                            public MetricGroup getMetricGroup() {
                                return new UnregisteredMetricsGroup();
                            }

                            @Override
                            public RelativeClock getInputActivityClock() {
                                return clock;
                            }
                        });
        this.timestamps =
                strategy.createTimestampAssigner(
                        (TimestampAssignerSupplier.Context) UnregisteredMetricsGroup::new);
    }

    /** The probe of the watermark strategy a stream's source was built with. */
    @SuppressWarnings("unchecked")
    static <T> WatermarkProbe<T> ofSource(DataStream<T> stream) {
        return new WatermarkProbe<>(
                ((SourceTransformation<T, ?, ?>) stream.getTransformation())
                        .getWatermarkStrategy());
    }

    /** One record arrives (with no timestamp from Kafka's side to go by). */
    WatermarkProbe<T> record(T record) {
        generator.onEvent(record, timestamps.extractTimestamp(record, Long.MIN_VALUE), this);
        return this;
    }

    /** Time passes on the input-activity clock, then the periodic emit runs. */
    WatermarkProbe<T> after(Duration elapsed) {
        clock.advanceTime(elapsed);
        generator.onPeriodicEmit(this);
        return this;
    }

    /** The last watermark emitted, or {@link Long#MIN_VALUE} if none was. */
    long watermark() {
        return watermarks.isEmpty() ? Long.MIN_VALUE : watermarks.get(watermarks.size() - 1);
    }

    List<Long> watermarks() {
        return watermarks;
    }

    boolean idle() {
        return idle;
    }

    int idleMarks() {
        return idleMarks;
    }

    @Override
    public void emitWatermark(Watermark watermark) {
        watermarks.add(watermark.getTimestamp());
        idle = false; // as the source's output: a watermark makes the split active again
    }

    @Override
    public void markIdle() {
        idle = true;
        idleMarks++;
    }

    @Override
    public void markActive() {
        idle = false;
    }
}
