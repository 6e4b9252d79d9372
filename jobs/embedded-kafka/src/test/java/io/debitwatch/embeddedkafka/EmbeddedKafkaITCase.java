package io.debitwatch.embeddedkafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs a real broker in this JVM and talks to it with the ordinary Kafka clients. */
@Timeout(60)
class EmbeddedKafkaITCase {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    /** One broker for the client tests: starting one costs a couple of seconds. */
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka =
                EmbeddedKafka.builder()
                        .topic("plain", 3)
                        .topic("tx", 1)
                        .topic("wide", 5)
                        .build()
                        .start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void createsTopicsWithTheRequestedPartitionCounts() throws Exception {
        kafka.createTopics(Map.of("late", 2));

        try (Admin admin = admin(kafka)) {
            Map<String, TopicDescription> topics =
                    admin.describeTopics(List.of("plain", "tx", "wide", "late"))
                            .allTopicNames()
                            .get();
            assertThat(topics)
                    .extractingByKeys("plain", "tx", "wide", "late")
                    .extracting(d -> d.partitions().size())
                    .containsExactly(3, 1, 5, 2);
            assertThat(topics.values())
                    .flatExtracting(TopicDescription::partitions)
                    .allSatisfy(p -> assertThat(p.leader()).isNotNull());
        }
        // Creating an existing topic again is a no-op; a different partition count is an error.
        kafka.createTopics(Map.of("late", 2));
        assertThatThrownBy(() -> kafka.createTopics(Map.of("late", 4)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("2 partitions");
    }

    @Test
    void autoTopicCreationIsOff() throws Exception {
        Map<String, Object> props = producerProps(kafka);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1500);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            assertThatThrownBy(
                            () -> producer.send(new ProducerRecord<>("no-such-topic", "x")).get())
                    .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
        }
        try (Admin admin = admin(kafka)) {
            assertThat(admin.listTopics().names().get()).doesNotContain("no-such-topic");
        }
    }

