package io.debitwatch.job.kafka;

import static io.debitwatch.job.kafka.KafkaTestSupport.copyOf;
import static io.debitwatch.job.kafka.KafkaTestSupport.maxLateness;
import static io.debitwatch.job.kafka.KafkaTestSupport.produce;
import static io.debitwatch.job.kafka.KafkaTestSupport.produceSentinelsPastAll;
import static io.debitwatch.job.kafka.KafkaTestSupport.resourceLines;
import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.RefundRequest;
import io.debitwatch.embeddedkafka.EmbeddedKafka;
import io.debitwatch.job.JobIO;
import io.debitwatch.job.StreamingJob;
import io.debitwatch.job.adapt.AdaptedRecord;
import io.debitwatch.job.kafka.KafkaTestSupport.ExactlyOnceOutputs;
import io.debitwatch.job.kafka.KafkaTestSupport.Expected;
import io.debitwatch.job.kafka.KafkaTestSupport.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming job fails once mid-stream, after checkpoints have completed and outputs have been
 * committed, and restarts from its last checkpoint: every alert and refund request the detection
 * core expects must be in the exactly-once topics once for read_committed consumers — none lost to
 * the failure, none duplicated by the replay of the input since that checkpoint.
 */
class KafkaRecoveryITCase {

    /** Copies of the bundled sample (20 stories each) before and after the failure. */
    private static final int COPIES_BEFORE = 8;

    private static final int COPIES_AFTER = 8;

    /**
     * Each copy starts this much later: more than the sample's span plus its horizon. The copies
     * end before the sample's own date, so that every event lies in the past of the wall clock
     * (events ahead of it are dead letters, SPEC §4a rule 5).
     */
    private static final Duration COPY_SHIFT = Duration.ofDays(3);

    /** Terminal records passed after arming before the failure is thrown. */
    private static final int FAIL_AFTER = 40;

    @RegisterExtension static final MiniClusterExtension CLUSTER = KafkaTestSupport.miniCluster();

    private static final Topics TOPICS = Topics.fresh();
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = TOPICS.startKafka();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Timeout(120)
    void failureMidStreamLosesAndDuplicatesNothingForReadCommitted(@TempDir Path checkpoints)
            throws Exception {
        long started = System.nanoTime();
        List<String> terminalSample = resourceLines("sample/terminal-events.ndjson");
        List<String> providerSample = resourceLines("sample/provider-events.ndjson");
        List<List<String>> terminalCopies = new ArrayList<>();
        List<List<String>> providerCopies = new ArrayList<>();
        List<String> allTerminal = new ArrayList<>();
        List<String> allProvider = new ArrayList<>();
        for (int c = 0; c < COPIES_BEFORE + COPIES_AFTER; c++) {
            Duration shift = COPY_SHIFT.multipliedBy(c - (COPIES_BEFORE + COPIES_AFTER + 1));
            terminalCopies.add(copyOf(terminalSample, true, c, shift));
            providerCopies.add(copyOf(providerSample, false, c, shift));
            allTerminal.addAll(terminalCopies.get(c));
            allProvider.addAll(providerCopies.get(c));
        }
        Expected all = Expected.of(allTerminal, allProvider);
        Expected before =
                Expected.of(
                        allTerminal.subList(0, terminalCopies.get(0).size() * COPIES_BEFORE),
                        allProvider.subList(0, providerCopies.get(0).size() * COPIES_BEFORE));
        assertThat(all.alerts()).hasSize(19 * (COPIES_BEFORE + COPIES_AFTER));
        assertThat(all.refundsByAlertId()).hasSize(10 * (COPIES_BEFORE + COPIES_AFTER));

        Duration outOfOrderness =
                Duration.ofMillis(
                        Math.max(maxLateness(allTerminal, true), maxLateness(allProvider, false))
                                + 1_000);
        Configuration conf =
                KafkaTestSupport.jobConf(
                        kafka, TOPICS, outOfOrderness, Duration.ofMillis(500), checkpoints);

        FailOnce.reset();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // The streaming job itself, with a failure injected after its terminal source.
        StreamingJob.build(env, conf, io -> new FailingTerminalIO(KafkaJobIO.from(io)));
        JobClient job = env.executeAsync("debitwatch-recovery-it");

        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(kafka);
                ExactlyOnceOutputs committed = new ExactlyOnceOutputs(kafka, TOPICS, true);
                ExactlyOnceOutputs uncommitted = new ExactlyOnceOutputs(kafka, TOPICS, false)) {
            // Phase 1: the first copies; the watermark decides all but the last of them.
            for (int c = 0; c < COPIES_BEFORE; c++) {
                produce(producer, TOPICS.terminal(), terminalCopies.get(c), true);
                produce(producer, TOPICS.provider(), providerCopies.get(c), false);
            }
            producer.flush();
            int refundsBefore = 10 * (COPIES_BEFORE - 1);
            committed.awaitUntil(
                    () -> committed.refunds.size() >= refundsBefore, Duration.ofSeconds(45));
            assertThat(FailOnce.checkpointCompleted).isTrue();
            assertThat(before.refundsByAlertId().keySet())
                    .containsAll(committed.refunds.stream().map(RefundRequest::alertId).toList());
            int opensBeforeFailure = FailOnce.opens.get();

            // Phase 2: arm the failure, then the remaining copies and the sentinels that let the
            // watermark pass every decision point.
            FailOnce.armed.set(true);
            for (int c = COPIES_BEFORE; c < COPIES_BEFORE + COPIES_AFTER; c++) {
                produce(producer, TOPICS.terminal(), terminalCopies.get(c), true);
                produce(producer, TOPICS.provider(), providerCopies.get(c), false);
            }
            produceSentinelsPastAll(
                    producer, TOPICS, terminalSample, providerSample, allTerminal, allProvider);

            committed.awaitAll(all, Duration.ofSeconds(60));

            assertThat(FailOnce.failed).as("the injected failure happened").isTrue();
            assertThat(FailOnce.opens.get())
                    .as("the failing operator was opened again by the restart")
                    .isGreaterThan(opensBeforeFailure);
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);

