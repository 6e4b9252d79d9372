package io.debitwatch.job.replay;

import io.debitwatch.core.json.EventParser;
import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.RefundRequest;
import io.debitwatch.core.model.TerminalEvent;
import io.debitwatch.job.JobIO;
import io.debitwatch.job.Uids;
import io.debitwatch.job.io.NdjsonEventFormat;
import io.debitwatch.job.io.NdjsonFileSink;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

/**
 * Replay's sources and sinks: one NDJSON file per input (read by one reader, so its watermark is
 * the file's own) and one NDJSON file per output in the output folder.
 */
public final class ReplayIO implements JobIO {

    public static final String ALERTS_FILE = "alerts.ndjson";
    public static final String REFUNDS_FILE = "refund-requests.ndjson";
    public static final String NOTIFICATIONS_FILE = "notifications.ndjson";
    public static final String DEAD_LETTERS_FILE = "dead-letters.ndjson";

    private final Path terminalFile;
    private final Path providerFile;
    private final Path outDir;
    private final long terminalLatenessMillis;
    private final long providerLatenessMillis;

    public ReplayIO(
            Path terminalFile,
            long terminalLatenessMillis,
            Path providerFile,
            long providerLatenessMillis,
            Path outDir) {
        this.terminalFile = terminalFile;
        this.providerFile = providerFile;
        this.outDir = outDir;
        this.terminalLatenessMillis = terminalLatenessMillis;
        this.providerLatenessMillis = providerLatenessMillis;
    }

    @Override
    public DataStream<Either<DeadLetter, TerminalEvent>> terminalEvents(
            StreamExecutionEnvironment env) {
        NdjsonEventFormat<TerminalEvent> format =
                new NdjsonEventFormat<>(
                        terminalFile.getFileName().toString(),
                        EventParser::parseTerminal,
                        TerminalEvent.class);
        WatermarkStrategy<Either<DeadLetter, TerminalEvent>> watermarks =
                WatermarkStrategy.<Either<DeadLetter, TerminalEvent>>forBoundedOutOfOrderness(
                                Duration.ofMillis(terminalLatenessMillis))
                        .withTimestampAssigner(
                                (e, ts) ->
                                        e.isRight()
                                                ? e.right().eventTime().toEpochMilli()
                                                : Long.MIN_VALUE);
        return env.fromSource(
                        FileSource.forRecordStreamFormat(
                                        format,
                                        new org.apache.flink.core.fs.Path(terminalFile.toUri()))
                                .build(),
                        watermarks,
                        "Terminal events: " + terminalFile.getFileName())
                .uid(Uids.TERMINAL_SOURCE)
                .setParallelism(1);
    }

    @Override
    public DataStream<Either<DeadLetter, ProviderEvent>> providerEvents(
            StreamExecutionEnvironment env) {
        NdjsonEventFormat<ProviderEvent> format =
                new NdjsonEventFormat<>(
                        providerFile.getFileName().toString(),
                        EventParser::parseProvider,
                        ProviderEvent.class);
        WatermarkStrategy<Either<DeadLetter, ProviderEvent>> watermarks =
                WatermarkStrategy.<Either<DeadLetter, ProviderEvent>>forBoundedOutOfOrderness(
                                Duration.ofMillis(providerLatenessMillis))
                        .withTimestampAssigner(
                                (e, ts) ->
                                        e.isRight()
                                                ? e.right().eventTime().toEpochMilli()
                                                : Long.MIN_VALUE);
        return env.fromSource(
                        FileSource.forRecordStreamFormat(
                                        format,
                                        new org.apache.flink.core.fs.Path(providerFile.toUri()))
                                .build(),
                        watermarks,
                        "Provider events: " + providerFile.getFileName())
                .uid(Uids.PROVIDER_SOURCE)
                .setParallelism(1);
    }

    @Override
    public Sink<Alert> alertSink() {
        return new NdjsonFileSink<>(outDir.resolve(ALERTS_FILE));
    }

    @Override
    public Sink<RefundRequest> refundSink() {
        return new NdjsonFileSink<>(outDir.resolve(REFUNDS_FILE));
    }

    @Override
    public Sink<Notification> notificationSink() {
        return new NdjsonFileSink<>(outDir.resolve(NOTIFICATIONS_FILE));
    }

    @Override
    public Sink<DeadLetter> deadLetterSink() {
        return new NdjsonFileSink<>(outDir.resolve(DEAD_LETTERS_FILE));
    }

    @Override
    public int sinkParallelism() {
        return 1;
    }
}
