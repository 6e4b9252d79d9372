package io.debitwatch.job.kafka;

import static io.debitwatch.job.kafka.KafkaTestSupport.INPUT_PARTITIONS;
import static io.debitwatch.job.kafka.KafkaTestSupport.produce;
import static io.debitwatch.job.kafka.KafkaTestSupport.produceSentinels;
import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.json.Json;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.Notification;
import io.debitwatch.embeddedkafka.EmbeddedKafka;
import io.debitwatch.job.DebitwatchOptions;
import io.debitwatch.job.StreamingJob;
import io.debitwatch.job.adapt.RawStories;
import io.debitwatch.job.kafka.KafkaTestSupport.ExactlyOnceOutputs;
import io.debitwatch.job.kafka.KafkaTestSupport.Expected;
import io.debitwatch.job.kafka.KafkaTestSupport.Topics;
import io.debitwatch.providers.testing.SignedNotifications;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming job on a real (in-process) Kafka broker reading its provider side from topics of
 * raw notifications, as received: debits, a refund and notices come as signed, encrypted WeChat Pay
 * notifications and RSA2-signed Alipay notifications, adapted in the sources with per-partition
 * watermarks on the decrypted event times. The alerts and refund requests, read {@code
 * read_committed}, equal what the detection core decides over the same stories as normalised
 * events; each bad record is one dead letter with its topic, partition and offset; each notice one
 * OPS notification.
 */
class KafkaNotificationsITCase {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension static final MiniClusterExtension CLUSTER = KafkaTestSupport.miniCluster();

    private static final Topics TOPICS = Topics.fresh();
    private static final String WECHAT = "wechat-notifications-" + TOPICS.run();
    private static final String ALIPAY = "alipay-notifications-" + TOPICS.run();
    private static final SignedNotifications SIGNED = new SignedNotifications();
    private static final OffsetDateTime T0 = OffsetDateTime.parse("2026-11-25T10:00:00+08:00");

    @TempDir static Path dir;
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka =
                EmbeddedKafka.builder()
                        .topic(TOPICS.terminal(), INPUT_PARTITIONS)
                        .topic(TOPICS.provider(), INPUT_PARTITIONS)
                        .topic(WECHAT, INPUT_PARTITIONS)
                        .topic(ALIPAY, INPUT_PARTITIONS)
                        .topic(TOPICS.alerts(), 2)
                        .topic(TOPICS.refunds(), 2)
                        .topic(TOPICS.notifications(), 2)
                        .topic(TOPICS.deadLetters(), 1)
                        .build()
                        .start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Timeout(120)
    void rawNotificationTopicsFeedTheDetectorExactlyOnce() throws Exception {
        RawStories stories = new RawStories(SIGNED, T0, "K");
        Set<String> badPositions = new TreeSet<>();
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(kafka)) {
            produce(producer, TOPICS.terminal(), stories.terminal, true);
            produceRaw(producer, WECHAT, stories.wechat, stories, badPositions);
            produceRaw(producer, ALIPAY, stories.alipay, stories, badPositions);
            // One record per partition of every input far beyond every order's horizon, so that
            // each partition's watermark passes every decision point of the stories.
            OffsetDateTime far = T0.plusDays(3);
            produceSentinels(
                    producer, TOPICS, stories.terminal, stories.normalised, far.toInstant());
            for (int p = 0; p < INPUT_PARTITIONS; p++) {
                send(producer, WECHAT, p, wechatSentinel(far, p));
                send(producer, ALIPAY, p, alipaySentinel(far, p));
            }
            producer.flush();
        }
        assertThat(badPositions).hasSize(stories.bad.size());

        SignedNotifications.KeyFiles keys = SIGNED.writeKeyFiles(dir.resolve("keys"));
        Configuration conf =
                KafkaTestSupport.jobConf(
                        kafka,
                        TOPICS,
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(1),
                        dir.resolve("checkpoints"));
        conf.set(DebitwatchOptions.WECHAT_NOTIFICATIONS_TOPIC, WECHAT);
        conf.set(DebitwatchOptions.ALIPAY_NOTIFICATIONS_TOPIC, ALIPAY);
        conf.set(DebitwatchOptions.WECHAT_APIV3_KEY_FILE, keys.apiV3Key().toString());
        conf.set(
                DebitwatchOptions.WECHAT_PLATFORM_PUBLIC_KEY_FILES,
                List.of(keys.wechatPlatformKeySpec()));
        conf.set(DebitwatchOptions.ALIPAY_PUBLIC_KEY_FILE, keys.alipayPublicKey().toString());
        conf.set(DebitwatchOptions.ALIPAY_APP_IDS, List.of(RawStories.ALI_APP_ID));
        conf.set(DebitwatchOptions.ALIPAY_SELLER_IDS, List.of(RawStories.ALI_SELLER));
        conf.set(DebitwatchOptions.PAYER_ID_SECRET_FILE, keys.payerSecret().toString());

