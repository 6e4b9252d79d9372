package io.debitwatch.job;

import io.debitwatch.core.json.DeadLetters;
import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.OpenOrder;
import io.debitwatch.core.model.RefundRequest;
import io.debitwatch.job.adapt.AdaptedRecord;
import io.debitwatch.job.adapt.SourceFormat;
import io.debitwatch.job.io.ClockSkew;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A {@link JobIO} in memory for fast topology tests (like flink-training's test sources and sinks,
 * or kafka-streams' {@code TopologyTestDriver}): the inputs are NDJSON lines, parsed as the file
 * sources read them ({@link SourceFormat}: a bad line becomes its dead letter with its line
 * number), and every sink collects into a list that the test reads after the job has finished.
 *
 * <pre>{@code
 * InMemoryJobIO io = InMemoryJobIO.of(terminalLines, providerLines);
 * Topology.build(env, io, TopologySettings.replay(DetectorConfig.defaults(), AS_OF_HORIZON));
 * env.execute();
 * List<Alert> alerts = io.alerts();
 * }</pre>
 */
public final class InMemoryJobIO implements JobIO {

    /** What the sinks of every instance collected, by sink id: sinks are serialised into tasks. */
    private static final Map<String, List<Object>> COLLECTED = new ConcurrentHashMap<>();

    /** Bound of the sources' watermarks: far more than any test input is out of order. */
    private static final Duration OUT_OF_ORDERNESS = Duration.ofDays(1);

    private final List<AdaptedRecord> terminal;
    private final List<AdaptedRecord> provider;
    private final String id = UUID.randomUUID().toString();

    private InMemoryJobIO(List<AdaptedRecord> terminal, List<AdaptedRecord> provider) {
        this.terminal = terminal;
        this.provider = provider;
    }

    /** Inputs as NDJSON lines; blank lines are skipped, but count for the line numbers. */
    public static InMemoryJobIO of(List<String> terminalLines, List<String> providerLines) {
        return new InMemoryJobIO(
                read("terminal-events", terminalLines, SourceFormat.TERMINAL_EVENTS),
                read("provider-events", providerLines, SourceFormat.PROVIDER_EVENTS));
    }

    /** Each line through the job's one read step, as the file format does. */
    private static List<AdaptedRecord> read(
            String source, List<String> lines, SourceFormat format) {
        List<AdaptedRecord> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            long number = i + 1;
            if (!line.isBlank()) {
                format.expand(
                        line,
                        null,
                        reason -> DeadLetters.fromFile(source, number, line, reason),
                        ClockSkew.defaults(),
                        out::add);
            }
        }
        return out;
    }

    @Override
    public DataStream<AdaptedRecord> terminalEvents(StreamExecutionEnvironment env) {
        return source(env, terminal, "terminal");
    }

    @Override
    public DataStream<AdaptedRecord> providerEvents(StreamExecutionEnvironment env) {
        return source(env, provider, "provider");
    }

    private static DataStream<AdaptedRecord> source(
            StreamExecutionEnvironment env, List<AdaptedRecord> elements, String name) {
        WatermarkStrategy<AdaptedRecord> watermarks =
                WatermarkStrategy.<AdaptedRecord>forBoundedOutOfOrderness(OUT_OF_ORDERNESS)
                        .withTimestampAssigner((r, ts) -> r.timestamp());
        return env.fromData(elements, AdaptedRecord.TYPE)
                .setParallelism(1)
                .uid("in-memory-" + name + "-source")
                .name("In memory: " + name + " events")
                .assignTimestampsAndWatermarks(watermarks)
                .setParallelism(1)
                .uid("in-memory-" + name + "-watermarks")
                .name("In memory: " + name + " watermarks");
    }

    public List<Alert> alerts() {
        return collected("alerts");
    }

    public List<RefundRequest> refunds() {
        return collected("refunds");
    }

    public List<Notification> notifications() {
        return collected("notifications");
    }

    public List<DeadLetter> deadLetters() {
        return collected("dead-letters");
    }

    public List<OpenOrder> openOrders() {
        return collected("open-orders");
    }

    @SuppressWarnings("unchecked")
    private <T> List<T> collected(String sink) {
        return List.copyOf((List<T>) (List<?>) COLLECTED.getOrDefault(id + sink, List.of()));
    }

    @Override
    public Sink<Alert> alertSink() {
        return new CollectingSink<>(id + "alerts");
    }

    @Override
    public Sink<RefundRequest> refundSink() {
        return new CollectingSink<>(id + "refunds");
    }

    @Override
    public Sink<Notification> notificationSink() {
        return new CollectingSink<>(id + "notifications");
    }

    @Override
    public Sink<DeadLetter> deadLetterSink() {
        return new CollectingSink<>(id + "dead-letters");
    }

    @Override
    public Sink<OpenOrder> openOrderSink() {
        return new CollectingSink<>(id + "open-orders");
    }

    /** Adds each element to {@link #COLLECTED} under its key (the MiniCluster shares this JVM). */
    private record CollectingSink<T>(String key) implements Sink<T> {

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            List<Object> list =
                    COLLECTED.computeIfAbsent(
                            key, k -> Collections.synchronizedList(new ArrayList<>()));
            return new SinkWriter<>() {
                @Override
                public void write(T element, Context ctx) {
                    list.add(element);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
