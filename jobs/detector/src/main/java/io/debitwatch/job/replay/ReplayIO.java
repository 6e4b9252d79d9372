package io.debitwatch.job.replay;

import io.debitwatch.core.json.EventParser;
import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.OpenOrder;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.RefundRequest;
import io.debitwatch.core.model.TerminalEvent;
import io.debitwatch.job.JobIO;
import io.debitwatch.job.Uids;
import io.debitwatch.job.adapt.AdaptedNdjsonFormat;
import io.debitwatch.job.adapt.AdaptedRecord;
import io.debitwatch.job.adapt.AdaptedStatementFormat;
import io.debitwatch.job.adapt.RawFormat;
import io.debitwatch.job.adapt.RecordAdapter;
import io.debitwatch.job.adapt.StatementParser;
import io.debitwatch.job.io.ClockSkew;
import io.debitwatch.job.io.NdjsonEventFormat;
import io.debitwatch.job.io.NdjsonFileSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

/**
 * Replay's sources and sinks: one NDJSON file per input (read by one reader, so its watermark is
 * the file's own) and one NDJSON file per output in the output folder. Inputs are terminal events,
 * normalised provider events (optional) and files of raw provider notifications, adapted in their
 * sources.
 */
public final class ReplayIO implements JobIO {

    public static final String ALERTS_FILE = "alerts.ndjson";
    public static final String REFUNDS_FILE = "refund-requests.ndjson";
    public static final String NOTIFICATIONS_FILE = "notifications.ndjson";
    public static final String DEAD_LETTERS_FILE = "dead-letters.ndjson";
    public static final String OPEN_ORDERS_FILE = "open-orders.ndjson";

    private final Path terminalFile;
    private final Path providerFile;
    private final Path outDir;
    private final long terminalLatenessMillis;
    private final long providerLatenessMillis;
    private final List<RawSource> rawSources;
    private final ClockSkew clockSkew;

    /**
     * A file of raw provider records (one received notification per line), the adapter its lines go
     * through, and the watermark bound its scan measured on the adapted events.
     */
    public record RawSource(
            RawFormat format,
            Path file,
            RecordAdapter adapter,
            StatementParser statement,
            long latenessMillis) {}

    /**
     * @param providerFile normalised provider events, or null when only raw files are replayed
     * @param rawSources files of raw provider records, at most one per format
     * @param clockSkew events dated further ahead of the clock become dead letters (SPEC §4a rule
     *     5); give the input scan the same
     */
    public ReplayIO(
            Path terminalFile,
            long terminalLatenessMillis,
            Path providerFile,
            long providerLatenessMillis,
            List<RawSource> rawSources,
            Path outDir,
            ClockSkew clockSkew) {
        this.clockSkew = clockSkew;
        this.terminalFile = terminalFile;
        this.providerFile = providerFile;
        this.outDir = outDir;
        this.terminalLatenessMillis = terminalLatenessMillis;
        this.providerLatenessMillis = providerLatenessMillis;
        this.rawSources = List.copyOf(rawSources);
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
                        TerminalEvent.class,
                        TerminalEvent::eventTime,
                        clockSkew),
                e -> e.eventTime().toEpochMilli(),
                Uids.TERMINAL_SOURCE,
                "Terminal events: ");
    }

    @Override
    public DataStream<Either<DeadLetter, ProviderEvent>> providerEvents(
            StreamExecutionEnvironment env) {
        if (providerFile == null) {
            return null;
        }
        return source(
                env,
                providerFile,
                providerLatenessMillis,
                new NdjsonEventFormat<>(
                        providerFile.getFileName().toString(),
                        EventParser::parseProvider,
                        ProviderEvent.class,
                        ProviderEvent::eventTime,
                        clockSkew),
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

    /**
     * One source per raw file, read by one reader and adapted line by line in the source; the
     * watermark bound is the file's lateness measured on its adapted events, and only events carry
     * a timestamp ({@link AdaptedRecord#timestamp()}).
     */
    @Override
    public List<AdaptedInput> adaptedProviderInputs(StreamExecutionEnvironment env) {
        List<AdaptedInput> inputs = new ArrayList<>();
        for (RawSource raw : rawSources) {
            WatermarkStrategy<AdaptedRecord> watermarks =
                    WatermarkStrategy.<AdaptedRecord>forBoundedOutOfOrderness(
                                    Duration.ofMillis(raw.latenessMillis()))
                            .withTimestampAssigner((r, ts) -> r.timestamp());
            String name = raw.file().getFileName().toString();
            SimpleStreamFormat<AdaptedRecord> format =
                    raw.statement() != null
                            ? new AdaptedStatementFormat(name, raw.statement(), clockSkew)
                            : new AdaptedNdjsonFormat(
                                    name, raw.adapter(), raw.format().maxRecordChars(), clockSkew);
            DataStream<AdaptedRecord> records =
                    env.fromSource(
                                    FileSource.forRecordStreamFormat(
                                                    format,
                                                    new org.apache.flink.core.fs.Path(
                                                            raw.file().toUri()))
                                            .build(),
                                    watermarks,
                                    "Raw " + raw.format().label() + ": " + raw.file().getFileName())
                            .uid(raw.format().sourceUid())
                            .setParallelism(1);
            inputs.add(new AdaptedInput(raw.format(), records));
        }
        return inputs;
    }

    @Override
    public Sink<Alert> alertSink() {
        return new NdjsonFileSink<Alert>(outDir.resolve(ALERTS_FILE), a -> a.type().name());
    }

    @Override
    public Sink<RefundRequest> refundSink() {
        return new NdjsonFileSink<>(outDir.resolve(REFUNDS_FILE));
    }

    @Override
    public Sink<Notification> notificationSink() {
        return new NdjsonFileSink<Notification>(
                outDir.resolve(NOTIFICATIONS_FILE), Notification::kind);
    }

    @Override
    public Sink<DeadLetter> deadLetterSink() {
        return new NdjsonFileSink<>(outDir.resolve(DEAD_LETTERS_FILE));
    }

    @Override
    public Sink<OpenOrder> openOrderSink() {
        return new NdjsonFileSink<>(outDir.resolve(OPEN_ORDERS_FILE));
    }

    @Override
    public int sinkParallelism() {
        return 1;
    }
}
