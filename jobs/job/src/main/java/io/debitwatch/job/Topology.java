package io.debitwatch.job;

import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.OpenOrder;
import io.debitwatch.job.adapt.AdaptedRecord;
import io.debitwatch.job.adapt.AdaptedSplit;
import io.debitwatch.job.types.SerializerTypeInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.ConnectedStreams;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The one topology of debitwatch, used by replay, streaming and tests alike: sources of {@link
 * AdaptedRecord}s → {@link AdaptedSplit} (dead letters and notices out) → keyBy(order key) →
 * connect → {@link OrderDetector} → side outputs → sinks. Provider facts come from normalised
 * provider events and from raw provider records, united before the keyBy; the notifications of
 * provider notices join the detector's notifications, never the detector.
 */
public final class Topology {

    private Topology() {}

    /**
     * Wires the job into {@code env}: the sources and sinks of {@code io}, the detector as {@code
     * settings} say (streaming or replay). A replay's cut orders go to {@link
     * JobIO#openOrderSink()}.
     */
    public static void build(StreamExecutionEnvironment env, JobIO io, TopologySettings settings) {
        // Records are immutable, so operators may hand them on without defensive copies.
        env.getConfig().enableObjectReuse();
        Inputs in = inputs(env, io);
        SingleOutputStreamOperator<Alert> alerts =
                detect(
                        in.terminal()
                                .connect(union(in.provider()))
                                .keyBy(KeyedFact::key, KeyedFact::key),
                        settings);
        sinks(alerts, in, io);
    }

    /**
     * The split inputs: terminal facts, provider facts (normalised events and the events adapted
     * from raw provider records, united before the keyBy), and what split off on the way.
     */
    private record Inputs(
            SingleOutputStreamOperator<KeyedFact> terminal,
            List<DataStream<KeyedFact>> provider,
            List<DataStream<DeadLetter>> deadLetters,
            List<DataStream<Notification>> notices) {}

    private static Inputs inputs(StreamExecutionEnvironment env, JobIO io) {
        SingleOutputStreamOperator<KeyedFact> terminal =
                split(
                        io.terminalEvents(env),
                        Uids.TERMINAL_SPLIT,
                        "Terminal events: facts / dead letters",
                        "terminal_events");
        Inputs in = new Inputs(terminal, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        in.deadLetters().add(terminal.getSideOutput(OutputTags.DEAD_LETTERS));
        DataStream<AdaptedRecord> providerIn = io.providerEvents(env);
        if (providerIn != null) {
            SingleOutputStreamOperator<KeyedFact> provider =
                    split(
                            providerIn,
                            Uids.PROVIDER_SPLIT,
                            "Provider events: facts / dead letters",
                            "provider_events");
            in.provider().add(provider);
            in.deadLetters().add(provider.getSideOutput(OutputTags.DEAD_LETTERS));
        }
        for (JobIO.AdaptedInput raw : io.adaptedProviderInputs(env)) {
            SingleOutputStreamOperator<KeyedFact> adapted =
                    split(
                            raw.records(),
                            raw.format().splitUid(raw.ordinal()),
                            capitalised(raw.format().label(raw.ordinal()))
                                    + ": facts / notices / dead letters",
                            raw.format().label(raw.ordinal()).replace(' ', '_'));
            in.provider().add(adapted);
            in.deadLetters().add(adapted.getSideOutput(OutputTags.DEAD_LETTERS));
            // Only raw inputs have notices: the notification sink stays chained to the detector
            // when there are none.
            in.notices().add(adapted.getSideOutput(OutputTags.NOTIFICATIONS));
        }
        if (in.provider().isEmpty()) {
            throw new IllegalArgumentException(
                    "no provider input: give provider events or raw provider notifications");
        }
        return in;
    }

    /** The keyed detector, and in streaming the quiet clock around it (§4a rule 10). */
    private static SingleOutputStreamOperator<Alert> detect(
            ConnectedStreams<KeyedFact, KeyedFact> byOrder, TopologySettings settings) {
        OrderDetector detector =
                new OrderDetector(
                        settings.detector(),
                        settings.liveEarlyWarning(),
                        settings.closedRetention(),
                        settings.asOfMillis());
        String detectorName = "Detect per order (SPEC §4)";
        // Live inputs: event time follows the wall clock once every input is idle.
        Duration quietLag = settings.quietClockLag();
        return (quietLag == null
                        ? byOrder.process(detector).returns(TypeInformation.of(Alert.class))
                        : byOrder.transform(
                                detectorName,
                                TypeInformation.of(Alert.class),
                                new QuietClockOperator(detector, quietLag)))
                .uid(Uids.DETECTOR)
                .name(detectorName);
    }

    private static void sinks(SingleOutputStreamOperator<Alert> alerts, Inputs in, JobIO io) {
        // The exactly-once sinks run in tasks of their own: at each checkpoint they flush and
        // switch transactions, and after it they commit, all blocking calls to the broker that
        // would otherwise stall the detector, and with it the early warnings, in every cycle.
        sink(alerts.sinkTo(io.alertSink()), io, Uids.ALERTS_SINK, "Alerts sink").disableChaining();
        sink(
                        alerts.getSideOutput(OutputTags.REFUND_REQUESTS).sinkTo(io.refundSink()),
                        io,
                        Uids.REFUNDS_SINK,
                        "Refund requests sink")
                .disableChaining();
        List<DataStream<Notification>> notifications = new ArrayList<>();
        notifications.add(alerts.getSideOutput(OutputTags.NOTIFICATIONS));
        notifications.addAll(in.notices());
        sink(
                union(notifications).sinkTo(io.notificationSink()),
                io,
                Uids.NOTIFICATIONS_SINK,
                "Notifications sink");
        Sink<OpenOrder> openOrders = io.openOrderSink();
        if (openOrders != null) {
            sink(
                    alerts.getSideOutput(OutputTags.OPEN_ORDERS).sinkTo(openOrders),
                    io,
                    Uids.OPEN_ORDERS_SINK,
                    "Open orders sink");
        }
        List<DataStream<DeadLetter>> deadLetters = new ArrayList<>(in.deadLetters());
        deadLetters.add(alerts.getSideOutput(OutputTags.DEAD_LETTERS));
        sink(
                union(deadLetters).sinkTo(io.deadLetterSink()),
                io,
                Uids.DEAD_LETTERS_SINK,
                "Dead letters sink");
    }

    /**
     * The one split of a source's elements, chained to it: facts on, dead letters and notices to
     * side outputs ({@link AdaptedSplit}); {@code source} labels its dead-letter counters.
     */
    private static SingleOutputStreamOperator<KeyedFact> split(
            DataStream<AdaptedRecord> in, String uid, String name, String source) {
        return in.process(new AdaptedSplit(source))
                .returns(SerializerTypeInfo.KEYED_FACT)
                .setParallelism(in.getParallelism())
                .uid(uid)
                .name(name);
    }

    /** The streams as one (the stream itself when there is one). */
    @SuppressWarnings("unchecked")
    private static <T> DataStream<T> union(List<DataStream<T>> streams) {
        DataStream<T> first = streams.get(0);
        return streams.size() == 1
                ? first
                : first.union(streams.subList(1, streams.size()).toArray(DataStream[]::new));
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static DataStreamSink<?> sink(
            DataStreamSink<?> sink, JobIO io, String uid, String name) {
        sink.uid(uid).name(name);
        if (io.sinkParallelism() > 0) {
            sink.setParallelism(io.sinkParallelism());
        }
        return sink;
    }
}
