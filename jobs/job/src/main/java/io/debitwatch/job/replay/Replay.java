package io.debitwatch.job.replay;

import io.debitwatch.core.detect.DetectorConfig;
import io.debitwatch.core.json.EventParser;
import io.debitwatch.core.json.Parsed;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.NoticeKind;
import io.debitwatch.job.OrderDetector;
import io.debitwatch.job.Topology;
import io.debitwatch.job.TopologySettings;
import io.debitwatch.job.adapt.RawFormat;
import io.debitwatch.job.adapt.RecordAdapter;
import io.debitwatch.job.adapt.StatementParser;
import io.debitwatch.job.io.ClockSkew;
import io.debitwatch.job.io.NdjsonFileSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A bounded run of the debitwatch job over NDJSON files (SPEC §6 {@code replay}): terminal events,
 * and provider facts as normalised provider events and/or raw WeChat Pay and Alipay notifications.
 * It scans the inputs first to set exact watermark bounds (and to find the latest accepted event
 * time, the default as-of time: {@link AsOf}), runs the job, and summarises the outputs.
 */
public final class Replay {

    private Replay() {}

    /**
     * What a replay reads: terminal events, and the provider side as normalised provider events
     * ({@code providerEvents}, or null), as files of raw provider records ({@code raw}: several of
     * one format are fine, e.g. one statement per merchant, but not one file twice), or both.
     */
    public record Inputs(Path terminalEvents, Path providerEvents, List<RawInput> raw) {

        public Inputs {
            Objects.requireNonNull(terminalEvents, "terminalEvents");
            raw = List.copyOf(raw);
            if (providerEvents == null && raw.isEmpty()) {
                throw new IllegalArgumentException(
                        "no provider input: give provider events, WeChat Pay or Alipay"
                                + " notifications, or a statement file");
            }
            Set<String> files = new HashSet<>();
            for (RawInput r : raw) {
                if (!files.add(r.format() + " " + r.file().toAbsolutePath().normalize())) {
                    throw new IllegalArgumentException(
                            r.format().label() + " " + r.file() + " is given twice");
                }
            }
        }

        /** Terminal and normalised provider events only. */
        public static Inputs of(Path terminalEvents, Path providerEvents) {
            return new Inputs(terminalEvents, providerEvents, List.of());
        }
    }

    /**
     * A file of raw provider records: received notifications, one per line, with their {@code
     * adapter}; or a statement file, read whole by its {@code statement} parser. Exactly one of the
     * two is set.
     */
    public record RawInput(
            RawFormat format, Path file, RecordAdapter adapter, StatementParser statement) {

        public RawInput {
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(file, "file");
            if ((adapter == null) == (statement == null)) {
                throw new IllegalArgumentException("a raw input has an adapter or a parser");
            }
        }

        /** Notifications, one per line. */
        public RawInput(RawFormat format, Path file, RecordAdapter adapter) {
            this(format, file, Objects.requireNonNull(adapter, "adapter"), null);
        }

        /** A statement file. */
        public static RawInput statement(RawFormat format, Path file, StatementParser parser) {
            return new RawInput(format, file, null, Objects.requireNonNull(parser, "parser"));
        }
    }

    /**
     * The records read from one raw input: its format, its 1-based number among the inputs of that
     * format, and its file name.
     */
    public record RawCount(RawFormat format, int ordinal, String name, long records) {}

    /**
     * What a replay read and wrote. {@code rawRecords} holds the records read per raw format, in
     * the order of {@link RawFormat} (the sum over the files of a format), {@code rawInputs} the
     * same per file, in the order given; {@code providerNotices} counts the notifications of
     * provider notices among {@code notifications}. {@code lateEvents} counts events that reached
     * the detector behind the watermark: zero, unless the input scan misjudged a file's order.
     */
    public record Summary(
            long terminalRecords,
            long providerRecords,
            Map<RawFormat, Long> rawRecords,
            List<RawCount> rawInputs,
            long deadLetters,
            Map<AlertType, Long> alertsByType,
            long refundRequests,
            long notifications,
            long earlyWarnings,
            long providerNotices,
            long maxLatenessMillis,
            long lateEvents,
            long openOrders,
            long asOfMillis,
            Duration elapsed) {

        public long recordsRead() {
            long raw = rawRecords.values().stream().mapToLong(Long::longValue).sum();
            return terminalRecords + providerRecords + raw;
        }

        public long alerts() {
            return alertsByType.values().stream().mapToLong(Long::longValue).sum();
        }

        public double eventsPerSecond() {
            double seconds = Math.max(elapsed.toNanos(), 1) / 1e9;
            return recordsRead() / seconds;
        }
    }

