package io.debitwatch.app;

import io.debitwatch.core.detect.DetectorConfig;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.job.replay.Replay;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code debitwatch replay}: the job, bounded, over NDJSON files. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description =
                "Run the detector over NDJSON files and write alerts.ndjson,"
                        + " refund-requests.ndjson, notifications.ndjson and dead-letters.ndjson.")
final class ReplayCommand implements Callable<Integer> {

    @Option(
            names = "--terminal-events",
            required = true,
            paramLabel = "FILE",
            description = "NDJSON file of terminal events.")
    Path terminalEvents;

    @Option(
            names = "--provider-events",
            required = true,
            paramLabel = "FILE",
            description = "NDJSON file of provider events.")
    Path providerEvents;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Output folder (created if missing; the four files are overwritten).")
    Path out;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            description = "Parallelism of the detector (default: ${DEFAULT-VALUE}).")
    int parallelism = 2;

    @Mixin DetectorOptions detector = new DetectorOptions();

    @Override
    public Integer call() throws Exception {
        Replay.Summary s =
                run(terminalEvents, providerEvents, out, detector.toConfig(), parallelism);
        print(s, out, System.out);
        return 0;
    }

    static Replay.Summary run(
            Path terminal, Path provider, Path out, DetectorConfig config, int parallelism)
            throws Exception {
        Path work = Files.createTempDirectory("debitwatch-replay");
        try {
            return Replay.run(
                    terminal, provider, out, config, LocalFlink.configuration(parallelism, work));
        } finally {
            WorkDirs.deleteQuietly(work);
        }
    }

    static void print(Replay.Summary s, Path out, PrintStream o) {
        o.printf(Locale.ROOT, "debitwatch replay — %s%n", out);
        o.printf(
                Locale.ROOT,
                "  records read      %,d (terminal %,d, provider %,d)%n",
                s.recordsRead(),
                s.terminalRecords(),
                s.providerRecords());
        o.printf(Locale.ROOT, "  dead letters      %,d%n", s.deadLetters());
        o.printf(Locale.ROOT, "  alerts            %,d%n", s.alerts());
        for (AlertType t : AlertType.values()) {
            o.printf(Locale.ROOT, "    %-19s %,d%n", t, s.alertsByType().get(t));
        }
        o.printf(Locale.ROOT, "  refund requests   %,d%n", s.refundRequests());
        o.printf(
                Locale.ROOT,
                "  notifications     %,d (early warnings %,d)%n",
                s.notifications(),
                s.earlyWarnings());
        o.printf(
                Locale.ROOT,
                "  elapsed           %.2f s, %,.0f events/s (input out of order by up to %s)%n",
                s.elapsed().toMillis() / 1000.0,
                s.eventsPerSecond(),
                Durations.format(java.time.Duration.ofMillis(s.maxLatenessMillis())));
        if (s.lateEvents() > 0) {
            o.printf(
                    Locale.ROOT,
                    "  WARNING: %,d events arrived behind the watermark; their orders may not"
                            + " follow the event-time definitions exactly%n",
                    s.lateEvents());
        }
    }
}
