package io.debitwatch.job.kafka;

import static io.debitwatch.job.kafka.KafkaTestSupport.copyOf;
import static io.debitwatch.job.kafka.KafkaTestSupport.latest;
import static io.debitwatch.job.kafka.KafkaTestSupport.maxLateness;
import static io.debitwatch.job.kafka.KafkaTestSupport.produce;
import static io.debitwatch.job.kafka.KafkaTestSupport.produceSentinelsPastAll;
import static io.debitwatch.job.kafka.KafkaTestSupport.resourceLines;
import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.RefundRequest;
import io.debitwatch.embeddedkafka.EmbeddedKafka;
import io.debitwatch.job.StreamingJob;
import io.debitwatch.job.kafka.KafkaTestSupport.ExactlyOnceOutputs;
import io.debitwatch.job.kafka.KafkaTestSupport.Expected;
import io.debitwatch.job.kafka.KafkaTestSupport.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stop with a savepoint while orders are still open (their deadlines and horizons not yet passed by
 * the watermark), start a new job from it, then let the watermark pass everything: the open orders'
 * alerts and refunds come from the restored state and timers, each exactly once, with the ids the
 * detection core computes — and nothing decided before the stop comes again.
 */
class KafkaSavepointITCase {

    private static final Duration COPY_SHIFT = Duration.ofDays(3);

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
    void openOrdersSurviveStopWithSavepointAndDecideOnceAfterRestore(
            @TempDir Path checkpoints, @TempDir Path savepoints) throws Exception {
        long started = System.nanoTime();
        List<String> terminalSample = resourceLines("sample/terminal-events.ndjson");
        List<String> providerSample = resourceLines("sample/provider-events.ndjson");
        // Copy 0 is decided before the stop (copy 1 moves the watermark past it); copy 1 is open
        // at the stop: its events are in, but the watermark stays hours behind them.
        List<String> terminal0 = copyOf(terminalSample, true, 0, Duration.ZERO);
        List<String> provider0 = copyOf(providerSample, false, 0, Duration.ZERO);
        List<String> terminal1 = copyOf(terminalSample, true, 1, COPY_SHIFT);
        List<String> provider1 = copyOf(providerSample, false, 1, COPY_SHIFT);
        List<String> allTerminal = new ArrayList<>(terminal0);
        allTerminal.addAll(terminal1);
        List<String> allProvider = new ArrayList<>(provider0);
        allProvider.addAll(provider1);
        Expected all = Expected.of(allTerminal, allProvider);
        Expected decidedBeforeStop = Expected.of(terminal0, provider0);
        Expected openAtStop = Expected.of(terminal1, provider1);
        assertThat(decidedBeforeStop.alerts()).hasSize(19);
        assertThat(openAtStop.alerts()).hasSize(19);
        assertThat(openAtStop.refundsByAlertId()).hasSize(10);

        // A bound far above the measured lateness (so every event is on time): the watermark
        // stays 12 h behind copy 1's events, past every decision of copy 0 (its last, at a
        // horizon, about 25 h after its start) and before every decision of copy 1.
        Duration outOfOrderness = Duration.ofHours(12);
        assertThat(Math.max(maxLateness(allTerminal, true), maxLateness(allProvider, false)))
                .isLessThan(outOfOrderness.toMillis());
        Configuration conf =
                KafkaTestSupport.jobConf(
                        kafka, TOPICS, outOfOrderness, Duration.ofMillis(500), checkpoints);

        String savepoint;
        long stopMillis;
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(kafka);
                ExactlyOnceOutputs committed = new ExactlyOnceOutputs(kafka, TOPICS, true)) {
            JobClient first =
                    StreamingJob.start(StreamExecutionEnvironment.getExecutionEnvironment(), conf);
            try {
                produce(producer, TOPICS.terminal(), terminal0, true);
                produce(producer, TOPICS.provider(), provider0, false);
                produce(producer, TOPICS.terminal(), terminal1, true);
                produce(producer, TOPICS.provider(), provider1, false);
                producer.flush();

                committed.awaitUntil(
                        () ->
                                committed.alerts.size() >= decidedBeforeStop.alerts().size()
                                        && committed.refunds.size()
                                                >= decidedBeforeStop.refundsByAlertId().size(),
                        Duration.ofSeconds(45));
                // Every input record is in the job's state: the offsets committed on a
                // checkpoint reached the end of every input partition.
                awaitInputConsumed("it-" + TOPICS.run(), Duration.ofSeconds(30));
            } finally {
                long t0 = System.nanoTime();
                savepoint =
                        first.stopWithSavepoint(
                                        false,
                                        savepoints.toUri().toString(),
                                        SavepointFormatType.CANONICAL)
                                .get();
                stopMillis = (System.nanoTime() - t0) / 1_000_000;
            }
            assertThat(first.getJobStatus().get()).isEqualTo(JobStatus.FINISHED);
            Thread.sleep(500);
            committed.poll();
            // Before the stop: exactly copy 0 was decided, copy 1 is still open.
            committed.assertExactly(decidedBeforeStop);

            // A new job from the savepoint; the same uids map every operator's state.
            Configuration restored = new Configuration(conf);
            restored.setString("execution.state-recovery.path", savepoint);
            JobClient second =
                    StreamingJob.start(
                            StreamExecutionEnvironment.getExecutionEnvironment(restored), restored);
            try {
                produceSentinelsPastAll(
                        producer, TOPICS, terminalSample, providerSample, allTerminal, allProvider);

                committed.awaitAll(all, Duration.ofSeconds(45));

                committed.assertExactly(all);
                Set<String> afterRestore =
                        committed.alerts.stream()
                                .map(Alert::alertId)
                                .filter(id -> !decidedBeforeStop.alerts().containsKey(id))
                                .collect(Collectors.toCollection(TreeSet::new));
                assertThat(afterRestore).isEqualTo(openAtStop.alerts().keySet());
                Set<String> refundsAfterRestore = new TreeSet<>();
                for (RefundRequest r : committed.refunds) {
                    if (openAtStop.refundsByAlertId().containsKey(r.alertId())) {
                        refundsAfterRestore.add(r.refundRequestId());
                    }
                }
                assertThat(refundsAfterRestore)
                        .isEqualTo(new TreeSet<>(openAtStop.refundsByAlertId().values()));
                assertThat(second.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            } finally {
                second.cancel().get();
            }
        }
        System.out.printf(
                "KafkaSavepointITCase: savepoint %s in %d ms; %.1f s%n",
                savepoint, stopMillis, (System.nanoTime() - started) / 1e9);
    }

    private static void awaitInputConsumed(String groupId, Duration timeout) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (String topic : List.of(TOPICS.terminal(), TOPICS.provider())) {
                for (int p = 0; p < KafkaTestSupport.INPUT_PARTITIONS; p++) {
                    latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
            }
            Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(groupId)
                                .partitionsToOffsetAndMetadata()
                                .get();
                boolean done =
                        ends.entrySet().stream()
                                .allMatch(
                                        e -> {
                                            OffsetAndMetadata c = committed.get(e.getKey());
                                            long end = e.getValue().offset();
                                            return end == 0 || (c != null && c.offset() >= end);
                                        });
                if (done) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("input not consumed: " + committed + " of " + ends);
                }
                Thread.sleep(200);
            }
        }
    }
}
