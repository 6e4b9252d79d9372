package io.debitwatch.job.replay;

import io.debitwatch.core.json.IsoTime;
import java.time.Instant;
import java.util.Objects;

/**
 * Up to which event time a replay decides (SPEC §4a.6): a replay decides only what its input can
 * know. By default that is the latest event time among the records it accepts; {@code --as-of TIME}
 * sets it; {@code --as-of horizon} decides every point up to every order's horizon, for complete
 * inputs, benchmarks and tests. Orders cut by it are written to {@code open-orders.ndjson}.
 *
 * <pre>{@code
 * AsOf.parse("2026-11-25T23:59:59+08:00"); AsOf.parse("horizon"); AsOf.latest();
 * }</pre>
 */
public final class AsOf {

    /** The word of {@code --as-of} that decides every point. */
    public static final String HORIZON_WORD = "horizon";

    private static final AsOf LATEST = new AsOf(null, false);
    private static final AsOf HORIZON = new AsOf(null, true);

    private final Instant time;
    private final boolean horizon;

    private AsOf(Instant time, boolean horizon) {
        this.time = time;
        this.horizon = horizon;
    }

    /** The latest event time among the accepted records (the default). */
    public static AsOf latest() {
        return LATEST;
    }

    /** Every decision point up to every order's horizon. */
    public static AsOf horizon() {
        return HORIZON;
    }

    public static AsOf at(Instant time) {
        return new AsOf(Objects.requireNonNull(time, "time"), false);
    }

    /** {@code horizon}, {@code latest}, or an ISO-8601 time with offset. */
    public static AsOf parse(String text) {
        String t = text.strip();
        if (t.equalsIgnoreCase(HORIZON_WORD)) {
            return HORIZON;
        }
        if (t.equalsIgnoreCase("latest")) {
            return LATEST;
        }
        Instant parsed = IsoTime.parse(t);
        if (parsed == null) {
            throw new IllegalArgumentException(
                    "--as-of must be 'horizon', 'latest' or an ISO-8601 time with offset, e.g."
                            + " 2026-11-25T23:59:59+08:00; got \""
                            + text
                            + "\"");
        }
        return at(parsed);
    }

    public boolean isLatest() {
        return time == null && !horizon;
    }

    public boolean isHorizon() {
        return horizon;
    }

    /**
     * The as-of time in epoch millis: the given time, {@code latestAccepted} by default, or {@code
     * Long.MAX_VALUE} for the horizon.
     */
    public long millis(long latestAccepted) {
        if (horizon) {
            return Long.MAX_VALUE;
        }
        return time != null ? time.toEpochMilli() : latestAccepted;
    }

    @Override
    public String toString() {
        return horizon ? HORIZON_WORD : time == null ? "latest" : time.toString();
    }
}