    @Test
    void idempotentProducerRecordsAreReadBackByAConsumerGroup() throws Exception {
        List<String> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(kafka))) {
            for (int i = 0; i < 30; i++) {
                String value = "debit-" + i;
                producer.send(new ProducerRecord<>("plain", "order-" + i, value)).get();
                sent.add(value);
            }
        }

        // A subscribed consumer with committed offsets needs the __consumer_offsets topic,
        // which only works with replication factor 1 on a single node.
        Map<String, Object> props = consumerProps(kafka, "read_uncommitted");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-group");
        List<String> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of("plain"));
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (received.size() < sent.size() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> received.add(r.value()));
            }
            consumer.commitSync();
        }
        assertThat(received).containsExactlyInAnyOrderElementsOf(sent);

        try (Admin admin = admin(kafka)) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets("it-group")
                            .partitionsToOffsetAndMetadata()
                            .get();
            assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum())
                    .isEqualTo(sent.size());
        }
    }

    @Test
    void readCommittedSeesOnlyCommittedTransactions() throws Exception {
        Map<String, Object> props = producerProps(kafka);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-tx");
        // Below the broker's transaction.max.timeout.ms (15 min), or initTransactions fails.
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.initTransactions();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", "k", "committed-1"));
            producer.send(new ProducerRecord<>("tx", "k", "committed-2"));
            producer.commitTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", "k", "aborted-1"));
            producer.flush(); // the record reaches the log before the abort marker
            producer.abortTransaction();
        }

        assertThat(readAll(kafka, "tx", "read_committed"))
                .containsExactly("committed-1", "committed-2");
        assertThat(readAll(kafka, "tx", "read_uncommitted"))
                .containsExactly("committed-1", "committed-2", "aborted-1");
    }

    @Test
    void listenersBindToLoopbackOnly() throws Exception {
        assertThat(kafka.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
        try (Admin admin = admin(kafka)) {
            Collection<Node> nodes = admin.describeCluster().nodes().get();
            assertThat(nodes).extracting(Node::host).containsExactly("127.0.0.1");
            assertThat(nodes).extracting(Node::id).containsExactly(1);
        }

        int brokerPort = port(kafka);
        int controllerPort = kafka.controllerPort();
        assertThat(canConnect(InetAddress.getLoopbackAddress(), brokerPort)).isTrue();
        assertThat(canConnect(InetAddress.getLoopbackAddress(), controllerPort)).isTrue();
        // Had either listener bound 0.0.0.0, it would answer on this machine's other addresses.
        for (InetAddress address : nonLoopbackAddresses()) {
            assertThat(canConnect(address, brokerPort)).as("broker on %s", address).isFalse();
            assertThat(canConnect(address, controllerPort))
                    .as("controller on %s", address)
                    .isFalse();
        }
    }

    @Test
    void closeReleasesPortsAndFilesSoAnotherBrokerCanStart(@TempDir Path freshDir)
            throws Exception {
        EmbeddedKafka first = EmbeddedKafka.builder().topic("t", 1).build();
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            first.start();
        } finally {
            System.setOut(stdout);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).as("stdout during start").isEmpty();

        int brokerPort = port(first);
        int controllerPort = first.controllerPort();
        Path tempDir = first.dataDir();
        produce(first, "t", "before-close");
        first.close();
        first.close(); // idempotent

        assertThat(tempDir).doesNotExist();
        for (int port : new int[] {brokerPort, controllerPort}) {
            try (ServerSocket socket =
                    new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }

        try (EmbeddedKafka second =
                EmbeddedKafka.builder().dataDir(freshDir).topic("t", 1).build().start()) {
            produce(second, "t", "after-restart");
            assertThat(readAll(second, "t", "read_committed")).containsExactly("after-restart");
        }
        // A caller-supplied data dir is never deleted.
        assertThat(freshDir).isDirectory();
    }

    @Test
    void restartOnTheSameDataDirKeepsTopicsAndRecords(@TempDir Path dataDir) {
        try (EmbeddedKafka kafka =
                EmbeddedKafka.builder().dataDir(dataDir).topic("kept", 2).build().start()) {
            produce(kafka, "kept", "survives");
        }
        // New free ports, same storage: the static voter set lets the controller move.
        try (EmbeddedKafka kafka =
                EmbeddedKafka.builder().dataDir(dataDir).topic("kept", 2).build().start()) {
            assertThat(readAll(kafka, "kept", "read_committed")).containsExactly("survives");
        }
    }

    @Test
    void restartOnAFixedPortAndTheSameDataDirServesTheSameAddressAndRecords(@TempDir Path dataDir) {
        int port = LoopbackPorts.free(1)[0];
        String address;
        try (EmbeddedKafka kafka =
                EmbeddedKafka.builder()
                        .port(port)
                        .dataDir(dataDir)
                        .topic("kept", 2)
                        .build()
                        .start()) {
            address = kafka.bootstrapServers();
            assertThat(address).isEqualTo("127.0.0.1:" + port);
            produce(kafka, "kept", "before the restart");
        }
        // Formatted already: started as it is, at the address its clients know.
        assertThat(dataDir.resolve("logs").resolve("meta.properties")).isRegularFile();
        try (EmbeddedKafka kafka =
                EmbeddedKafka.builder()
                        .port(port)
                        .dataDir(dataDir)
                        .topic("kept", 2)
                        .build()
                        .start()) {
            assertThat(kafka.bootstrapServers()).isEqualTo(address);
            produce(kafka, "kept", "after the restart");
            assertThat(readAll(kafka, "kept", "read_committed"))
                    .containsExactlyInAnyOrder("before the restart", "after the restart");
        }
    }

    @Test
    void aPortTakenBeforeTheBrokerBindsItMeansRetryNotAHaltedJvm() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int taken = squatter.getLocalPort();
            AtomicInteger attempts = new AtomicInteger();
            // First attempt: the controller port is taken, which Kafka treats as a fatal fault.
            Supplier<int[]> ports =
                    () ->
                            attempts.incrementAndGet() == 1
                                    ? new int[] {LoopbackPorts.free(1)[0], taken}
                                    : LoopbackPorts.free(2);
            try (EmbeddedKafka kafka =
                    EmbeddedKafka.builder().portChooser(ports).topic("t", 1).build().start()) {
                assertThat(attempts).hasValue(2);
                assertThat(kafka.controllerPort()).isNotEqualTo(taken);
                produce(kafka, "t", "after-retry");
                assertThat(readAll(kafka, "t", "read_committed")).containsExactly("after-retry");
            }
        }
    }

    @Test
    void saslSslListenerLetsInScramUsersOnlyOverTlsOnTheLoopback(@TempDir Path certs)
            throws Exception {
        TlsStores tls = LoopbackCertificates.generate(certs, "store-secret");
        try (EmbeddedKafka secured =
                EmbeddedKafka.builder()
                        .saslSsl(tls)
                        .scramUser("alice", "alice-secret")
                        .topic("secured", 1)
                        .build()
                        .start()) {
            String address = secured.saslSslBootstrapServers();
            assertThat(address)
                    .matches("127\\.0\\.0\\.1:\\d+")
                    .isNotEqualTo(secured.bootstrapServers());

            Map<String, Object> props = producerProps(secured);
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, address);
            props.putAll(secured.saslSslClientConfig("alice", "alice-secret"));
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
                producer.send(new ProducerRecord<>("secured", "over-tls")).get();
            }
            // Metadata fetched over the SASL_SSL listener names that listener's port only.
            Map<String, Object> adminProps = new HashMap<>(props);
            try (Admin admin = Admin.create(adminProps)) {
                assertThat(admin.describeCluster().nodes().get())
                        .extracting(n -> n.host() + ":" + n.port())
                        .containsExactly(address);
            }
            Map<String, Object> consumer = consumerProps(secured, "read_committed");
            consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, address);
            consumer.putAll(secured.saslSslClientConfig("alice", "alice-secret"));
            assertThat(readAll(consumer, "secured")).containsExactly("over-tls");

            // A wrong password is refused at once, not retried.
            Map<String, Object> wrong = new HashMap<>(props);
            wrong.putAll(secured.saslSslClientConfig("alice", "not-her-password"));
            try (Admin admin = Admin.create(wrong)) {
                assertThatThrownBy(() -> admin.describeCluster().nodes().get(20, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(SaslAuthenticationException.class);
            }

            int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
            for (InetAddress other : nonLoopbackAddresses()) {
                assertThat(canConnect(other, port)).as("SASL_SSL on %s", other).isFalse();
            }
        }
    }

    @Test
    void scramUsersNeedTheSaslSslListener() {
        assertThatThrownBy(() -> EmbeddedKafka.builder().scramUser("bob", "pw").build())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> EmbeddedKafka.builder().scramUser("bob", "a,b"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void brokerOwnedSettingsCannotBeOverridden() {
        assertThatThrownBy(() -> EmbeddedKafka.builder().config("listeners", "PLAINTEXT://:9092"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void produce(EmbeddedKafka kafka, String topic, String value) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(kafka))) {
            producer.send(new ProducerRecord<>(topic, value)).get();
        } catch (Exception e) {
            throw new AssertionError("produce failed", e);
        }
    }

    /** Reads every partition of the topic from the beginning to its current end, in order. */
    private static List<String> readAll(EmbeddedKafka kafka, String topic, String isolation) {
        return readAll(consumerProps(kafka, isolation), topic);
    }

    private static List<String> readAll(Map<String, Object> consumerProps, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // Under read_committed the end offset is the last stable offset.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime())
                        .as("read %s before timeout", topic)
                        .isLessThan(deadline);
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            return values;
        }
    }

    private static Map<String, Object> producerProps(EmbeddedKafka kafka) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return props;
    }

    private static Map<String, Object> consumerProps(EmbeddedKafka kafka, String isolation) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return props;
    }

    private static Admin admin(EmbeddedKafka kafka) {
        return Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static int port(EmbeddedKafka kafka) {
        String servers = kafka.bootstrapServers();
        return Integer.parseInt(servers.substring(servers.lastIndexOf(':') + 1));
    }

    private static boolean canConnect(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (ConnectException | SocketTimeoutException e) {
            return false;
        }
    }

    private static List<InetAddress> nonLoopbackAddresses() throws SocketException {
        List<InetAddress> addresses = new ArrayList<>();
        for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
            if (nic.isUp() && !nic.isLoopback()) {
                nic.inetAddresses()
                        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                        .forEach(addresses::add);
            }
        }
        return addresses;
    }
}
