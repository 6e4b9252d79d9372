package io.debitwatch.app;

import io.debitwatch.core.model.AlertType;
import io.debitwatch.job.replay.Replay;
import io.debitwatch.job.replay.ReplayIO;
import io.debitwatch.job.report.ReconciliationReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The summary {@code replay} and {@code bench} print after a replay. */
final class ReplayReport {

    private ReplayReport() {}

    /**
     * The summary; {@code payerIds}, when not null, says what became of the payer ids of raw
     * notifications.
     */
    static void print(Replay.Summary s, Path out, PrintStream o, String payerIds) {
        o.printf(Locale.ROOT, "debitwatch replay — %s%n", out);
        o.printf(Locale.ROOT, "  records read      %,d (%s)%n", s.recordsRead(), perInput(s));
        if (payerIds != null) {
            o.printf(Locale.ROOT, "  payer ids         %s%n", payerIds);
        }
        o.printf(Locale.ROOT, "  dead letters      %,d%n", s.deadLetters());
        o.printf(Locale.ROOT, "  alerts            %,d%n", s.alerts());
        for (AlertType t : AlertType.values()) {
            o.printf(Locale.ROOT, "    %-19s %,d%n", t, s.alertsByType().get(t));
        }
        o.printf(Locale.ROOT, "  refund requests   %,d%n", s.refundRequests());
        o.printf(
                Locale.ROOT,
                "  open orders       %,d (%s; in %s)%n",
                s.openOrders(),
                asOf(s.asOfMillis()),
                ReplayIO.OPEN_ORDERS_FILE);
        o.printf(
                Locale.ROOT,
                "  notifications     %,d (early warnings %,d%s)%n",
                s.notifications(),
                s.earlyWarnings(),
                s.rawRecords().isEmpty()
                        ? ""
                        : String.format(
                                Locale.ROOT, ", provider notices %,d", s.providerNotices()));
        printTiming(s, o);
    }

    /** Where the reconciliation report went. */
    static void printReconciliation(
            ReconciliationReport.Written written, int merchantDays, PrintStream o) {
        o.printf(
                Locale.ROOT,
                "  report            %,d merchant-days: %s and %,d HTML pages in %s%n",
                merchantDays,
                written.csv().getFileName(),
                written.pages().size(),
                written.csv().getParent());
    }

    /** The records read per input, e.g. {@code terminal 20, provider 14}. */
    private static String perInput(Replay.Summary s) {
        StringBuilder perInput = new StringBuilder();
        perInput.append(String.format(Locale.ROOT, "terminal %,d", s.terminalRecords()));
        if (s.providerRecords() > 0 || s.rawRecords().isEmpty()) {
            perInput.append(String.format(Locale.ROOT, ", provider %,d", s.providerRecords()));
        }
        // One file of a format reads "wechat bill 14"; several name each file.
        List<Replay.RawCount> inputs =
                s.rawInputs().stream()
                        .sorted(Comparator.comparing(Replay.RawCount::format))
                        .toList();
        for (Replay.RawCount c : inputs) {
            boolean several =
                    s.rawInputs().stream().filter(o -> o.format() == c.format()).count() > 1;
            perInput.append(
                    String.format(
                            Locale.ROOT,
                            several ? ", %s %s %,d" : ", %s%s %,d",
                            c.format().label(),
                            several ? c.name() : "",
                            c.records()));
        }
        return perInput.toString();
    }

    /** Up to where the replay decided. */
    private static String asOf(long asOfMillis) {
        if (asOfMillis == Long.MAX_VALUE) {
            return "as of every order's horizon";
        }
        return asOfMillis == Long.MIN_VALUE
                ? "no accepted record: nothing decided"
                : "decided as of " + Instant.ofEpochMilli(asOfMillis);
    }

    private static void printTiming(Replay.Summary s, PrintStream o) {
        o.printf(
                Locale.ROOT,
                "  elapsed           %.2f s, %,.0f events/s (input out of order by up to %s)%n",
                s.elapsed().toMillis() / 1000.0,
                s.eventsPerSecond(),
                Durations.format(Duration.ofMillis(s.maxLatenessMillis())));
        if (s.lateEvents() > 0) {
            o.printf(
                    Locale.ROOT,
                    "  WARNING: %,d events arrived behind the watermark; their orders may not"
                            + " follow the event-time definitions exactly%n",
                    s.lateEvents());
        }
    }
}
