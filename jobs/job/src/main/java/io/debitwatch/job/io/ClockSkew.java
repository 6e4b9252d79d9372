package io.debitwatch.job.io;

import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * SPEC §4a rule 5: an event whose {@code event_time} lies more than {@code max-clock-skew} ahead of
 * the wall clock when its source reads it is a dead letter. The check runs where each source turns
 * a record into an event (the one {@code SourceFormat} step, in the Kafka deserializer and the file
 * format), before the source's watermark generator sees the timestamp: one event dated 2099 would
 * otherwise move its partition's watermark to 2099 and decide every open order at once. The
 * replay's input scan asks the same question, so its watermark bounds ignore those lines.
 *
 * <p>The clock is injectable so that tests are deterministic. Sources that can register metrics
 * call {@link #countInto} in their {@code open}: the counter {@value #METRIC} is worth an alert,
 * since it means a producer's clock or data is wrong.
 */
public final class ClockSkew implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Default of {@code max-clock-skew}. */
    public static final Duration DEFAULT_MAX_SKEW = Duration.ofMinutes(5);

    /** Name of the counter of events refused for lying ahead of the clock. */
    public static final String METRIC = "futureEventsDeadLettered";

    private final Duration maxSkew;
    private final Clock clock;
    private transient Counter refused;

    public ClockSkew(Duration maxSkew, Clock clock) {
        if (maxSkew.isNegative()) {
            throw new IllegalArgumentException("max-clock-skew must not be negative: " + maxSkew);
        }
        this.maxSkew = maxSkew;
        this.clock = clock;
    }

    /** The check against the system clock. */
    public static ClockSkew of(Duration maxSkew) {
        return new ClockSkew(maxSkew, Clock.systemUTC());
    }

    /** {@link #DEFAULT_MAX_SKEW} against the system clock. */
    public static ClockSkew defaults() {
        return of(DEFAULT_MAX_SKEW);
    }

    public Duration maxSkew() {
        return maxSkew;
    }

    /** Registers {@value #METRIC} in {@code metrics}; each refused event counts from then on. */
    public void countInto(MetricGroup metrics) {
        refused = metrics.counter(METRIC);
    }

    /**
     * Why an event at {@code eventTime} must be a dead letter, read now: {@code event_time … is …
     * ahead of the clock}; null when it is not too far ahead.
     */
    public String reject(Instant eventTime) {
        long aheadMillis = eventTime.toEpochMilli() - clock.millis();
        if (aheadMillis <= maxSkew.toMillis()) {
            return null;
        }
        if (refused != null) {
            refused.inc();
        }
        return "event_time "
                + eventTime
                + " is "
                + readable(aheadMillis)
                + " ahead of the clock (max-clock-skew "
                + readable(maxSkew.toMillis())
                + ")";
    }

    /** Whether an event at {@code eventTimeMillis} is accepted; counts nothing. */
    public boolean accepts(long eventTimeMillis) {
        return eventTimeMillis - clock.millis() <= maxSkew.toMillis();
    }

    /** {@code 26662 d 3 h 12 min 5 s}: largest units first, zero units left out. */
    static String readable(long millis) {
        if (millis < 60_000 && millis % 1000 != 0) {
            return millis + " ms";
        }
        long s = millis / 1000;
        StringBuilder sb = new StringBuilder();
        append(sb, s / 86_400, "d");
        append(sb, s / 3_600 % 24, "h");
        append(sb, s / 60 % 60, "min");
        append(sb, s % 60, "s");
        return sb.length() == 0 ? "0 s" : sb.toString();
    }

    private static void append(StringBuilder sb, long value, String unit) {
        if (value > 0) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(value).append(' ').append(unit);
        }
    }
}
