package io.debitwatch.sim;

import io.debitwatch.core.detect.DetectorConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the simulator generates: relative rates of the story kinds, when traffic starts and how
 * dense it is, how many merchants, and the detector parameters the ground truth is computed for.
 *
 * @param weights relative rate of each story kind (missing kinds never occur)
 * @param start event time of the first order
 * @param meanGap mean time between two orders' starts (exponentially distributed)
 * @param merchants merchants per provider
 * @param maxTerminalsPerMerchant terminals of the largest merchant
 * @param settleWindow the detector's settle window (both providers)
 * @param callbackHorizon the detector's callback horizon
 * @param refundMissingTerminal whether the detector refunds a debit without terminal records
 */
public record SimulatorConfig(
        Map<StoryKind, Double> weights,
        Instant start,
        Duration meanGap,
        int merchants,
        int maxTerminalsPerMerchant,
        Duration settleWindow,
        Duration callbackHorizon,
        boolean refundMissingTerminal) {

    public SimulatorConfig {
        Objects.requireNonNull(start, "start");
        EnumMap<StoryKind, Double> w = new EnumMap<>(StoryKind.class);
        w.putAll(weights);
        double total = 0;
        for (double v : w.values()) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("story weights must be finite and >= 0: " + w);
            }
            total += v;
        }
        if (total <= 0) {
            throw new IllegalArgumentException("at least one story weight must be positive");
        }
        weights = Map.copyOf(w);
        if (meanGap.isNegative() || meanGap.isZero()) {
            throw new IllegalArgumentException("meanGap must be positive: " + meanGap);
        }
        if (merchants < 1 || maxTerminalsPerMerchant < 1) {
            throw new IllegalArgumentException("need at least one merchant and one terminal");
        }
        // Stories place their pre-deadline events at fractions of the window, and a provider
        // clock runs up to 5 s ahead: below 20 s the story timings would no longer hold.
        if (settleWindow.compareTo(Duration.ofSeconds(20)) < 0) {
            throw new IllegalArgumentException(
                    "settleWindow must be at least 20s: " + settleWindow);
        }
        if (callbackHorizon.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException(
                    "callbackHorizon must be at least 1h: " + callbackHorizon);
        }
    }

    /**
     * Mostly normal sales (about 84 % with coupons and later refunds), each fault at 0.1-2 %: one
     * order every 500 ms of event time, 200 merchants per provider, the detector's defaults.
     */
    public static SimulatorConfig defaults() {
        Map<StoryKind, Double> w = new EnumMap<>(StoryKind.class);
        for (StoryKind k : StoryKind.values()) {
            w.put(k, k.defaultWeight());
        }
        return new SimulatorConfig(
                w,
                Instant.parse("2026-11-25T01:00:00Z"),
                Duration.ofMillis(500),
                200,
                8,
                DetectorConfig.DEFAULT_SETTLE_WINDOW,
                DetectorConfig.DEFAULT_CALLBACK_HORIZON,
                false);
    }

    public SimulatorConfig withWeight(StoryKind kind, double weight) {
        Copy c = new Copy(this);
        c.weights.put(kind, weight);
        return c.build();
    }

    /** Only the kinds of {@code mix}, at its weights: a traffic mix of its own. */
    public SimulatorConfig withMix(Map<StoryKind, Double> mix) {
        Copy c = new Copy(this);
        c.weights.clear();
        c.weights.putAll(mix);
        return c.build();
    }

    public SimulatorConfig withStart(Instant newStart, Duration newMeanGap) {
        Copy c = new Copy(this);
        c.start = newStart;
        c.meanGap = newMeanGap;
        return c.build();
    }

    public SimulatorConfig withDetector(
            Duration newSettleWindow, Duration newCallbackHorizon, boolean newRefundMissing) {
        Copy c = new Copy(this);
        c.settleWindow = newSettleWindow;
        c.callbackHorizon = newCallbackHorizon;
        c.refundMissingTerminal = newRefundMissing;
        return c.build();
    }

    /** A config's components, to change some and build the new config. */
    private static final class Copy {
        final Map<StoryKind, Double> weights;
        Instant start;
        Duration meanGap;
        final int merchants;
        final int maxTerminalsPerMerchant;
        Duration settleWindow;
        Duration callbackHorizon;
        boolean refundMissingTerminal;

        Copy(SimulatorConfig c) {
            weights = new EnumMap<>(c.weights);
            start = c.start;
            meanGap = c.meanGap;
            merchants = c.merchants;
            maxTerminalsPerMerchant = c.maxTerminalsPerMerchant;
            settleWindow = c.settleWindow;
            callbackHorizon = c.callbackHorizon;
            refundMissingTerminal = c.refundMissingTerminal;
        }

        SimulatorConfig build() {
            return new SimulatorConfig(
                    weights,
                    start,
                    meanGap,
                    merchants,
                    maxTerminalsPerMerchant,
                    settleWindow,
                    callbackHorizon,
                    refundMissingTerminal);
        }
    }

    /** The detector configuration this ground truth is valid for. */
    public DetectorConfig detectorConfig() {
        return DetectorConfig.builder()
                .settleWindow(settleWindow)
                .callbackHorizon(callbackHorizon)
                .refundMissingTerminal(refundMissingTerminal)
                .build();
    }
}
