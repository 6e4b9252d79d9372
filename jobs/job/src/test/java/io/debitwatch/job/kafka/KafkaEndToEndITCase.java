package io.debitwatch.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.detect.Decision;
import io.debitwatch.core.detect.Detector;
import io.debitwatch.core.detect.DetectorConfig;
import io.debitwatch.core.detect.Fact;
import io.debitwatch.core.detect.Finding;
import io.debitwatch.core.detect.Ids;
import io.debitwatch.core.json.EventParser;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.json.Parsed;
import io.debitwatch.core.model.Action;
import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.OrderKey;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.RefundRequest;
import io.debitwatch.core.model.TerminalEvent;
import io.debitwatch.embeddedkafka.EmbeddedKafka;
import io.debitwatch.job.DebitwatchOptions;
import io.debitwatch.job.StreamingJob;
import io.debitwatch.job.TestClusters;
import io.debitwatch.job.kafka.KafkaTestSupport.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
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

/**
 * The streaming job end to end on a real (in-process) Kafka broker and a MiniCluster (parallelism
 * 2, RocksDB, checkpoints every second): the bundled sample goes into the two input topics, and the
 * four output topics must hold what the detection core computes over the same events, each refund
 * exactly once, and one dead letter with topic, partition and offset per bad record.
 */
class KafkaEndToEndITCase {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension static final MiniClusterExtension CLUSTER = TestClusters.miniCluster();

    private static EmbeddedKafka kafka;

    // A fresh set of topics for this class, so nothing from another run can be read back.
    private static final Topics TOPICS = Topics.fresh();

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
    void streamingJobOnKafkaEqualsTheDetectionCoreWithDeadLettersAndRefundsOnce() throws Exception {
        List<String> terminalLines =
                KafkaTestSupport.resourceLines("sample/terminal-events.ndjson");
        List<String> providerLines =
                KafkaTestSupport.resourceLines("sample/provider-events.ndjson");

        // Produce the sample keyed by order (so an order's events stay in one partition, in
        // order), remembering where each bad record went.
        Set<String> badRecordPositions = new TreeSet<>();
        TimeOrder terminalOrder;
        TimeOrder providerOrder;
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(kafka)) {
            terminalOrder =
                    produce(producer, TOPICS.terminal(), terminalLines, badRecordPositions, true);
            providerOrder =
                    produce(producer, TOPICS.provider(), providerLines, badRecordPositions, false);
            // One valid record per partition far beyond every order's horizon, so that each
            // partition's watermark passes every decision point of the sample.
            Instant far =
                    Instant.ofEpochMilli(Math.max(terminalOrder.latest(), providerOrder.latest()))
                            .plus(Duration.ofDays(3));
            KafkaTestSupport.produceSentinels(producer, TOPICS, terminalLines, providerLines, far);
        }
        assertThat(badRecordPositions).hasSize(6);

