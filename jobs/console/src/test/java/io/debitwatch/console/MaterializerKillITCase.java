package io.debitwatch.console;

import static io.debitwatch.console.StoreTestEnvironment.queryLong;
import static io.debitwatch.console.StoreTestEnvironment.storedOffsets;
import static io.debitwatch.console.TestRecords.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.model.Notification;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Kill -9 of the materializer's process in the middle of a large backlog, then a restart: every
 * record is stored exactly once and the stored offsets are the end of the topics.
 */
class MaterializerKillITCase extends StoreITCaseBase {

    private static final int ALERTS = 10_000;
    private static final int REFUNDS = 5_000;
    private static final int NOTIFICATIONS = 5_000;
    private static final int PER_TRANSACTION = 1_000;

    @Test
    void killedMidIngestThenRestartedStoresEveryRecordExactlyOnce() throws Exception {
        OutputTopics topics = env.newTopics(3);
        String url = env.newDatabaseUrl();
        produceBacklog(topics);
        Map<TopicPartition, Long> end = env.endOffsets(topics);
        long endTotal = end.values().stream().mapToLong(Long::longValue).sum();

        try (ConsoleDatabase db =
                ConsoleDatabase.external(url, EmbeddedPostgresServer.USER, null)) {
            DataSource ds = db.dataSource();
            Process child = startChild(url, topics);
            try {
                Await.until(
                        Duration.ofSeconds(60),
                        "the child materializer to store its first batch",
                        () -> storedTotal(ds) > 0 || !child.isAlive());
                assertThat(child.isAlive()).as("child materializer running").isTrue();
            } finally {
                child.destroyForcibly();
                child.waitFor();
            }
            long atKill = storedTotal(ds);
            assertThat(atKill).as("killed before the end of the backlog").isLessThan(endTotal);
            System.out.printf("killed the child at %,d of %,d offsets%n", atKill, endTotal);

            long restarted = System.nanoTime();
            try (Materializer m = Materializer.start(env.kafka.bootstrapServers(), topics, ds)) {
                Await.until(
                        Duration.ofSeconds(60),
                        "the restarted materializer to reach the end of the topics",
                        () -> storedOffsets(ds).equals(end));
                double seconds = (System.nanoTime() - restarted) / 1e9;
                System.out.printf(
                        "restart caught up %,d offsets in %.1f s (consumer start included)%n",
                        endTotal - atKill, seconds);
                assertThat(m.counts())
                        .isEqualTo(
                                new Materializer.StoreCounts(
                                        ALERTS, ALERTS, REFUNDS, NOTIFICATIONS, 0));
            }
            assertThat(queryLong(ds, "SELECT sum(alert_count) FROM incidents")).isEqualTo(ALERTS);
            assertThat(
                            queryLong(
                                    ds,
                                    "SELECT count(DISTINCT refund_request_id) FROM refund_requests"))
                    .isEqualTo(REFUNDS);
        }
    }

    private static void produceBacklog(OutputTopics topics) {
        try (KafkaProducer<String, String> producer = env.transactionalProducer()) {
            List<Runnable> sends = new ArrayList<>();
            for (int i = 0; i < ALERTS; i++) {
                int n = i;
                sends.add(() -> send(producer, topics.alerts(), TestRecords.unmatchedDebit(n)));
            }
            for (int i = 0; i < REFUNDS; i++) {
                int n = i;
                sends.add(() -> send(producer, topics.refundRequests(), TestRecords.refund(n)));
            }
            for (int i = 0; i < NOTIFICATIONS; i++) {
                int n = i;
                sends.add(
                        () ->
                                send(
                                        producer,
                                        topics.notifications(),
                                        TestRecords.notification(n, Notification.Channel.OPS)));
            }
            for (int i = 0; i < sends.size(); i++) {
                if (i % PER_TRANSACTION == 0) {
                    if (i > 0) {
                        producer.commitTransaction();
                    }
                    producer.beginTransaction();
                }
                sends.get(i).run();
            }
            producer.commitTransaction();
        }
    }

    private static Process startChild(String url, OutputTopics topics) throws Exception {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Path log = Paths.get("target", "materializer-child.log");
        return new ProcessBuilder(
                        java.toString(),
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        MaterializerProcess.class.getName(),
                        env.kafka.bootstrapServers(),
                        url,
                        topics.alerts(),
                        topics.refundRequests(),
                        topics.notifications())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static long storedTotal(DataSource ds) throws Exception {
        return queryLong(ds, "SELECT coalesce(sum(next_offset), 0) FROM consumer_offsets");
    }
}
