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
        return source(
                env,
                terminalFile,
                terminalLatenessMillis,
                new NdjsonEventFormat<>(
                        terminalFile.getFileName().toString(),
                        EventParser::parseTerminal,
                        TerminalEvent.class),
                e -> e.eventTime().toEpochMilli(),
                Uids.TERMINAL_SOURCE,
                "Terminal events: ");
    }

    @Override
    public DataStream<Either<DeadLetter, ProviderEvent>> providerEvents(
            StreamExecutionEnvironment env) {
        return source(
                env,
                providerFile,
                providerLatenessMillis,
                new NdjsonEventFormat<>(
                        providerFile.getFileName().toString(),
                        EventParser::parseProvider,
                        ProviderEvent.class),
                e -> e.eventTime().toEpochMilli(),
                Uids.PROVIDER_SOURCE,
                "Provider events: ");
    }

    /** Event time of an event, in epoch millis. */
    private interface EventTime<T> extends java.io.Serializable {
        long of(T event);
    }

    /**
     * One file, read by one reader, with a watermark bound equal to the file's own measured
     * lateness: no event is ever behind the watermark. Dead letters carry no time of their own.
     */
    private static <T> DataStream<Either<DeadLetter, T>> source(
            StreamExecutionEnvironment env,
            Path file,
            long latenessMillis,
            NdjsonEventFormat<T> format,
            EventTime<T> eventTime,
            String uid,
            String label) {
        WatermarkStrategy<Either<DeadLetter, T>> watermarks =
                WatermarkStrategy.<Either<DeadLetter, T>>forBoundedOutOfOrderness(
                                Duration.ofMillis(latenessMillis))
                        .withTimestampAssigner(
                                (e, ts) -> e.isRight() ? eventTime.of(e.right()) : Long.MIN_VALUE);
        return env.fromSource(
                        FileSource.forRecordStreamFormat(
                                        format, new org.apache.flink.core.fs.Path(file.toUri()))
                                .build(),
                        watermarks,
                        label + file.getFileName())
                .uid(uid)
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
