package io.debitwatch.job;

import io.debitwatch.core.model.Alert;
import java.time.Duration;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * The detector's operator in streaming (SPEC §4a rule 10): {@link KeyedCoProcessOperator} running
 * the detector function unchanged, whose event time follows the wall clock while every input is
 * idle. Sources mark a partition idle after the idleness timeout without events; once both inputs
 * of this operator are idle (every partition upstream is), the watermark becomes {@code now - lag}
 * ({@code lag} = out-of-orderness + quiet allowance) and is raised again every {@link #TICK_MILLIS}
 * while they stay idle, so a deadline passes at 3 a.m. without other traffic, and a restart on
 * drained inputs decides what is due without waiting for new records.
 *
 * <p>Event time never moves backwards: a watermark from the inputs below the one already applied is
 * ignored (facts before it then count as late, as any late fact). It never exceeds the wall clock
 * either: {@code lag} is not negative, and the sources cap their own watermarks at the wall clock.
 * The processing-time service is the clock, so harness tests drive it by hand.
 *
 * <p>Same uid and state as the plain {@code KeyedCoProcessOperator} it replaces: savepoints of
 * either restore into the other. The applied watermark is not state: after a restore, the inputs or
 * the wall clock set it again.
 *
 * <p>Gauges, for on-call: {@code watermarkLagMillis{input}} per input ({@code terminal}, {@code
 * provider}): the wall clock minus the last watermark that input brought, 0 while the input is idle
 * (an idle input holds nothing back) or before its first watermark; and {@code eventTimeLagMillis}:
 * the wall clock minus the event time the detector's timers run on, which in a quiet period stays
 * at {@code lag}. A lag that grows means deadlines, and their alerts, come that much later.
 */
public class QuietClockOperator
        extends KeyedCoProcessOperator<String, KeyedFact, KeyedFact, Alert> {

    private static final long serialVersionUID = 1L;

    /** Default of {@code quiet-allowance}: gateway delay allowed for before a deadline is due. */
    public static final Duration DEFAULT_QUIET_ALLOWANCE = Duration.ofSeconds(10);

    /** How often event time is raised to the wall clock while every input is idle. */
    static final long TICK_MILLIS = 1_000;

    private final long lagMillis;

    /** The highest watermark applied to the timers, whether from the inputs or the wall clock. */
    private transient long applied;

    private transient boolean ticking;

    /** Per input: its last watermark, or {@link Long#MIN_VALUE}; read by the metric reporter. */
    private transient volatile long terminalWatermark;

    private transient volatile long providerWatermark;

    private transient volatile boolean terminalIdle;

    private transient volatile boolean providerIdle;

    /** {@link #applied}, for the metric reporter. */
    private transient volatile long eventTime;

    /**
     * @param function the detector
     * @param lag how far behind the wall clock event time follows while every input is idle
     */
    public QuietClockOperator(
            KeyedCoProcessFunction<String, KeyedFact, KeyedFact, Alert> function, Duration lag) {
        super(function);
        if (lag.isNegative()) {
            throw new IllegalArgumentException("lag must not be negative: " + lag);
        }
        this.lagMillis = lag.toMillis();
    }

    @Override
    public void open() throws Exception {
        super.open();
        applied = Long.MIN_VALUE;
        ticking = false;
        terminalWatermark = Long.MIN_VALUE;
        providerWatermark = Long.MIN_VALUE;
        eventTime = Long.MIN_VALUE;
        var metrics = getMetricGroup();
        metrics.addGroup("input", "terminal")
                .gauge("watermarkLagMillis", (Gauge<Long>) () -> watermarkLagMillis(0));
        metrics.addGroup("input", "provider")
                .gauge("watermarkLagMillis", (Gauge<Long>) () -> watermarkLagMillis(1));
        metrics.gauge("eventTimeLagMillis", (Gauge<Long>) this::eventTimeLagMillis);
    }

    /** Gauge: the wall clock minus the last watermark of input 0 or 1; 0 while it is idle. */
    long watermarkLagMillis(int input) {
        if (input == 0) {
            return terminalIdle ? 0L : lagBehindWallClock(terminalWatermark);
        }
        return providerIdle ? 0L : lagBehindWallClock(providerWatermark);
    }

    /** Gauge: the wall clock minus the event time applied to the timers. */
    long eventTimeLagMillis() {
        return lagBehindWallClock(eventTime);
    }

    /**
     * The wall clock (the processing-time service's, read from the reporter's thread) minus {@code
     * watermark}; 0 before the first watermark and after the last (the end of bounded inputs).
     */
    private long lagBehindWallClock(long watermark) {
        return watermark == Long.MIN_VALUE
                ? 0L
                : Math.max(0L, getProcessingTimeService().getCurrentProcessingTime() - watermark);
    }

    @Override
    public void processWatermark1(Watermark mark) throws Exception {
        terminalWatermark = mark.getTimestamp();
        super.processWatermark1(mark);
    }

    @Override
    public void processWatermark2(Watermark mark) throws Exception {
        providerWatermark = mark.getTimestamp();
        super.processWatermark2(mark);
    }

    /** Applies a watermark only if it moves event time forward. */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() <= applied) {
            return;
        }
        applied = mark.getTimestamp();
        eventTime = applied;
        super.processWatermark(mark);
    }

    @Override
    protected void processWatermarkStatus(WatermarkStatus status, int index) throws Exception {
        super.processWatermarkStatus(status, index);
        if (index == 0) {
            terminalIdle = status.isIdle();
        } else {
            providerIdle = status.isIdle();
        }
        if (combinedWatermark.isIdle() && !ticking) {
            ticking = true;
            followWallClock(0);
        }
    }

    /** While every input is idle: event time to {@code now - lag}, and again in a tick. */
    private void followWallClock(long scheduledFor) throws Exception {
        if (!combinedWatermark.isIdle()) {
            ticking = false; // an input is active again: its records move event time
            return;
        }
        long now = getProcessingTimeService().getCurrentProcessingTime();
        processWatermark(new Watermark(now - lagMillis));
        getProcessingTimeService().registerTimer(now + TICK_MILLIS, this::followWallClock);
    }
}
