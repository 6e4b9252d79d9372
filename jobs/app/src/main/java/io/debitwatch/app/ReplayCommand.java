package io.debitwatch.app;

import static io.debitwatch.job.DebitwatchOptions.MAX_CLOCK_SKEW;

import io.debitwatch.core.detect.DetectorConfig;
import io.debitwatch.job.adapt.PayerIdSecret;
import io.debitwatch.job.adapt.ProviderKeys;
import io.debitwatch.job.io.ClockSkew;
import io.debitwatch.job.replay.AsOf;
import io.debitwatch.job.replay.Replay;
import io.debitwatch.job.replay.ReplayIO;
import io.debitwatch.job.report.MerchantDay;
import io.debitwatch.job.report.Reconciliation;
import io.debitwatch.job.report.ReconciliationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code debitwatch replay}: the job, bounded, over NDJSON files. The input files and their keys
 * are {@link ReplayInputOptions}; the summary printed at the end is {@link ReplayReport}.
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        modelTransformer = JobOptionArgs.Attach.class,
        description =
                "Run the detector over NDJSON files (terminal events; provider events and/or raw"
                        + " WeChat Pay and Alipay notifications) and write alerts.ndjson,"
                        + " refund-requests.ndjson, notifications.ndjson and dead-letters.ndjson.")
final class ReplayCommand implements Callable<Integer>, JobOptionArgs.Owner {

    @Mixin ReplayInputOptions inputOptions = new ReplayInputOptions();

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Output folder (created if missing; the four files are overwritten).")
    Path out;

    @Option(
            names = "--as-of",
            paramLabel = "TIME|horizon",
            description =
                    "Decide only decision points up to this event time (ISO-8601 with offset);"
                            + " orders cut by it go to open-orders.ndjson, for the next replay to"
                            + " decide. Default: the latest event time among the accepted records,"
                            + " so that a day's input replayed alone never refunds an order whose"
                            + " result is in the next day's input. 'horizon' decides every point"
                            + " up to every order's horizon (complete inputs, benchmarks, tests).")
    String asOf = "latest";

    @Option(
            names = "--report",
            paramLabel = "DIR",
            description =
                    "Also write the reconciliation report into DIR: reconciliation.csv (one line"
                            + " per provider, merchant and China day: the bills' stated totals,"
                            + " their rows, what the other provider inputs showed, the differences"
                            + " and the alerts by type) and one HTML page per merchant-day.")
    Path report;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            description = "Parallelism of the detector (default: ${DEFAULT-VALUE}).")
    int parallelism = 2;

    /** The detector's options and the clock-skew bound, derived from the job's. */
    private final JobOptionArgs jobOptions =
            DetectorOptions.addTo(inputOptions.keys)
                    .add(
                            MAX_CLOCK_SKEW,
                            Duration.class,
                            "DURATION",
                            "A record dated further ahead of the wall clock is a dead letter and"
                                    + " moves no event time (default: ${DEFAULT-VALUE}).");

    @Spec CommandSpec spec;

    @Override
    public JobOptionArgs jobOptionArgs() {
        return jobOptions;
    }

    @Override
    public Integer call() throws Exception {
        Replay.Inputs inputs;
        PayerIdSecret payerIds;
        AsOf until;
        ClockSkew skew;
        try {
            // Everything about inputs and keys is checked before Flink starts.
            until = AsOf.parse(asOf);
            skew = clockSkew();
            payerIds = inputOptions.payerIdSecret(System.getenv(ProviderKeys.PAYER_ID_SECRET_ENV));
            inputs = inputOptions.inputs(payerIds);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("debitwatch replay: " + e.getMessage());
            return 2;
        }
        DetectorConfig detector = DetectorOptions.toConfig(jobOptions);
        Replay.Summary s = run(inputs, out, detector, until, skew, parallelism);
        String payerIdsLine =
                inputs.raw().isEmpty() ? null : ReplayInputOptions.payerIdsLine(payerIds);
        ReplayReport.print(s, out, System.out, payerIdsLine);
        if (report != null) {
            List<MerchantDay> days =
                    Reconciliation.of(inputs, out.resolve(ReplayIO.ALERTS_FILE), skew);
            ReplayReport.printReconciliation(
                    ReconciliationReport.write(days, report), days.size(), System.out);
        }
        return 0;
    }

    private ClockSkew clockSkew() {
        Duration maxClockSkew = jobOptions.get(MAX_CLOCK_SKEW);
        if (maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("--max-clock-skew must not be negative");
        }
        return ClockSkew.of(maxClockSkew);
    }

    /** A replay of two files of normalised events, with the default clock-skew bound. */
    static Replay.Summary run(
            Path terminal,
            Path provider,
            Path out,
            DetectorConfig config,
            AsOf asOf,
            int parallelism)
            throws Exception {
        return run(
                Replay.Inputs.of(terminal, provider),
                out,
                config,
                asOf,
                ClockSkew.defaults(),
                parallelism);
    }

    /** A replay on a local Flink runtime in a temporary work folder. */
    static Replay.Summary run(
            Replay.Inputs inputs,
            Path out,
            DetectorConfig config,
            AsOf asOf,
            ClockSkew clockSkew,
            int parallelism)
            throws Exception {
        Path work = Files.createTempDirectory("debitwatch-replay");
        try {
            return Replay.run(
                    inputs,
                    out,
                    config,
                    asOf,
                    clockSkew,
                    LocalFlink.configuration(parallelism, work));
        } finally {
            WorkDirs.deleteQuietly(work);
        }
    }
}
