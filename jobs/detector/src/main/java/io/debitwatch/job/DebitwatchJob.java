package io.debitwatch.job;

import io.debitwatch.core.detect.DetectorConfig;
import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.TerminalEvent;
import io.debitwatch.job.types.SerializerTypeInfo;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

/**
 * The one topology of debitwatch, used by replay, streaming and tests alike: sources → dead letters
 * out → keyBy(order key) → connect → {@link OrderDetector} → side outputs → sinks.
 */
public final class DebitwatchJob {

    private DebitwatchJob() {}

    /**
     * Wires the job into {@code env}.
     *
     * @param liveEarlyWarning send early warnings on arrival (streaming) rather than on the
     *     watermark (replay)
     * @param closedRetention how long a closed order is remembered to dead-letter its late events
     *     (see {@link OrderDetector}); zero for a replay
     */
    public static void build(
            StreamExecutionEnvironment env,
            JobIO io,
            DetectorConfig config,
            boolean liveEarlyWarning,
            Duration closedRetention) {
        // Records are immutable, so operators may hand them on without defensive copies.
        env.getConfig().enableObjectReuse();

        DataStream<Either<DeadLetter, TerminalEvent>> terminalIn = io.terminalEvents(env);
        SingleOutputStreamOperator<KeyedFact> terminal =
                terminalIn
                        .process(new ToFacts<TerminalEvent>(KeyedFact::ofTerminal))
                        .returns(SerializerTypeInfo.KEYED_FACT)
                        .setParallelism(terminalIn.getParallelism())
                        .uid(Uids.TERMINAL_SPLIT)
                        .name("Terminal events: facts / dead letters");
        DataStream<Either<DeadLetter, ProviderEvent>> providerIn = io.providerEvents(env);
        SingleOutputStreamOperator<KeyedFact> provider =
                providerIn
                        .process(new ToFacts<ProviderEvent>(KeyedFact::ofProvider))
                        .returns(SerializerTypeInfo.KEYED_FACT)
                        .setParallelism(providerIn.getParallelism())
                        .uid(Uids.PROVIDER_SPLIT)
                        .name("Provider events: facts / dead letters");

        SingleOutputStreamOperator<Alert> alerts =
                terminal.connect(provider)
                        .keyBy(KeyedFact::key, KeyedFact::key)
                        .process(new OrderDetector(config, liveEarlyWarning, closedRetention))
                        .returns(TypeInformation.of(Alert.class))
                        .uid(Uids.DETECTOR)
                        .name("Detect per order (SPEC §4)");

        sink(alerts.sinkTo(io.alertSink()), io, Uids.ALERTS_SINK, "Alerts sink");
        sink(
                alerts.getSideOutput(Tags.REFUND_REQUESTS).sinkTo(io.refundSink()),
                io,
                Uids.REFUNDS_SINK,
                "Refund requests sink");
        sink(
                alerts.getSideOutput(Tags.NOTIFICATIONS).sinkTo(io.notificationSink()),
                io,
                Uids.NOTIFICATIONS_SINK,
                "Notifications sink");
        DataStream<DeadLetter> deadLetters =
                terminal.getSideOutput(Tags.DEAD_LETTERS)
                        .union(
                                provider.getSideOutput(Tags.DEAD_LETTERS),
                                alerts.getSideOutput(Tags.DEAD_LETTERS));
        sink(
                deadLetters.sinkTo(io.deadLetterSink()),
                io,
                Uids.DEAD_LETTERS_SINK,
                "Dead letters sink");
    }

    private static void sink(DataStreamSink<?> sink, JobIO io, String uid, String name) {
        sink.uid(uid).name(name);
        if (io.sinkParallelism() > 0) {
            sink.setParallelism(io.sinkParallelism());
        }
    }
}