    /**
     * Runs a replay of terminal and normalised provider events. {@code flinkConf} configures the
     * execution environment (state backend, parallelism, bind addresses); under a test MiniCluster
     * the cluster's environment is used.
     */
    public static Summary run(
            Path terminalFile,
            Path providerFile,
            Path outDir,
            DetectorConfig config,
            AsOf asOf,
            Configuration flinkConf)
            throws Exception {
        return run(Inputs.of(terminalFile, providerFile), outDir, config, asOf, flinkConf);
    }

    /**
     * Runs a replay of {@code inputs}. Raw files are adapted twice: once by the scan, which needs
     * the adapted events' times to set each file's exact watermark bound, and once by the job's
     * source.
     */
    public static Summary run(
            Inputs inputs, Path outDir, DetectorConfig config, AsOf asOf, Configuration flinkConf)
            throws Exception {
        return run(inputs, outDir, config, asOf, ClockSkew.defaults(), flinkConf);
    }

    /**
     * As {@link #run(Inputs, Path, DetectorConfig, AsOf, Configuration)}; records dated more than
     * {@code clockSkew} ahead of the clock are dead letters, in the scan and the job alike (SPEC
     * §4a.5).
     */
    public static Summary run(
            Inputs inputs,
            Path outDir,
            DetectorConfig config,
            AsOf asOf,
            ClockSkew clockSkew,
            Configuration flinkConf)
            throws Exception {
        requireFile(inputs.terminalEvents());
        if (inputs.providerEvents() != null) {
            requireFile(inputs.providerEvents());
        }
        for (RawInput raw : inputs.raw()) {
            requireFile(raw.file());
        }
        long start = System.nanoTime();
        Scans scans = scanAll(inputs, clockSkew, asOf.isLatest());
        Files.createDirectories(outDir);
        long asOfMillis = asOf.millis(scans.latest());

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(flinkConf);
        Topology.build(
                env,
                new ReplayIO(
                        inputs.terminalEvents(),
                        scans.terminal().maxLatenessMillis(),
                        inputs.providerEvents(),
                        scans.provider().maxLatenessMillis(),
                        scans.rawSources(),
                        outDir,
                        clockSkew),
                TopologySettings.replay(config, asOfMillis));
        JobExecutionResult result = env.execute("debitwatch replay");
        return summary(result, scans, asOfMillis, Duration.ofNanos(System.nanoTime() - start));
    }

    /** What the scans of every input found, and the raw sources they bound. */
    private record Scans(
            InputScan terminal,
            InputScan provider,
            Map<RawFormat, Long> rawRecords,
            List<RawCount> rawInputs,
            List<ReplayIO.RawSource> rawSources,
            long maxLatenessMillis,
            long latest) {}