        Configuration conf = new Configuration();
        conf.set(DebitwatchOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        conf.set(DebitwatchOptions.TERMINAL_EVENTS_TOPIC, TOPICS.terminal());
        conf.set(DebitwatchOptions.PROVIDER_EVENTS_TOPIC, TOPICS.provider());
        conf.set(DebitwatchOptions.ALERTS_TOPIC, TOPICS.alerts());
        conf.set(DebitwatchOptions.REFUND_REQUESTS_TOPIC, TOPICS.refunds());
        conf.set(DebitwatchOptions.NOTIFICATIONS_TOPIC, TOPICS.notifications());
        conf.set(DebitwatchOptions.DEAD_LETTERS_TOPIC, TOPICS.deadLetters());
        conf.set(DebitwatchOptions.GROUP_ID, "it-" + TOPICS.run());
        conf.set(DebitwatchOptions.STARTING_OFFSETS, DebitwatchOptions.StartingOffsets.EARLIEST);
        conf.set(DebitwatchOptions.TRANSACTIONAL_ID_PREFIX, "it-" + TOPICS.run());
        conf.set(DebitwatchOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
        // The sample's lines are not in strict time order (the valid ones lag by about a second):
        // a bound that covers the measured lateness (as replay's input scan does) makes every
        // event on time, so the job follows the event-time definitions exactly and must equal the
        // core.
        conf.set(
                DebitwatchOptions.OUT_OF_ORDERNESS,
                Duration.ofMillis(
                        Math.max(terminalOrder.maxLateness(), providerOrder.maxLateness())
                                + 1_000));
        conf.setString("pipeline.generic-types", "false");
        conf = DebitwatchOptions.withRunDefaults(conf);

        // What the detection core decides over the same events, order by order.
        Map<String, String> expectedAlerts = new LinkedHashMap<>();
        Set<String> expectedRefundAlertIds = new TreeSet<>();
        Detector detector = new Detector(DetectorConfig.defaults());
        for (Map.Entry<OrderKey, List<Fact>> order :
                factsByOrder(terminalLines, providerLines).entrySet()) {
            for (Decision d :
                    detector.decide(order.getKey().provider(), order.getValue(), Long.MAX_VALUE)) {
                if (d.finding() != Finding.EARLY_WARNING) {
                    String id = Ids.alertId(d.finding().alertType(), order.getKey());
                    expectedAlerts.put(
                            id,
                            d.finding().alertType()
                                    + " "
                                    + d.action()
                                    + " "
                                    + d.amountMinor()
                                    + " "
                                    + Instant.ofEpochMilli(d.decidedAt()));
                    if (d.action() == Action.REFUND) {
                        expectedRefundAlertIds.add(id);
                    }
                }
            }
        }
        assertThat(expectedAlerts).hasSize(19);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobClient job = StreamingJob.start(env, conf);
        try (Outputs out = new Outputs()) {
            out.awaitUntil(
                    () ->
                            out.alerts.size() >= expectedAlerts.size()
                                    && out.refunds.size() >= expectedRefundAlertIds.size()
                                    && out.deadLetters.size() >= badRecordPositions.size()
                                    && out.opsNotifications() >= expectedAlerts.size());
            // All that was written until now, so that anything extra (a duplicate) would show.
            KafkaTestSupport.drainWritten(kafka, out.committed, out::poll, WAIT);
            KafkaTestSupport.drainWritten(kafka, out.uncommitted, out::poll, WAIT);

            Map<String, String> actualAlerts = new HashMap<>();
            for (Alert a : out.alerts) {
                assertThat(actualAlerts.put(a.alertId(), describe(a)))
                        .as("alert %s emitted once", a.alertId())
                        .isNull();
            }
            assertThat(actualAlerts).isEqualTo(expectedAlerts);

            // Each refund exactly once, for exactly the REFUND alerts, with its debit's number.
            assertThat(out.refunds.stream().map(RefundRequest::refundRequestId))
                    .doesNotHaveDuplicates();
            assertThat(out.refunds.stream().map(RefundRequest::alertId).collect(Collectors.toSet()))
                    .isEqualTo(expectedRefundAlertIds)
                    .hasSameSizeAs(out.refunds);
            for (RefundRequest r : out.refunds) {
                assertThat(r.refundRequestId())
                        .isEqualTo(
                                Ids.refundRequestId(
                                        new OrderKey(r.provider(), r.merchantId(), r.outTradeNo()),
                                        r.providerTxnId()));
            }

            // Every bad record is one dead letter that says where it came from.
            Set<String> deadPositions = new TreeSet<>();
            for (DeadLetter d : out.deadLetters) {
                assertThat(d.reason()).isNotBlank();
                assertThat(d.line()).isNull();
                deadPositions.add(d.topic() + "/" + d.partition() + "/" + d.offset());
            }
            assertThat(deadPositions).isEqualTo(badRecordPositions);
            assertThat(out.deadLetters).hasSameSizeAs(badRecordPositions);

            // OPS for every alert; notifications are at-least-once, deduped by id.
            Set<String> opsFor =
                    out.notifications.stream()
                            .filter(n -> n.channel() == Notification.Channel.OPS)
                            .map(n -> n.outTradeNo() + " " + n.kind())
                            .collect(Collectors.toSet());
            assertThat(opsFor).hasSize(expectedAlerts.size());

            // Bad records never stop the job.
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get();
        }
    }

    private static String describe(Alert a) {
        return a.type() + " " + a.action() + " " + a.amountMinor() + " " + a.decidedAt();
    }

    /** The four output topics, read from the beginning; the exactly-once two read_committed. */
    private static final class Outputs implements AutoCloseable {
        final List<Alert> alerts = new ArrayList<>();
        final List<RefundRequest> refunds = new ArrayList<>();
        final List<Notification> notifications = new ArrayList<>();
        final List<DeadLetter> deadLetters = new ArrayList<>();
        private final KafkaConsumer<byte[], byte[]> committed =
                KafkaTestSupport.consumer(kafka, true, TOPICS.alerts(), TOPICS.refunds());
        private final KafkaConsumer<byte[], byte[]> uncommitted =
                KafkaTestSupport.consumer(
                        kafka, false, TOPICS.notifications(), TOPICS.deadLetters());

        void awaitUntil(BooleanSupplier done) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!done.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "timed out: alerts "
                                    + alerts.size()
                                    + ", refunds "
                                    + refunds.size()
                                    + ", notifications "
                                    + notifications.size()
                                    + ", dead letters "
                                    + deadLetters.size());
                }
                poll();
            }
        }

        void poll() {
            for (ConsumerRecord<byte[], byte[]> r : committed.poll(Duration.ofMillis(200))) {
                String json = new String(r.value(), StandardCharsets.UTF_8);
                if (r.topic().equals(TOPICS.alerts())) {
                    Alert a = Json.read(json, Alert.class);
                    assertThat(header(r, "type")).isEqualTo(a.type().name());
                    assertThat(header(r, "merchant_id")).isEqualTo(a.merchantId());
                    assertThat(header(r, "schema")).isEqualTo("alert/1");
                    alerts.add(a);
                } else {
                    RefundRequest q = Json.read(json, RefundRequest.class);
                    assertThat(header(r, "provider")).isEqualTo(q.provider().name());
                    assertThat(header(r, "schema")).isEqualTo("refund-request/1");
                    refunds.add(q);
                }
            }
            for (ConsumerRecord<byte[], byte[]> r : uncommitted.poll(Duration.ofMillis(200))) {
                String json = new String(r.value(), StandardCharsets.UTF_8);
                if (r.topic().equals(TOPICS.notifications())) {
                    Notification n = Json.read(json, Notification.class);
                    assertThat(header(r, "kind")).isEqualTo(n.kind());
                    assertThat(header(r, "severity")).isEqualTo(n.severity().name());
                    notifications.add(n);
                } else {
                    DeadLetter d = Json.read(json, DeadLetter.class);
                    assertThat(header(r, "source")).isEqualTo(d.source());
                    assertThat(header(r, "schema")).isEqualTo("dead-letter/1");
                    deadLetters.add(d);
                }
            }
        }

        /** The value of the record's one header {@code name}; each output carries it once. */
        private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
            var values = r.headers().headers(name).iterator();
            assertThat(values).as("header %s", name).hasNext();
            String value = new String(values.next().value(), StandardCharsets.UTF_8);
            assertThat(values).as("header %s once", name).isExhausted();
            return value;
        }

        long opsNotifications() {
            return notifications.stream()
                    .filter(n -> n.channel() == Notification.Channel.OPS)
                    .map(Notification::notificationId)
                    .distinct()
                    .count();
        }

        @Override
        public void close() {
            committed.close();
            uncommitted.close();
        }
    }

    /** The latest event time of a stream and how far behind it an event came, in millis. */
    private record TimeOrder(long latest, long maxLateness) {}

    /** Produces the lines in order; measures the valid events' time order. */
    private static TimeOrder produce(
            KafkaProducer<byte[], byte[]> producer,
            String topic,
            List<String> lines,
            Set<String> badPositions,
            boolean terminal)
            throws Exception {
        long latest = Long.MIN_VALUE;
        long maxLateness = 0;
        for (String line : lines) {
            OrderKey key = null;
            Parsed<?> parsed =
                    terminal ? EventParser.parseTerminal(line) : EventParser.parseProvider(line);
            if (parsed instanceof Parsed.Ok<?> ok) {
                long time;
                if (ok.value() instanceof TerminalEvent t) {
                    key = t.orderKey();
                    time = t.eventTime().toEpochMilli();
                } else {
                    ProviderEvent p = (ProviderEvent) ok.value();
                    key = p.orderKey();
                    time = p.eventTime().toEpochMilli();
                }
                if (latest != Long.MIN_VALUE) {
                    maxLateness = Math.max(maxLateness, latest - time);
                }
                latest = Math.max(latest, time);
            }
            RecordMetadata m =
                    producer.send(
                                    new ProducerRecord<>(
                                            topic,
                                            key == null
                                                    ? null
                                                    : key.toString()
                                                            .getBytes(StandardCharsets.UTF_8),
                                            line.getBytes(StandardCharsets.UTF_8)))
                            .get();
            if (key == null) {
                badPositions.add(m.topic() + "/" + m.partition() + "/" + m.offset());
            }
        }
        return new TimeOrder(latest, maxLateness);
    }

    private static Map<OrderKey, List<Fact>> factsByOrder(
            List<String> terminalLines, List<String> providerLines) {
        Map<OrderKey, List<Fact>> byOrder = new HashMap<>();
        for (String line : terminalLines) {
            if (EventParser.parseTerminal(line) instanceof Parsed.Ok<TerminalEvent> ok) {
                byOrder.computeIfAbsent(ok.value().orderKey(), k -> new ArrayList<>())
                        .add(Fact.of(ok.value()));
            }
        }
        for (String line : providerLines) {
            if (EventParser.parseProvider(line) instanceof Parsed.Ok<ProviderEvent> ok) {
                byOrder.computeIfAbsent(ok.value().orderKey(), k -> new ArrayList<>())
                        .add(Fact.of(ok.value()));
            }
        }
        return byOrder;
    }
}
