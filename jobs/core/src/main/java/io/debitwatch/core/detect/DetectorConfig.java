package io.debitwatch.core.detect;

import io.debitwatch.core.model.Provider;
import java.io.Serializable;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The detector's parameters: the settle window (per provider, with a default), the callback
 * horizon, and whether a debit without any terminal record is refunded or only reviewed.
 */
public final class DetectorConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final Duration DEFAULT_SETTLE_WINDOW = Duration.ofSeconds(60);
    public static final Duration DEFAULT_CALLBACK_HORIZON = Duration.ofHours(25);

    private final long[] settleMillis = new long[Provider.values().length];
    private final long horizonMillis;
    private final boolean refundMissingTerminal;

    private DetectorConfig(
            Duration settleWindow,
            Map<Provider, Duration> perProvider,
            Duration callbackHorizon,
            boolean refundMissingTerminal) {
        requireNonNegative("settle window", settleWindow);
        requireNonNegative("callback horizon", callbackHorizon);
        for (Provider p : Provider.values()) {
            Duration d = perProvider.getOrDefault(p, settleWindow);
            requireNonNegative("settle window of " + p, d);
            settleMillis[p.ordinal()] = d.toMillis();
        }
        this.horizonMillis = callbackHorizon.toMillis();
        this.refundMissingTerminal = refundMissingTerminal;
    }

    public static DetectorConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public long settleMillis(Provider provider) {
        return settleMillis[provider.ordinal()];
    }

    public long horizonMillis() {
        return horizonMillis;
    }

    public boolean refundMissingTerminal() {
        return refundMissingTerminal;
    }

    /** D for an order of {@code provider} whose first event is at {@code t0}. */
    public long deadline(Provider provider, long t0) {
        return t0 + settleMillis(provider);
    }

    /** H for an order of {@code provider} whose first event is at {@code t0}. */
    public long horizon(Provider provider, long t0) {
        return deadline(provider, t0) + horizonMillis;
    }

    private static void requireNonNegative(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative: " + d);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("settle-window=");
        for (Provider p : Provider.values()) {
            sb.append(p).append(':').append(Duration.ofMillis(settleMillis(p))).append(' ');
        }
        return sb.append("callback-horizon=")
                .append(Duration.ofMillis(horizonMillis))
                .append(" refund-missing-terminal=")
                .append(refundMissingTerminal)
                .toString();
    }

    /**
     * Builds a config.
     *
     * <pre>{@code
     * DetectorConfig c = DetectorConfig.builder()
     *         .settleWindow(Duration.ofSeconds(60))
     *         .settleWindow(Provider.WECHAT, Duration.ofSeconds(45))
     *         .callbackHorizon(Duration.ofHours(25))
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private Duration settleWindow = DEFAULT_SETTLE_WINDOW;
        private final Map<Provider, Duration> perProvider = new EnumMap<>(Provider.class);
        private Duration callbackHorizon = DEFAULT_CALLBACK_HORIZON;
        private boolean refundMissingTerminal;

        private Builder() {}

        public Builder settleWindow(Duration window) {
            this.settleWindow = window;
            return this;
        }

        public Builder settleWindow(Provider provider, Duration window) {
            perProvider.put(provider, window);
            return this;
        }

        public Builder callbackHorizon(Duration horizon) {
            this.callbackHorizon = horizon;
            return this;
        }

        public Builder refundMissingTerminal(boolean on) {
            this.refundMissingTerminal = on;
            return this;
        }

        public DetectorConfig build() {
            return new DetectorConfig(
                    settleWindow, perProvider, callbackHorizon, refundMissingTerminal);
        }
    }
}
