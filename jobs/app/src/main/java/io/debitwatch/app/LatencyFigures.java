package io.debitwatch.app;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/** Traffic shaping and the printed figures of {@code bench-latency}; pure, for unit tests. */
final class LatencyFigures {

    private LatencyFigures() {}

    /**
     * How many orders should have been started {@code elapsedNanos} after the start, for an input
     * of {@code eventsPerSecond} made of orders of {@code eventsPerOrder} events each: orders start
     * evenly spaced, so the rate holds over any window longer than one order's spacing, and a late
     * sender catches up instead of drifting.
     */
    static long ordersDue(long elapsedNanos, double eventsPerSecond, int eventsPerOrder) {
        if (elapsedNanos < 0) {
            return 0;
        }
        double ordersPerNano = eventsPerSecond / eventsPerOrder / 1e9;
        return (long) Math.floor(elapsedNanos * ordersPerNano) + 1;
    }

    /**
     * A latency in microseconds, readable: {@code 850 µs}, {@code 3.25 ms}, {@code 41.7 ms}, {@code
     * 1.84 s}.
     */
    static String micros(long us) {
        if (us < 1_000) {
            return us + " µs";
        }
        if (us < 10_000) {
            return String.format(Locale.ROOT, "%.2f ms", us / 1e3);
        }
        if (us < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f ms", us / 1e3);
        }
        return String.format(Locale.ROOT, "%.2f s", us / 1e6);
    }

    /** {@code n=4,998 p50 3.25 ms p99 12.1 ms max 80.3 ms} of a histogram in microseconds. */
    static String summary(Histogram us) {
        if (us.getTotalCount() == 0) {
            return "n=0 (no samples)";
        }
        return String.format(
                Locale.ROOT,
                "n=%,d  p50 %s  p99 %s  max %s",
                us.getTotalCount(),
                micros(us.getValueAtPercentile(50)),
                micros(us.getValueAtPercentile(99)),
                micros(us.getMaxValue()));
    }
}
