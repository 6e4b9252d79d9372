package io.debitwatch.job.replay;

import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.OpenOrder;
import io.debitwatch.core.model.RefundRequest;
import io.debitwatch.job.JobIO;
import io.debitwatch.job.Uids;
import io.debitwatch.job.adapt.AdaptedNdjsonFormat;
import io.debitwatch.job.adapt.AdaptedRecord;
import io.debitwatch.job.adapt.AdaptedStatementFormat;
import io.debitwatch.job.adapt.RawFormat;
import io.debitwatch.job.adapt.RecordAdapter;
import io.debitwatch.job.adapt.SourceFormat;
import io.debitwatch.job.adapt.StatementParser;
import io.debitwatch.job.io.ClockSkew;
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
     * A file of raw provider records (one received notification per line, or a statement), the
     * adapter or parser its lines go through, its 1-based number among the files of its format
     * (which sets its operators' uids), and the watermark bound its scan measured on the adapted
     * events.
     */
    public record RawSource(
            RawFormat format,
            int ordinal,
            Path file,
            RecordAdapter adapter,
            StatementParser statement,
            long latenessMillis) {}

    /**
     * @param providerFile normalised provider events, or null when only raw files are replayed
     * @param rawSources files of raw provider records, numbered per format
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
    public DataStream<AdaptedRecord> terminalEvents(StreamExecutionEnvironment env) {
        return ndjson(env, terminalFile, terminalLatenessMillis, SourceFormat.TERMINAL_EVENTS);
    }

    @Override
    public DataStream<AdaptedRecord> providerEvents(StreamExecutionEnvironment env) {
        return providerFile == null
                ? null
                : ndjson(env, providerFile, providerLatenessMillis, SourceFormat.PROVIDER_EVENTS);
    }

    /** A file of normalised events. */
    private DataStream<AdaptedRecord> ndjson(
            StreamExecutionEnvironment env, Path file, long latenessMillis, SourceFormat format) {
        boolean terminal = format == SourceFormat.TERMINAL_EVENTS;
        String name = file.getFileName().toString();
        return source(
                env,
                file,
                latenessMillis,
                new AdaptedNdjsonFormat(name, format, clockSkew),
                terminal ? Uids.TERMINAL_SOURCE : Uids.PROVIDER_SOURCE,
                (terminal ? "Terminal events: " : "Provider events: ") + name);
    }

    /**
     * One source per raw file, read by one reader and adapted line by line in the source (a
     * statement file is read whole).
     */
    @Override
    public List<AdaptedInput> adaptedProviderInputs(StreamExecutionEnvironment env) {
        List<AdaptedInput> inputs = new ArrayList<>();
        for (RawSource raw : rawSources) {
            String name = raw.file().getFileName().toString();
            SimpleStreamFormat<AdaptedRecord> format =
                    raw.statement() != null
                            ? new AdaptedStatementFormat(name, raw.statement(), clockSkew)
                            : new AdaptedNdjsonFormat(
                                    name, SourceFormat.of(raw.format(), raw.adapter()), clockSkew);
            DataStream<AdaptedRecord> records =
                    source(
                            env,
                            raw.file(),
                            raw.latenessMillis(),
                            format,
                            raw.format().sourceUid(raw.ordinal()),
                            "Raw " + raw.format().label() + ": " + name);
            inputs.add(new AdaptedInput(raw.format(), records, raw.ordinal()));
        }
        return inputs;
    }

    /**
     * One file, read by one reader, with a watermark bound equal to the file's own lateness
     * measured by the input scan on its (adapted) events: no event is ever behind the watermark.
     * Only events carry a timestamp ({@link AdaptedRecord#timestamp()}).
     */
    private static DataStream<AdaptedRecord> source(
            StreamExecutionEnvironment env,
            Path file,
            long latenessMillis,
            SimpleStreamFormat<AdaptedRecord> format,
            String uid,
            String name) {
        WatermarkStrategy<AdaptedRecord> watermarks =
                WatermarkStrategy.<AdaptedRecord>forBoundedOutOfOrderness(
                                Duration.ofMillis(latenessMillis))
                        .withTimestampAssigner((r, ts) -> r.timestamp());
        return env.fromSource(
                        FileSource.forRecordStreamFormat(
                                        format, new org.apache.flink.core.fs.Path(file.toUri()))
                                .build(),
                        watermarks,
                        name)
                .uid(uid)
                .setParallelism(1);
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
