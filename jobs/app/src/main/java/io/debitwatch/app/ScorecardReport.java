package io.debitwatch.app;

import io.debitwatch.core.model.AlertType;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;
import java.util.function.ToLongFunction;
import org.HdrHistogram.Histogram;

/** The demo's scorecard as printed: the counts of a {@link ScorecardResult} and the latencies. */
final class ScorecardReport {

    private ScorecardReport() {}

    /** Latency histograms (µs) of early warnings and of alerts, live, fast-forward and late. */
    record Latencies(
            Histogram warning,
            long warningUnknown,
            Histogram live,
            Histogram forward,
            Histogram late) {}

    static void print(PrintStream o, ScorecardResult r, Latencies l) {
        printAlerts(o, r);
        printOutputs(o, r);
        printLatencies(o, l);
        if (!r.problems().isEmpty()) {
            o.println();
            o.println("  first problems:");
            r.problems().forEach(p -> o.println("    " + p));
        }
        if (!r.missing().isEmpty()) {
            o.println();
            r.missing().forEach(m -> o.println("    " + m));
        }
    }

    private static void printAlerts(PrintStream o, ScorecardResult r) {
        o.println();
        o.printf(
                Locale.ROOT,
                "  %-22s %9s %9s %9s %11s%n",
                "alerts",
                "expected",
                "detected",
                "missing",
                "unexpected");
        for (AlertType t : AlertType.values()) {
            ScorecardResult.Alerts a = r.alerts().get(t);
            o.printf(
                    Locale.ROOT,
                    "  %-22s %,9d %,9d %,9d %,11d%n",
                    t,
                    a.expected(),
                    a.detected(),
                    a.missing(),
                    a.unexpected());
        }
    }

    private static void printOutputs(PrintStream o, ScorecardResult r) {
        ScorecardResult.Refunds f = r.refunds();
        o.printf(
                Locale.ROOT,
                "  %-22s %,9d   emitted %,d, duplicated %,d, missing %,d, unexpected %,d%s%n",
                "refund requests",
                f.expected(),
                f.emitted(),
                f.duplicated(),
                f.missing(),
                f.unexpected(),
                f.wrongAmount() == 0 ? "" : ", wrong amount " + f.wrongAmount());
        o.printf(Locale.ROOT, "  refunds of successful sales: %,d%n", f.ofSuccessfulSales());
        ScorecardResult.Notes w = r.earlyWarnings();
        o.printf(
                Locale.ROOT,
                "  %-22s %,9d   sent %,d, missing %,d, unexpected %,d (redelivered %,d, allowed:"
                        + " at-least-once)%n",
                "early warnings",
                w.expected(),
                w.sent(),
                w.missing(),
                w.unexpected(),
                w.redelivered());
        ScorecardResult.Notes n = r.notifications();
        o.printf(
                Locale.ROOT,
                "  %-22s %,9d   sent %,d, missing %,d, unexpected %,d (redelivered %,d)%n",
                "notifications, all",
                n.expected(),
                n.sent(),
                n.missing(),
                n.unexpected(),
                n.redelivered());
        printDeadLetters(o, r.deadLetters());
        if (r.console() != null) {
            printStored(o, "console incidents", r.console().incidents());
            printStored(o, "console refund requests", r.console().refundRequests());
            if (!r.console().caughtUp()) {
                o.println(
                        "    the console had not stored the topics up to their end offsets"
                                + " when it was read");
            }
        }
        if (r.alertDuplicates() > 0) {
            o.printf(Locale.ROOT, "  alerts delivered twice: %,d%n", r.alertDuplicates());
        }
        if (r.deadLetters().unexpected() > 0) {
            r.deadLetters()
                    .notSentMalformed()
                    .forEach(
                            at ->
                                    o.println(
                                            "    dead letter for a record not sent malformed: "
                                                    + at));
            r.deadLetters()
                    .malformedWithout()
                    .forEach(
                            at -> o.println("    malformed record without its dead letter: " + at));
        }
    }

    private static void printStored(PrintStream o, String what, ScorecardResult.Stored s) {
        o.printf(
                Locale.ROOT,
                "  %-24s expected %,d   stored %,d   missing %,d   unexpected %,d%n",
                what,
                s.expected(),
                s.stored(),
                s.missing(),
                s.unexpected());
    }

    private static void printDeadLetters(PrintStream o, ScorecardResult.DeadLetters d) {
        o.printf(
                Locale.ROOT,
                "  %-22s %,9d   received %,d%s%n",
                "dead letters",
                d.expected(),
                d.received(),
                !d.positionsKnown()
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                ", each for a record sent malformed: %s (unexpected %,d)",
                                d.unexpected() == 0 ? "yes" : "NO",
                                d.unexpected()));
    }

    private static void printLatencies(PrintStream o, Latencies l) {
        o.println();
        o.printf(Locale.ROOT, "  latency%n");
        o.printf(
                Locale.ROOT,
                "    early warning         %s%s%n",
                LatencyFigures.summary(l.warning()),
                l.warningUnknown() == 0
                        ? ""
                        : " (" + l.warningUnknown() + " without a deciding record)");
        o.printf(Locale.ROOT, "    alerts, live          %s%n", LatencyFigures.summary(l.live()));
        o.printf(
                Locale.ROOT, "    alerts, fast-forward  %s%n", LatencyFigures.summary(l.forward()));
        if (l.late().getTotalCount() > 0) {
            o.printf(
                    Locale.ROOT,
                    "    alerts, late facts    %s%n",
                    LatencyFigures.summary(l.late()));
        }
    }

    /** See {@link Scorecard#print} for what the functions map. */
    static Latencies latencies(
            List<Scorecard.AlertReceived> alerts,
            Map<String, Long> warningsReceived,
            LongUnaryOperator possibleAt,
            ToLongFunction<String> earlyWarningFrom,
            ToLongFunction<String> lateFrom,
            long liveUntilMillis) {
        Histogram warning = histogram();
        long warningUnknown = 0;
        for (Map.Entry<String, Long> e : warningsReceived.entrySet()) {
            long from = earlyWarningFrom.applyAsLong(e.getKey());
            if (from == 0) {
                warningUnknown++;
            } else {
                record(warning, (e.getValue() - from) / 1_000);
            }
        }
        Latencies l = new Latencies(warning, warningUnknown, histogram(), histogram(), histogram());
        for (Scorecard.AlertReceived x : alerts) {
            long from = possibleAt.applyAsLong(x.decidedMillis());
            if (x.lateFacts()) {
                long lateAck = lateFrom.applyAsLong(x.orderKey());
                from = lateAck == 0 ? 0 : Math.max(from, lateAck);
            }
            if (from == 0) {
                continue;
            }
            Histogram h =
                    x.lateFacts()
                            ? l.late()
                            : x.decidedMillis() <= liveUntilMillis ? l.live() : l.forward();
            record(h, (x.nanos() - from) / 1_000);
        }
        return l;
    }

    private static Histogram histogram() {
        return new Histogram(TimeUnit.HOURS.toMicros(1), 3);
    }

    private static void record(Histogram h, long micros) {
        h.recordValue(Math.min(Math.max(0, micros), h.getHighestTrackableValue()));
    }
}
