package io.debitwatch.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.debitwatch.core.model.OrderKey;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.RefundRequest;
import io.debitwatch.core.model.TerminalEvent;
import io.debitwatch.embeddedkafka.EmbeddedKafka;
import io.debitwatch.job.DebitwatchOptions;
import io.debitwatch.job.TestClusters;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Shared pieces of the Kafka ITCases that restart or restore the streaming job: a loopback
 * MiniCluster, fresh topics on the embedded broker, copies of the bundled sample with fresh order
 * ids, what the detection core expects of them, and read_committed readers of the exactly-once
 * outputs.
 */
final class KafkaTestSupport {

    static final int INPUT_PARTITIONS = 2;

    private KafkaTestSupport() {}

    /** A MiniCluster for one test class: 2 slots, RocksDB, every address on the loopback. */
    static MiniClusterExtension miniCluster() {
        return TestClusters.miniCluster();
    }

    /** A fresh set of topic names, so nothing from another run can be read back. */
    record Topics(
            String run,
            String terminal,
            String provider,
            String alerts,
            String refunds,
            String notifications,
            String deadLetters) {

        static Topics fresh() {
            String run = UUID.randomUUID().toString().substring(0, 8);
            return new Topics(
                    run,
                    "terminal-events-" + run,
                    "provider-events-" + run,
                    "alerts-" + run,
                    "refund-requests-" + run,
                    "notifications-" + run,
                    "dead-letters-" + run);
        }

        EmbeddedKafka startKafka() {
            return EmbeddedKafka.builder()
                    .topic(terminal, INPUT_PARTITIONS)
                    .topic(provider, INPUT_PARTITIONS)
                    .topic(alerts, 2)
                    .topic(refunds, 2)
                    .topic(notifications, 2)
                    .topic(deadLetters, 1)
                    .build()
                    .start();
        }

        /** Creates these topics on a running broker, as {@link #startKafka()} would. */
        Topics createOn(EmbeddedKafka kafka) {
            Map<String, Integer> topics = new LinkedHashMap<>();
            topics.put(terminal, INPUT_PARTITIONS);
            topics.put(provider, INPUT_PARTITIONS);
            topics.put(alerts, 2);
            topics.put(refunds, 2);
            topics.put(notifications, 2);
            topics.put(deadLetters, 1);
            kafka.createTopics(topics);
            return this;
        }
    }

    /**
     * The job's configuration for these topics: checkpoints every {@code checkpointInterval} into
     * {@code checkpointDir}, a fixed-delay restart strategy, the given out-of-orderness bound, and
     * event time from the records only.
     */
    static Configuration jobConf(
            EmbeddedKafka kafka,
            Topics t,
            Duration outOfOrderness,
            Duration checkpointInterval,
            Path checkpointDir) {
        Configuration conf = new Configuration();
        conf.set(DebitwatchOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        conf.set(DebitwatchOptions.TERMINAL_EVENTS_TOPIC, t.terminal());
        conf.set(DebitwatchOptions.PROVIDER_EVENTS_TOPIC, t.provider());
        conf.set(DebitwatchOptions.ALERTS_TOPIC, t.alerts());
        conf.set(DebitwatchOptions.REFUND_REQUESTS_TOPIC, t.refunds());
        conf.set(DebitwatchOptions.NOTIFICATIONS_TOPIC, t.notifications());
        conf.set(DebitwatchOptions.DEAD_LETTERS_TOPIC, t.deadLetters());
        conf.set(DebitwatchOptions.GROUP_ID, "it-" + t.run());
        conf.set(DebitwatchOptions.STARTING_OFFSETS, DebitwatchOptions.StartingOffsets.EARLIEST);
        conf.set(DebitwatchOptions.TRANSACTIONAL_ID_PREFIX, "it-" + t.run());
        conf.set(DebitwatchOptions.CHECKPOINT_INTERVAL, checkpointInterval);
        conf.set(DebitwatchOptions.OUT_OF_ORDERNESS, outOfOrderness);
        // These jobs run through synthetic days of 2026-11 with watermarks from the records alone:
        // an allowance of a century keeps event time from following the wall clock when the
        // inputs go quiet (SPEC §4a rule 10), which would decide every open order at once.
        conf.set(DebitwatchOptions.QUIET_ALLOWANCE, Duration.ofDays(36_500));
        conf.setString("pipeline.generic-types", "false");
        conf.setString("parallelism.default", "2");
        conf.setString("execution.checkpointing.dir", checkpointDir.toUri().toString());
        conf = DebitwatchOptions.withRunDefaults(conf);
        // After the run defaults, which pick an exponential-delay strategy.
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "3");
        conf.setString("restart-strategy.fixed-delay.delay", "200 ms");
        return conf;
    }