            // Refunds and alerts were committed both before and after the failure.
            assertThat(refundsBefore).isPositive();
            committed.assertExactly(all);

            // read_uncommitted may hold aborted duplicates or not: only read, never asserted.
            uncommitted.poll();
            uncommitted.poll();
            System.out.printf(
                    "KafkaRecoveryITCase: %d alerts, %d refunds committed; read_uncommitted saw %d"
                            + " alerts, %d refunds; %d operator opens; %.1f s%n",
                    committed.alerts.size(),
                    committed.refunds.size(),
                    uncommitted.alerts.size(),
                    uncommitted.refunds.size(),
                    FailOnce.opens.get(),
                    (System.nanoTime() - started) / 1e9);
        } finally {
            job.cancel().get();
        }
    }

    /** The Kafka IO with a failure injected after the terminal events source. */
    private static final class FailingTerminalIO implements JobIO {
        private final JobIO delegate;

        FailingTerminalIO(JobIO delegate) {
            this.delegate = delegate;
        }

        @Override
        public DataStream<AdaptedRecord> terminalEvents(StreamExecutionEnvironment env) {
            DataStream<AdaptedRecord> in = delegate.terminalEvents(env);
            return in.map(new FailOnce<>())
                    .returns(in.getType())
                    .setParallelism(in.getParallelism())
                    .uid("test-fail-once")
                    .name("Fail once (test)");
        }

        @Override
        public DataStream<AdaptedRecord> providerEvents(StreamExecutionEnvironment env) {
            return delegate.providerEvents(env);
        }

        @Override
        public Sink<Alert> alertSink() {
            return delegate.alertSink();
        }

        @Override
        public Sink<RefundRequest> refundSink() {
            return delegate.refundSink();
        }

        @Override
        public Sink<Notification> notificationSink() {
            return delegate.notificationSink();
        }

        @Override
        public Sink<DeadLetter> deadLetterSink() {
            return delegate.deadLetterSink();
        }

        @Override
        public int sinkParallelism() {
            return delegate.sinkParallelism();
        }
    }

    /**
     * Identity that throws exactly once (a static flag, shared by every subtask and attempt in this
     * JVM): once armed, at least one checkpoint has completed and {@link #FAIL_AFTER} records have
     * passed.
     */
    static final class FailOnce<T> extends RichMapFunction<T, T> implements CheckpointListener {
        static final AtomicBoolean armed = new AtomicBoolean();
        static final AtomicBoolean failed = new AtomicBoolean();
        static final AtomicInteger passedSinceArmed = new AtomicInteger();
        static final AtomicInteger opens = new AtomicInteger();
        static volatile boolean checkpointCompleted;

        static void reset() {
            armed.set(false);
            failed.set(false);
            passedSinceArmed.set(0);
            opens.set(0);
            checkpointCompleted = false;
        }

        @Override
        public void open(OpenContext openContext) {
            opens.incrementAndGet();
        }

        @Override
        public T map(T value) {
            if (armed.get()
                    && checkpointCompleted
                    && passedSinceArmed.incrementAndGet() >= FAIL_AFTER
                    && failed.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure (test)");
            }
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointCompleted = true;
        }
    }
}