        // The detection core over the same stories given as normalised provider events.
        Expected expected = Expected.of(stories.terminal, stories.normalised);
        assertThat(expected.alerts()).hasSize(stories.expectedAlerts.size());
        assertThat(expected.refundsByAlertId()).hasSize(3);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobClient job = StreamingJob.start(env, conf);
        List<Notification> notifications = new ArrayList<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        try (ExactlyOnceOutputs out = new ExactlyOnceOutputs(kafka, TOPICS, true);
                KafkaConsumer<byte[], byte[]> atLeastOnce =
                        KafkaTestSupport.consumer(
                                kafka, false, TOPICS.notifications(), TOPICS.deadLetters())) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (out.alerts.size() < expected.alerts().size()
                    || out.refunds.size() < expected.refundsByAlertId().size()
                    || deadLetters.size() < badPositions.size()
                    || notices(notifications).size() < 2) {
                assertThat(System.nanoTime())
                        .as(
                                "timed out: alerts %s, refunds %s, dead letters %s, notifications"
                                        + " %s",
                                out.alerts.size(),
                                out.refunds.size(),
                                deadLetters.size(),
                                notifications.size())
                        .isLessThan(deadline);
                out.poll();
                poll(atLeastOnce, notifications, deadLetters);
            }
            // All that was written until now, so that anything extra (a duplicate) would show.
            out.drainWritten(WAIT);
            KafkaTestSupport.drainWritten(
                    kafka, atLeastOnce, () -> poll(atLeastOnce, notifications, deadLetters), WAIT);

            out.assertExactly(expected);

            // Every bad record is one dead letter that says where it came from and why.
            Map<String, String> dead = new TreeMap<>();
            for (DeadLetter d : deadLetters) {
                assertThat(d.line()).isNull();
                dead.put(d.topic() + "/" + d.partition() + "/" + d.offset(), d.reason());
            }
            assertThat(dead.keySet()).isEqualTo(badPositions);
            assertThat(deadLetters).hasSameSizeAs(badPositions);
            assertThat(dead.values())
                    .anyMatch(r -> r.contains("signature probe"))
                    .anyMatch(r -> r.contains("stale notification"))
                    .anyMatch(r -> r.startsWith("bad signature: SHA256withRSA"))
                    .anyMatch(r -> r.startsWith("bad signature: RSA2"))
                    .anyMatch(r -> r.startsWith("app_id "))
                    .anyMatch(r -> r.startsWith("seller_id "));

            // Notices are OPS notifications (at-least-once: deduped by id), never alerts.
            assertThat(notices(notifications))
                    .containsExactlyInAnyOrder(
                            stories.order("W2") + " REFUND_ABNORMAL HIGH",
                            stories.order("A3") + " TRADE_FINISHED INFO");

            // No payer id leaves the job in clear text.
            for (Object record : List.of(out.alerts, out.refunds, notifications, deadLetters)) {
                String json = Json.write(record);
                for (String payer : stories.payerIds) {
                    int at = payer.indexOf('@');
                    assertThat(json).doesNotContain(at > 0 ? payer.substring(0, at) : payer);
                }
            }

            // Bad records never stop the job.
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get();
        }
    }

    /** The provider notices among the notifications, deduped: {@code ORDER KIND SEVERITY}. */
    private static Set<String> notices(List<Notification> notifications) {
        Set<String> out = new TreeSet<>();
        for (Notification n : notifications) {
            if (n.alertId() == null && n.channel() == Notification.Channel.OPS) {
                out.add(n.outTradeNo() + " " + n.kind() + " " + n.severity());
            }
        }
        return out;
    }

    private static void poll(
            KafkaConsumer<byte[], byte[]> consumer,
            List<Notification> notifications,
            List<DeadLetter> deadLetters) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            String json = new String(r.value(), StandardCharsets.UTF_8);
            if (r.topic().equals(TOPICS.notifications())) {
                notifications.add(Json.read(json, Notification.class));
            } else {
                deadLetters.add(Json.read(json, DeadLetter.class));
            }
        }
    }

    /** Produces raw records in order, keyed round-robin, remembering where the bad ones went. */
    private static void produceRaw(
            KafkaProducer<byte[], byte[]> producer,
            String topic,
            List<String> records,
            RawStories stories,
            Set<String> badPositions)
            throws Exception {
        for (String record : records) {
            RecordMetadata m =
                    producer.send(
                                    new ProducerRecord<>(
                                            topic, record.getBytes(StandardCharsets.UTF_8)))
                            .get();
            if (stories.bad.containsKey(record)) {
                badPositions.add(m.topic() + "/" + m.partition() + "/" + m.offset());
            }
        }
    }

    private static void send(
            KafkaProducer<byte[], byte[]> producer, String topic, int partition, String record)
            throws Exception {
        producer.send(
                        new ProducerRecord<>(
                                topic, partition, null, record.getBytes(StandardCharsets.UTF_8)))
                .get();
    }

    /** A debit of an order of its own at {@code at}: its deadline lies beyond every watermark. */
    private static String wechatSentinel(OffsetDateTime at, int partition) {
        return SIGNED.wechat(
                        "EV-SENTINEL-" + partition,
                        "TRANSACTION.SUCCESS",
                        SignedNotifications.wechatTransaction(
                                RawStories.WX_MCH,
                                "DW-SENTINEL-W" + partition,
                                "TXN-SENTINEL-W" + partition,
                                at,
                                100,
                                "oSENTINELxxxxxxxxxxxxxxxxxx" + partition))
                .receivedAt(at.plusSeconds(2))
                .record();
    }

    private static String alipaySentinel(OffsetDateTime at, int partition) {
        return SIGNED.alipay(
                SignedNotifications.alipayTrade(
                        "N-SENTINEL-" + partition,
                        "TRADE_SUCCESS",
                        RawStories.ALI_SELLER,
                        "DW-SENTINEL-A" + partition,
                        "TXN-SENTINEL-A" + partition,
                        at,
                        100,
                        "2088000000000009",
                        "sentinel@example.com"),
                at.plusSeconds(2));
    }
}
