package io.debitwatch.app;

import static io.debitwatch.job.DebitwatchOptions.CALLBACK_HORIZON;
import static io.debitwatch.job.DebitwatchOptions.REFUND_MISSING_TERMINAL;
import static io.debitwatch.job.DebitwatchOptions.SETTLE_WINDOW;

import io.debitwatch.core.detect.DetectorConfig;
import io.debitwatch.core.model.Provider;
import java.time.Duration;
import java.util.Locale;

/**
 * The detector's options on the command line, derived from the job's ({@link JobOptionArgs}): the
 * settle window, repeatable as PROVIDER=DURATION for one provider, the callback horizon and whether
 * a debit without a terminal record is refunded.
 */
final class DetectorOptions {

    private DetectorOptions() {}

    /** Adds the detector's options to a command's job options. */
    static JobOptionArgs addTo(JobOptionArgs args) {
        return args.repeatable(
                        SETTLE_WINDOW,
                        "[PROVIDER=]DURATION",
                        "Settle deadline after an order's first event (default: "
                                + SETTLE_WINDOW.defaultValue().toSeconds()
                                + "s). Repeat with PROVIDER=DURATION for one provider, e.g."
                                + " WECHAT=45s.")
                .add(
                        CALLBACK_HORIZON,
                        Duration.class,
                        "DURATION",
                        "How long after the deadline an order stays open (default:"
                                + " ${DEFAULT-VALUE}).")
                .add(
                        REFUND_MISSING_TERMINAL,
                        Boolean.class,
                        null,
                        "Refund debits with no terminal record at all instead of reviewing them.");
    }

    /** The detection rules' parameters given on the command line. */
    static DetectorConfig toConfig(JobOptionArgs args) {
        DetectorConfig.Builder b =
                DetectorConfig.builder()
                        .settleWindow(SETTLE_WINDOW.defaultValue())
                        .callbackHorizon(args.get(CALLBACK_HORIZON))
                        .refundMissingTerminal(args.get(REFUND_MISSING_TERMINAL));
        for (String s : args.list(SETTLE_WINDOW)) {
            // WECHAT=45s, or WECHAT:45s as `run` writes its per-provider windows.
            int eq = s.indexOf('=') >= 0 ? s.indexOf('=') : s.indexOf(':');
            if (eq < 0) {
                b.settleWindow(Durations.parse(s));
            } else {
                Provider p = Provider.valueOf(s.substring(0, eq).trim().toUpperCase(Locale.ROOT));
                b.settleWindow(p, Durations.parse(s.substring(eq + 1)));
            }
        }
        return b.build();
    }
}