    /**
     * Scans every input, in parallel. With {@code exact} (the default as-of time: the latest
     * accepted event time) the scans parse in full.
     */
    private static Scans scanAll(Inputs inputs, ClockSkew clockSkew, boolean exact)
            throws Exception {
        CompletableFuture<InputScan> providerScan =
                inputs.providerEvents() == null
                        ? CompletableFuture.completedFuture(new InputScan(0, 0))
                        : CompletableFuture.supplyAsync(
                                () ->
                                        scan(
                                                inputs.providerEvents(),
                                                clockSkew,
                                                exact ? EventParser::parseProvider : null));
        List<CompletableFuture<InputScan>> rawScans = new ArrayList<>();
        for (RawInput raw : inputs.raw()) {
            rawScans.add(CompletableFuture.supplyAsync(() -> scan(raw, clockSkew)));
        }
        InputScan terminalScan =
                scan(inputs.terminalEvents(), clockSkew, exact ? EventParser::parseTerminal : null);
        InputScan provider = join(providerScan);
        long maxLateness = Math.max(terminalScan.maxLatenessMillis(), provider.maxLatenessMillis());
        long latest = Math.max(terminalScan.latestMillis(), provider.latestMillis());
        Map<RawFormat, Long> rawRecords = new EnumMap<>(RawFormat.class);
        List<RawCount> rawInputs = new ArrayList<>();
        List<ReplayIO.RawSource> rawSources = new ArrayList<>();
        Map<RawFormat, Integer> ordinals = new EnumMap<>(RawFormat.class);
        for (int i = 0; i < rawScans.size(); i++) {
            RawInput raw = inputs.raw().get(i);
            InputScan scan = join(rawScans.get(i));
            int ordinal = ordinals.merge(raw.format(), 1, Integer::sum);
            rawRecords.merge(raw.format(), scan.records(), Long::sum);
            rawInputs.add(
                    new RawCount(
                            raw.format(),
                            ordinal,
                            raw.file().getFileName().toString(),
                            scan.records()));
            maxLateness = Math.max(maxLateness, scan.maxLatenessMillis());
            latest = Math.max(latest, scan.latestMillis());
            rawSources.add(
                    new ReplayIO.RawSource(
                            raw.format(),
                            ordinal,
                            raw.file(),
                            raw.adapter(),
                            raw.statement(),
                            scan.maxLatenessMillis()));
        }
        return new Scans(
                terminalScan, provider, rawRecords, rawInputs, rawSources, maxLateness, latest);
    }

    /** The summary, from the scans and the counts of the job's sinks (not from its files). */
    private static Summary summary(
            JobExecutionResult result, Scans scans, long asOfMillis, Duration elapsed) {
        Long late = result.getAccumulatorResult(OrderDetector.LATE_EVENTS_ACCUMULATOR);
        Counts written = new Counts(result);
        Map<AlertType, Long> byType = new EnumMap<>(AlertType.class);
        for (AlertType t : AlertType.values()) {
            byType.put(t, written.of(ReplayIO.ALERTS_FILE, t.name()));
        }
        long notices = 0;
        for (NoticeKind kind : NoticeKind.values()) {
            notices += written.of(ReplayIO.NOTIFICATIONS_FILE, kind.name());
        }
        return new Summary(
                scans.terminal().records(),
                scans.provider().records(),
                scans.rawRecords(),
                scans.rawInputs(),
                written.of(ReplayIO.DEAD_LETTERS_FILE),
                byType,
                written.of(ReplayIO.REFUNDS_FILE),
                written.of(ReplayIO.NOTIFICATIONS_FILE),
                written.of(ReplayIO.NOTIFICATIONS_FILE, "EARLY_WARNING"),
                notices,
                scans.maxLatenessMillis(),
                late == null ? 0 : late,
                written.of(ReplayIO.OPEN_ORDERS_FILE),
                asOfMillis,
                elapsed);
    }

    /** What the sinks counted ({@link NdjsonFileSink}); zero for what none wrote. */
    private record Counts(JobExecutionResult result) {
        long of(String file) {
            return value(NdjsonFileSink.countName(file));
        }

        long of(String file, String kind) {
            return value(NdjsonFileSink.countName(file, kind));
        }

        private long value(String name) {
            Long v = result.getAccumulatorResult(name);
            return v == null ? 0 : v;
        }
    }

    private static InputScan join(CompletableFuture<InputScan> scan) throws Exception {
        try {
            return scan.join();
        } catch (CompletionException e) {
            throw (Exception) e.getCause();
        }
    }

    private static InputScan scan(RawInput raw, ClockSkew clockSkew) {
        try {
            return raw.statement() != null
                    ? InputScan.ofStatement(raw.file(), raw.statement(), clockSkew)
                    : InputScan.ofAdapted(
                            raw.file(), raw.adapter(), raw.format().maxRecordChars(), clockSkew);
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }

    private static InputScan scan(
            Path file, ClockSkew clockSkew, Function<String, Parsed<?>> parser) {
        try {
            return InputScan.of(file, clockSkew, parser);
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }

    private static void requireFile(Path file) throws NoSuchFileException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such input file");
        }
    }
}
