package io.debitwatch.job;

import io.debitwatch.core.detect.DetectorConfig;
import io.debitwatch.core.model.Provider;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Every debitwatch option, declared once with its default and description. The README's option
 * table is checked against this class ({@code OptionsDocTest}).
 */
public final class DebitwatchOptions {

    public static final ConfigOption<Duration> SETTLE_WINDOW =
            ConfigOptions.key("debitwatch.settle-window")
                    .durationType()
                    .defaultValue(DetectorConfig.DEFAULT_SETTLE_WINDOW)
                    .withDescription(
                            "Time after an order's first event by which the terminal must reach"
                                    + " its verdict (the settle deadline D).");

    public static final ConfigOption<Duration> SETTLE_WINDOW_WECHAT = perProvider(Provider.WECHAT);
    public static final ConfigOption<Duration> SETTLE_WINDOW_ALIPAY = perProvider(Provider.ALIPAY);
    public static final ConfigOption<Duration> SETTLE_WINDOW_UNIONPAY =
            perProvider(Provider.UNIONPAY);

    public static final ConfigOption<Duration> CALLBACK_HORIZON =
            ConfigOptions.key("debitwatch.callback-horizon")
                    .durationType()
                    .defaultValue(DetectorConfig.DEFAULT_CALLBACK_HORIZON)
                    .withDescription(
                            "How long after D an order stays open for late provider events (the"
                                    + " horizon H = D + this). Longer than the providers' retry"
                                    + " schedules; state is cleared at H.");

    public static final ConfigOption<Boolean> REFUND_MISSING_TERMINAL =
            ConfigOptions.key("debitwatch.refund-missing-terminal")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Refund a debit that has no terminal record at all, instead of"
                                    + " asking for a review.");

    private DebitwatchOptions() {}

    /** All options, in the order the README lists them. */
    public static List<ConfigOption<?>> all() {
        return List.of(
                SETTLE_WINDOW,
                SETTLE_WINDOW_WECHAT,
                SETTLE_WINDOW_ALIPAY,
                SETTLE_WINDOW_UNIONPAY,
                CALLBACK_HORIZON,
                REFUND_MISSING_TERMINAL);
    }

    /** The option for the settle window of {@code provider}. */
    public static ConfigOption<Duration> settleWindow(Provider provider) {
        return switch (provider) {
            case WECHAT -> SETTLE_WINDOW_WECHAT;
            case ALIPAY -> SETTLE_WINDOW_ALIPAY;
            case UNIONPAY -> SETTLE_WINDOW_UNIONPAY;
        };
    }

    public static DetectorConfig detectorConfig(ReadableConfig conf) {
        DetectorConfig.Builder b =
                DetectorConfig.builder()
                        .settleWindow(conf.get(SETTLE_WINDOW))
                        .callbackHorizon(conf.get(CALLBACK_HORIZON))
                        .refundMissingTerminal(conf.get(REFUND_MISSING_TERMINAL));
        for (Provider p : Provider.values()) {
            conf.getOptional(settleWindow(p)).ifPresent(d -> b.settleWindow(p, d));
        }
        return b.build();
    }

    private static ConfigOption<Duration> perProvider(Provider provider) {
        return ConfigOptions.key(
                        "debitwatch.settle-window." + provider.name().toLowerCase(Locale.ROOT))
                .durationType()
                .noDefaultValue()
                .withDescription(
                        "Settle window for "
                                + provider
                                + " orders; debitwatch.settle-window when unset.");
    }
}
