package io.debitwatch.job;

import io.debitwatch.core.detect.DetectorConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link Topology#build} runs the detector: the rules' configuration and an explicit mode.
 * {@link #streaming} sends early warnings on arrival, remembers closed orders for {@code
 * closedRetention} and lets event time follow the wall clock {@code quietClockLag} behind once
 * every input is idle (SPEC §4a rule 10); {@link #replay} decides on the watermark alone, up to its
 * as-of time (SPEC §4a.6).
 */
public record TopologySettings(
        Mode mode,
        DetectorConfig detector,
        Duration closedRetention,
        Duration quietClockLag,
        long asOfMillis) {

    /** Streaming (live inputs, runs until cancelled) or replay (bounded files). */
    public enum Mode {
        STREAMING,
        REPLAY
    }

    public TopologySettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(closedRetention, "closedRetention");
        if ((mode == Mode.STREAMING) != (quietClockLag != null)) {
            throw new IllegalArgumentException("a quiet-clock lag is for streaming, and only it");
        }
    }

    /** Live inputs: decides every point, at the horizon at the latest. */
    public static TopologySettings streaming(
            DetectorConfig detector, Duration closedRetention, Duration quietClockLag) {
        return new TopologySettings(
                Mode.STREAMING,
                detector,
                closedRetention,
                Objects.requireNonNull(quietClockLag, "quietClockLag"),
                OrderDetector.AS_OF_HORIZON);
    }

    /**
     * A bounded replay that decides only up to {@code asOfMillis} ({@link
     * OrderDetector#AS_OF_HORIZON} for every point); needs no closed-order retention, since no
     * event is ever behind its watermark.
     */
    public static TopologySettings replay(DetectorConfig detector, long asOfMillis) {
        return new TopologySettings(Mode.REPLAY, detector, Duration.ZERO, null, asOfMillis);
    }

    /** Early warnings go out on arrival (streaming) rather than on the watermark (replay). */
    public boolean liveEarlyWarning() {
        return mode == Mode.STREAMING;
    }
}
