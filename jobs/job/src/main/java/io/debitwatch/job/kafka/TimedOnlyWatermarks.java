package io.debitwatch.job.kafka;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.eventtime.WatermarksWithIdleness;

/**
 * A watermark generator that only sees records with an event time: records whose timestamp is
 * {@link Long#MIN_VALUE} (dead letters, notices) are not passed on. Besides not moving the
 * watermark (they never did), they then no longer count as activity for the idleness timer, so a
 * partition that receives only bad records goes idle after the idleness timeout instead of holding
 * the job's event time back forever.
 *
 * <p>Its watermarks never exceed the wall clock (SPEC §4a rules 5 and 10): event time must not run
 * ahead of real time, whatever the records say. A record dated ahead of the clock counts as dated
 * now, so the watermark stays the out-of-orderness bound behind the clock.
 *
 * <pre>{@code
 * env.fromSource(source,
 *         TimedOnlyWatermarks.strategy(Duration.ofSeconds(2), Duration.ofSeconds(30),
 *                 (r, ts) -> r.timestamp()),
 *         "Kafka: topic");
 * }</pre>
 */
public final class TimedOnlyWatermarks<T> implements WatermarkGenerator<T> {

    /** The timestamp of a record without event time. */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    private final WatermarkGenerator<T> delegate;
    private final LongSupplier wallClock;
    private WatermarkOutput lastOutput;
    private WatermarkOutput capped;

    public TimedOnlyWatermarks(WatermarkGenerator<T> delegate) {
        this(delegate, System::currentTimeMillis);
    }

    /**
     * @param wallClock the wall clock in epoch millis, which no watermark may exceed
     */
    public TimedOnlyWatermarks(WatermarkGenerator<T> delegate, LongSupplier wallClock) {
        this.delegate = delegate;
        this.wallClock = wallClock;
    }

    /**
     * Bounded out-of-orderness with idleness, as {@code
     * forBoundedOutOfOrderness(bound).withIdleness(idleness)}, except that records without event
     * time neither move the watermark nor keep the input active.
     */
    public static <T> WatermarkStrategy<T> strategy(
            Duration outOfOrderness,
            Duration idleness,
            SerializableTimestampAssigner<T> timestampAssigner) {
        // Checked here, at job build time, as WatermarkStrategy.withIdleness does.
        if (idleness.isZero() || idleness.isNegative()) {
            throw new IllegalArgumentException("idleness must be positive, got " + idleness);
        }
        if (outOfOrderness.isNegative()) {
            throw new IllegalArgumentException(
                    "out-of-orderness must not be negative, got " + outOfOrderness);
        }
        return WatermarkStrategy.<T>forGenerator(
                        ctx ->
                                new TimedOnlyWatermarks<>(
                                        new WatermarksWithIdleness<>(
                                                new BoundedOutOfOrdernessWatermarks<>(
                                                        outOfOrderness),
                                                idleness,
                                                ctx.getInputActivityClock())))
                .withTimestampAssigner(timestampAssigner);
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        if (eventTimestamp != NO_TIMESTAMP) {
            // A record dated ahead of the clock (within max-clock-skew) counts as dated now: were
            // it to lift the watermark to the clock itself, every other record would arrive
            // behind it and the out-of-orderness bound would be gone for as long as it is ahead.
            long now = wallClock.getAsLong();
            delegate.onEvent(event, Math.min(eventTimestamp, now), capped(output));
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        delegate.onPeriodicEmit(capped(output));
    }

    /** {@code output}, with every watermark lowered to the wall clock if it lies beyond it. */
    private WatermarkOutput capped(WatermarkOutput output) {
        if (output != lastOutput) {
            lastOutput = output;
            capped =
                    new WatermarkOutput() {
                        @Override
                        public void emitWatermark(Watermark watermark) {
                            long now = wallClock.getAsLong();
                            output.emitWatermark(
                                    watermark.getTimestamp() > now
                                            ? new Watermark(now)
                                            : watermark);
                        }

                        @Override
                        public void markIdle() {
                            output.markIdle();
                        }

                        @Override
                        public void markActive() {
                            output.markActive();
                        }
                    };
        }
        return capped;
    }
}
