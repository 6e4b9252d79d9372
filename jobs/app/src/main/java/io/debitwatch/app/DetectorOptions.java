package io.debitwatch.app;

import io.debitwatch.core.detect.DetectorConfig;
import io.debitwatch.core.model.Provider;
import io.debitwatch.job.DebitwatchOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The detector's command-line options, shared by the commands that run the job. Their defaults are
 * those of {@link DebitwatchOptions} (the job's options); the syntax is the command line's ({@link
 * Durations}, and PROVIDER=DURATION for one provider).
 */
final class DetectorOptions {

    @Option(
            names = "--settle-window",
            paramLabel = "[PROVIDER=]DURATION",
            description =
                    "Settle deadline after an order's first event (default: 60s). Repeat with"
                            + " PROVIDER=DURATION for one provider, e.g. WECHAT=45s.")
    List<String> settleWindows = new ArrayList<>();

    @Option(
            names = "--callback-horizon",
            paramLabel = "DURATION",
            description = "How long after the deadline an order stays open (default: 25h).")
    Duration callbackHorizon = DebitwatchOptions.CALLBACK_HORIZON.defaultValue();

    @Option(
            names = "--refund-missing-terminal",
            description = "Refund debits with no terminal record at all instead of reviewing them.")
    boolean refundMissingTerminal = DebitwatchOptions.REFUND_MISSING_TERMINAL.defaultValue();

    DetectorConfig toConfig() {
        DetectorConfig.Builder b =
                DetectorConfig.builder()
                        .settleWindow(DebitwatchOptions.SETTLE_WINDOW.defaultValue())
                        .callbackHorizon(callbackHorizon)
                        .refundMissingTerminal(refundMissingTerminal);
        for (String s : settleWindows) {
            // WECHAT=45s, or WECHAT:45s as `run` writes its per-provider windows.
            int eq = s.indexOf('=') >= 0 ? s.indexOf('=') : s.indexOf(':');
            if (eq < 0) {
                b.settleWindow(Durations.parse(s));
            } else {
                Provider p = Provider.valueOf(s.substring(0, eq).trim().toUpperCase(Locale.ROOT));
                Duration d = Durations.parse(s.substring(eq + 1));
                b.settleWindow(p, d);
            }
        }
        return b.build();
    }
}