    /**
     * Cancels a job and waits until it has ended, so that its slots are free before the next test
     * of the class submits its own job (cancel() alone returns once the request is accepted).
     */
    static void cancelAndAwait(org.apache.flink.core.execution.JobClient job) throws Exception {
        job.cancel().get();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (!job.getJobStatus().get().isGloballyTerminalState()
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    static List<String> resourceLines(String name) {
        try (InputStream in = KafkaTestSupport.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copy {@code copy} of the valid events among {@code lines}: each order gets a fresh
     * out_trade_no, each event a fresh event_id, and every event time moves {@code shift} later.
     */
    static List<String> copyOf(List<String> lines, boolean terminal, int copy, Duration shift) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            if (!(parse(line, terminal) instanceof Parsed.Ok<?>)) {
                continue;
            }
            try {
                ObjectNode node = (ObjectNode) Json.mapper().readTree(line);
                node.put("event_id", node.get("event_id").asText() + "-c" + copy);
                node.put("out_trade_no", node.get("out_trade_no").asText() + "C" + copy);
                OffsetDateTime time = OffsetDateTime.parse(node.get("event_time").asText());
                node.put("event_time", time.plus(shift).toString());
                String json = node.toString();
                assertThat(parse(json, terminal)).as(json).isInstanceOf(Parsed.Ok.class);
                out.add(json);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    static Parsed<?> parse(String line, boolean terminal) {
        return terminal ? EventParser.parseTerminal(line) : EventParser.parseProvider(line);
    }

    static OrderKey orderKey(String validLine, boolean terminal) {
        Object value = ((Parsed.Ok<?>) parse(validLine, terminal)).value();
        return value instanceof TerminalEvent t ? t.orderKey() : ((ProviderEvent) value).orderKey();
    }

    static long eventTime(String validLine, boolean terminal) {
        Object value = ((Parsed.Ok<?>) parse(validLine, terminal)).value();
        return value instanceof TerminalEvent t
                ? t.eventTime().toEpochMilli()
                : ((ProviderEvent) value).eventTime().toEpochMilli();
    }

    /** How far behind the latest earlier event time an event of the stream came, in millis. */
    static long maxLateness(List<String> validLines, boolean terminal) {
        long latest = Long.MIN_VALUE;
        long lateness = 0;
        for (String line : validLines) {
            long time = eventTime(line, terminal);
            if (latest != Long.MIN_VALUE) {
                lateness = Math.max(lateness, latest - time);
            }
            latest = Math.max(latest, time);
        }
        return lateness;
    }

    static long latest(List<String> validLines, boolean terminal) {
        return validLines.stream().mapToLong(l -> eventTime(l, terminal)).max().orElseThrow();
    }

    /** What the detection core decides over the valid events, with the ids the job must use. */
    record Expected(Map<String, String> alerts, Map<String, String> refundsByAlertId) {

        static Expected of(List<String> terminalLines, List<String> providerLines) {
            Map<OrderKey, List<Fact>> byOrder = new LinkedHashMap<>();
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
            Map<String, String> alerts = new TreeMap<>();
            Map<String, String> refunds = new TreeMap<>();
            Detector detector = new Detector(DetectorConfig.defaults());
            for (Map.Entry<OrderKey, List<Fact>> order : byOrder.entrySet()) {
                for (Decision d :
                        detector.decide(
                                order.getKey().provider(), order.getValue(), Long.MAX_VALUE)) {
                    if (d.finding() == Finding.EARLY_WARNING) {
                        continue;
                    }
                    String id = Ids.alertId(d.finding().alertType(), order.getKey());
                    alerts.put(
                            id,
                            d.finding().alertType()
                                    + " "
                                    + d.action()
                                    + " "
                                    + d.amountMinor()
                                    + " "
                                    + Instant.ofEpochMilli(d.decidedAt()));
                    if (d.action() == Action.REFUND) {
                        refunds.put(id, Ids.refundRequestId(order.getKey(), d.debitTxnId()));
                    }
                }
            }
            return new Expected(alerts, refunds);
        }
    }

    static String describe(Alert a) {
        return a.type() + " " + a.action() + " " + a.amountMinor() + " " + a.decidedAt();
    }

    /** How a test client reaches the broker's PLAINTEXT listener: just its address. */
    static Map<String, Object> plaintext(EmbeddedKafka kafka) {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    }

    static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
        return producer(plaintext(kafka));
    }

    /**
     * A producer whose connection settings ({@code bootstrap.servers}, security) are {@code
     * client}'s.
     */
    static KafkaProducer<byte[], byte[]> producer(Map<String, ?> client) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(config);
    }

    /** Produces valid lines keyed by order, in order, and waits until the broker has them. */
    static void produce(
            KafkaProducer<byte[], byte[]> producer,
            String topic,
            List<String> validLines,
            boolean terminal)
            throws Exception {
        for (String line : validLines) {
            producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    orderKey(line, terminal)
                                            .toString()
                                            .getBytes(StandardCharsets.UTF_8),
                                    line.getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
    }

    /**
     * One valid event per input partition of both topics at {@code at}, each of an order of its
     * own: it moves every partition's watermark there, and its own deadline lies beyond every
     * watermark of the test, so it decides nothing.
     */
    static void produceSentinels(
            KafkaProducer<byte[], byte[]> producer,
            Topics t,
            List<String> terminalLines,
            List<String> providerLines,
            Instant at)
            throws Exception {
        for (int p = 0; p < INPUT_PARTITIONS; p++) {
            send(producer, t.terminal(), p, sentinel(terminalLines, at, "T" + p, true));
            send(producer, t.provider(), p, sentinel(providerLines, at, "P" + p, false));
        }
        producer.flush();
    }

    /**
     * {@link #produceSentinels} three days after the latest event of {@code terminalLines} and
     * {@code providerLines}: the watermark then passes every decision point, horizons included.
     */
    static void produceSentinelsPastAll(
            KafkaProducer<byte[], byte[]> producer,
            Topics t,
            List<String> terminalSample,
            List<String> providerSample,
            List<String> terminalLines,
            List<String> providerLines)
            throws Exception {
        Instant far =
                Instant.ofEpochMilli(
                                Math.max(latest(terminalLines, true), latest(providerLines, false)))
                        .plus(Duration.ofDays(3));
        produceSentinels(producer, t, terminalSample, providerSample, far);
    }

    private static void send(
            KafkaProducer<byte[], byte[]> producer, String topic, int partition, String json)
            throws Exception {
        producer.send(
                        new ProducerRecord<>(
                                topic, partition, null, json.getBytes(StandardCharsets.UTF_8)))
                .get();
    }

    private static String sentinel(List<String> lines, Instant at, String tag, boolean terminal)
            throws IOException {
        String first =
                lines.stream()
                        .filter(l -> parse(l, terminal) instanceof Parsed.Ok<?>)
                        .findFirst()
                        .orElseThrow();
        ObjectNode node = (ObjectNode) Json.mapper().readTree(first);
        node.put("event_id", "sentinel-" + tag);
        node.put("event_time", at.toString());
        node.put("out_trade_no", "DW-SENTINEL-" + tag);
        if (terminal) {
            node.put("type", "PAY_REQUEST");
            node.remove("result");
        } else {
            node.put("source", "QUERY");
            node.put("status", "NOT_PAID");
            node.remove("provider_txn_id");
        }
        String json = node.toString();
        assertThat(parse(json, terminal)).isInstanceOf(Parsed.Ok.class);
        return json;
    }

    static KafkaConsumer<byte[], byte[]> consumer(
            EmbeddedKafka kafka, boolean readCommitted, String... topics) {
        return consumer(plaintext(kafka), readCommitted, topics);
    }

    /** As {@link #consumer(EmbeddedKafka, boolean, String...)}, connecting as {@code client}. */
    static KafkaConsumer<byte[], byte[]> consumer(
            Map<String, ?> client, boolean readCommitted, String... topics) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                readCommitted ? "read_committed" : "read_uncommitted");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config);
        // Assigned, not subscribed: no group rebalance to wait for.
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            for (PartitionInfo p : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /**
     * Reads until every record written to the consumer's partitions before this call is committed
     * (the last stable offset has passed it: no open transaction still holds it) and read. A
     * duplicate written before the call is then in hand; this is deterministic where waiting "a
     * checkpoint's worth of time" for one to show is not.
     */
    static void drainWritten(
            EmbeddedKafka kafka,
            KafkaConsumer<byte[], byte[]> consumer,
            Runnable poll,
            Duration timeout) {
        drainWritten(plaintext(kafka), consumer, poll, timeout);
    }

    /**
     * As {@link #drainWritten(EmbeddedKafka, KafkaConsumer, Runnable, Duration)}, as {@code
     * client}.
     */
    static void drainWritten(
            Map<String, ?> client,
            KafkaConsumer<byte[], byte[]> consumer,
            Runnable poll,
            Duration timeout) {
        Set<TopicPartition> partitions = consumer.assignment();
        Map<TopicPartition, Long> written;
        try (Admin admin = Admin.create(new HashMap<String, Object>(client))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            written = new HashMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                    .all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((p, info) -> written.put(p, info.offset()));
        } catch (Exception e) {
            throw new AssertionError("cannot read the log end offsets of " + partitions, e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<TopicPartition, Long> stable = consumer.endOffsets(partitions);
            boolean done = true;
            for (TopicPartition p : partitions) {
                long end = written.get(p);
                done &= stable.get(p) >= end && consumer.position(p) >= end;
            }
            if (done) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "records written before " + written + " not committed and read in time");
            }
            poll.run();
        }
    }

    /** The alerts and refund requests topics, read from the beginning with one isolation level. */
    static final class ExactlyOnceOutputs implements AutoCloseable {
        final List<Alert> alerts = new ArrayList<>();
        final List<RefundRequest> refunds = new ArrayList<>();
        private final Map<String, ?> client;
        private final String alertsTopic;
        private final KafkaConsumer<byte[], byte[]> consumer;

        ExactlyOnceOutputs(EmbeddedKafka kafka, Topics t, boolean readCommitted) {
            this(plaintext(kafka), t, readCommitted);
        }

        /** The outputs read by clients with {@code client}'s connection settings. */
        ExactlyOnceOutputs(Map<String, ?> client, Topics t, boolean readCommitted) {
            this.client = client;
            this.alertsTopic = t.alerts();
            this.consumer = consumer(client, readCommitted, t.alerts(), t.refunds());
        }

        void poll() {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                String json = new String(r.value(), StandardCharsets.UTF_8);
                if (r.topic().equals(alertsTopic)) {
                    alerts.add(Json.read(json, Alert.class));
                } else {
                    refunds.add(Json.read(json, RefundRequest.class));
                }
            }
        }

        void awaitUntil(BooleanSupplier done, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "timed out: alerts " + alerts.size() + ", refunds " + refunds.size());
                }
                poll();
            }
        }

        /**
         * Waits for at least the expected numbers of alerts and refund requests, then reads all
         * that was written until then, so that a duplicate would show ({@link #drainWritten}).
         */
        void awaitAll(Expected expected, Duration timeout) {
            awaitUntil(
                    () ->
                            alerts.size() >= expected.alerts().size()
                                    && refunds.size() >= expected.refundsByAlertId().size(),
                    timeout);
            drainWritten(timeout);
        }

        /** Reads all that was written to the two topics until now ({@link #drainWritten}). */
        void drainWritten(Duration timeout) {
            KafkaTestSupport.drainWritten(client, consumer, this::poll, timeout);
        }

        /** Every expected alert and refund exactly once, nothing else. */
        void assertExactly(Expected expected) {
            Map<String, String> actualAlerts = new TreeMap<>();
            for (Alert a : alerts) {
                assertThat(actualAlerts.put(a.alertId(), describe(a)))
                        .as("alert %s emitted once", a.alertId())
                        .isNull();
            }
            assertThat(actualAlerts).isEqualTo(expected.alerts());
            Map<String, String> actualRefunds = new TreeMap<>();
            for (RefundRequest r : refunds) {
                assertThat(actualRefunds.put(r.alertId(), r.refundRequestId()))
                        .as("refund of alert %s emitted once", r.alertId())
                        .isNull();
            }
            assertThat(actualRefunds).isEqualTo(expected.refundsByAlertId());
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
