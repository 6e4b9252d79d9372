package io.debitwatch.console;

import io.debitwatch.embeddedkafka.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One Kafka broker and one PostgreSQL server for a test class, both on 127.0.0.1; each test gets
 * fresh topics and a fresh database from them.
 */
final class StoreTestEnvironment implements AutoCloseable {

    private static final AtomicInteger NEXT = new AtomicInteger();

    final EmbeddedKafka kafka;
    final EmbeddedPostgresServer postgres;
    private final Path pgDir;

    StoreTestEnvironment() throws IOException {
        pgDir = Files.createTempDirectory("console-pg");
        kafka = EmbeddedKafka.builder().build().start();
        try {
            postgres = EmbeddedPostgresServer.start(pgDir.resolve("data"));
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    /** Fresh output topics with {@code partitions} partitions each. */
    OutputTopics newTopics(int partitions) {
        int n = NEXT.incrementAndGet();
        OutputTopics topics =
                new OutputTopics("alerts-" + n, "refund-requests-" + n, "notifications-" + n);
        Map<String, Integer> create = new HashMap<>();
        topics.all().forEach(t -> create.put(t, partitions));
        kafka.createTopics(create);
        return topics;
    }

    /** The JDBC URL of a fresh, empty database on the shared server. */
    String newDatabaseUrl() throws SQLException {
        String name = "console_" + NEXT.incrementAndGet();
        try (Connection c =
                        DriverManager.getConnection(
                                postgres.jdbcUrl("postgres"), EmbeddedPostgresServer.USER, null);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return postgres.jdbcUrl(name);
    }

    /** A fresh database, migrated, with a pool on it. */
    ConsoleDatabase newDatabase() throws SQLException {
        return ConsoleDatabase.external(newDatabaseUrl(), EmbeddedPostgresServer.USER, null);
    }

    /** A transactional producer, as the job's exactly-once sinks are. */
    KafkaProducer<String, String> transactionalProducer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "console-test-" + NEXT.incrementAndGet());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        KafkaProducer<String, String> producer = new KafkaProducer<>(p);
        producer.initTransactions();
        return producer;
    }

    /** The read_committed end offset of every partition of {@code topics}. */
    Map<TopicPartition, Long> endOffsets(OutputTopics topics) {
        Properties p = Materializer.consumerProperties(kafka.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions =
                    topics.all().stream()
                            .flatMap(t -> consumer.partitionsFor(t).stream())
                            .map(i -> new TopicPartition(i.topic(), i.partition()))
                            .toList();
            return consumer.endOffsets(partitions);
        }
    }

    /** The offsets the store says it has consumed. */
    static Map<TopicPartition, Long> storedOffsets(javax.sql.DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return StoreWriter.storedOffsets(c);
        }
    }

    /** A single long from a query with parameters. */
    static long queryLong(javax.sql.DataSource ds, String sql, Object... params)
            throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            postgres.close();
        } finally {
            kafka.close();
            try (var paths = Files.walk(pgDir)) {
                paths.sorted(java.util.Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }
}
