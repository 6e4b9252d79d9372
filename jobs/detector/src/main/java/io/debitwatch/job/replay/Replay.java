package io.debitwatch.job.replay;

import io.debitwatch.core.detect.DetectorConfig;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.job.DebitwatchJob;
import io.debitwatch.job.OrderDetector;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A bounded run of the debitwatch job over NDJSON files (SPEC §6 {@code replay}). It scans the
 * inputs first to set exact watermark bounds, runs the job, and summarises the outputs.
 */
public final class Replay {

    private Replay() {}

    /**
     * What a replay read and wrote. {@code lateEvents} counts events that reached the detector
     * behind the watermark: zero, unless the input scan misjudged a file's order.
     */
    public record Summary(
            long terminalRecords,
            long providerRecords,
            long deadLetters,
            Map<AlertType, Long> alertsByType,
            long refundRequests,
            long notifications,
            long earlyWarnings,
            long maxLatenessMillis,
            long lateEvents,
            Duration elapsed) {

        public long recordsRead() {
            return terminalRecords + providerRecords;
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
     * Runs a replay. {@code flinkConf} configures the execution environment (state backend,
     * parallelism, bind addresses); under a test MiniCluster the cluster's environment is used.
     */
    public static Summary run(
            Path terminalFile,
            Path providerFile,
            Path outDir,
            DetectorConfig config,
            Configuration flinkConf)
            throws Exception {
        requireFile(terminalFile);
        requireFile(providerFile);
        long start = System.nanoTime();
        CompletableFuture<InputScan> providerScan =
                CompletableFuture.supplyAsync(() -> scan(providerFile));
        InputScan terminalScan = scan(terminalFile);
        InputScan provider;
        try {
            provider = providerScan.join();
        } catch (CompletionException e) {
            throw (Exception) e.getCause();
        }
        Files.createDirectories(outDir);

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(flinkConf);
        DebitwatchJob.build(
                env,
                new ReplayIO(
                        terminalFile,
                        terminalScan.maxLatenessMillis(),
                        providerFile,
                        provider.maxLatenessMillis(),
                        outDir),
                config,
                false,
                Duration.ZERO);
        JobExecutionResult result = env.execute("debitwatch replay");
        Long late = result.getAccumulatorResult(OrderDetector.LATE_EVENTS_ACCUMULATOR);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        Map<AlertType, Long> byType = new EnumMap<>(AlertType.class);
        for (AlertType t : AlertType.values()) {
            byType.put(t, 0L);
        }
        try (BufferedReader r =
                Files.newBufferedReader(
                        outDir.resolve(ReplayIO.ALERTS_FILE), StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    byType.merge(Json.read(line, Alert.class).type(), 1L, Long::sum);
                }
            }
        }
        long earlyWarnings;
        try (var lines = Files.lines(outDir.resolve(ReplayIO.NOTIFICATIONS_FILE))) {
            earlyWarnings = lines.filter(l -> l.contains("\"kind\":\"EARLY_WARNING\"")).count();
        }
        return new Summary(
                terminalScan.records(),
                provider.records(),
                countLines(outDir.resolve(ReplayIO.DEAD_LETTERS_FILE)),
                byType,
                countLines(outDir.resolve(ReplayIO.REFUNDS_FILE)),
                countLines(outDir.resolve(ReplayIO.NOTIFICATIONS_FILE)),
                earlyWarnings,
                Math.max(terminalScan.maxLatenessMillis(), provider.maxLatenessMillis()),
                late == null ? 0 : late,
                elapsed);
    }

    private static InputScan scan(Path file) {
        try {
            return InputScan.of(file);
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }

    private static void requireFile(Path file) throws NoSuchFileException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such input file");
        }
    }

    private static long countLines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (var lines = Files.lines(file)) {
            return lines.filter(l -> !l.isBlank()).count();
        }
    }
}
