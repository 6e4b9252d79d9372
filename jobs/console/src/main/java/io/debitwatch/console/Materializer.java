package io.debitwatch.console;

import io.debitwatch.core.json.Parsed;
import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.RefundRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Materialises the job's output topics into the console's store, exactly once: each poll's rows and
 * the next offsets of its partitions are committed in one database transaction, and a (re)start
 * seeks to the stored offsets. Kafka's committed offsets are never used. A record that cannot be
 * read is logged, recorded in {@code skipped_records} and passed over.
 *
 * <pre>{@code
 * try (Materializer m = Materializer.start("127.0.0.1:9092", OutputTopics.defaults(), ds)) {
 *     ...
 * }
 * }</pre>
 */
public final class Materializer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Materializer.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long RETRY_MILLIS = 1_000;

    private final OutputTopics topics;
    private final DataSource dataSource;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile boolean assigned;
    // Stores batches while the consumer thread parses the next; touched by the consumer thread.
    private final ExecutorService writer =
            Executors.newSingleThreadExecutor(
                    r -> {
                        Thread t = new Thread(r, "debitwatch-console-writer");
                        t.setDaemon(true);
                        return t;
                    });
    private Future<Void> writing;
    private int writingRecords;

    private Materializer(String bootstrapServers, OutputTopics topics, DataSource dataSource) {
        this.topics = topics;
        this.dataSource = dataSource;
        this.consumer = new KafkaConsumer<>(consumerProperties(bootstrapServers));
        this.thread = new Thread(this::run, "debitwatch-console-materializer");
        this.thread.setDaemon(true);
    }

    /** Starts consuming {@code topics} from {@code bootstrapServers} into {@code dataSource}. */
    public static Materializer start(
            String bootstrapServers, OutputTopics topics, DataSource dataSource) {
        Materializer m = new Materializer(bootstrapServers, topics, dataSource);
        m.thread.start();
        return m;
    }

    static Properties consumerProperties(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // No group: partitions are assigned by hand and offsets live in the database.
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "debitwatch-console");
        // One transaction per poll: larger polls mean fewer round trips per record stored.
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        return p;
    }

    /** True once every partition of the three topics is assigned and positioned. */
    public boolean assigned() {
        return assigned && thread.isAlive();
    }

    /** Row counts of the store, read from the database. */
    public StoreCounts counts() throws SQLException {
        return StoreCounts.read(dataSource);
    }

    /** The store's keys: every incident's order key and every refund request's id. */
    public StoreKeys keys() throws SQLException {
        return StoreKeys.read(dataSource);
    }

    /**
     * Whether the store has read every partition in {@code endOffsets} up to its offset: the stored
     * next offset (absent: 0) is at least the given one. With end offsets taken after the last
     * write, true means every committed record up to then is stored.
     */
    public boolean caughtUpTo(Map<TopicPartition, Long> endOffsets) throws SQLException {
        Map<TopicPartition, Long> stored;
        try (Connection c = dataSource.getConnection()) {
            stored = StoreWriter.storedOffsets(c);
        }
        return endOffsets.entrySet().stream()
                .allMatch(e -> stored.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    /** Stops consuming and waits for the current batch to finish (or roll back). */
    public void stop() {
        stopping = true;
        consumer.wakeup();
        try {
            if (!stopped.await(30, TimeUnit.SECONDS)) {
                LOG.warn("the materializer did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = awaitPartitions();
            consumer.assign(partitions);
            Map<TopicPartition, Long> positions = seekToStored(partitions);
            assigned = true;
            LOG.info("materializing {} partitions of {}", partitions.size(), topics.all());
            consume(partitions, positions);
        } catch (WakeupException e) {
            if (!stopping) {
                LOG.error("the materializer was woken up unexpectedly", e);
            }
        } catch (RuntimeException e) {
            LOG.error("the materializer stopped", e);
        } finally {
            assigned = false;
            awaitWriter();
            consumer.close(Duration.ofSeconds(5));
            stopped.countDown();
        }
    }

    /**
     * Polls and stores until stopped. Two stages overlap: while the writer thread stores one batch
     * (its rows and offsets in one transaction), this thread polls and parses the next; a batch is
     * handed over only once the previous one is committed, so transactions follow offset order.
     * When a batch fails, the one parsed meanwhile is dropped and both are read again from the
     * stored offsets.
     */
    private void consume(List<TopicPartition> partitions, Map<TopicPartition, Long> positions) {
        while (!stopping) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
            // Relative to the positions after the batch being written, if that one succeeds.
            Batch batch = batchOf(records, positions);
            if (!previousWritten()) {
                // The polled records are lost with the rolled-back transaction: go back to
                // what the database says was stored, after a pause. Records PostgreSQL would
                // always refuse are skipped before this point (OutputRecords), so this is
                // for outages, and the thread keeps running through them.
                pause();
                positions = seekToStored(partitions);
                continue;
            }
            if (!batch.isEmpty()) {
                writing = writer.submit(() -> store(batch));
                writingRecords = batch.records();
                positions.putAll(batch.nextOffsets);
            }
        }
    }

    /** Waits for the batch being written, if any; false when it failed (and was rolled back). */
    private boolean previousWritten() {
        Future<Void> w = writing;
        writing = null;
        if (w == null) {
            return true;
        }
        try {
            w.get();
            return true;
        } catch (ExecutionException e) {
            LOG.warn(
                    "storing a batch of {} records failed; retrying", writingRecords, e.getCause());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
            return false;
        }
    }

    /** Lets the batch being written commit or roll back, then ends the writer thread. */
    private void awaitWriter() {
        if (writing != null) {
            previousWritten();
        }
        writer.shutdown();
    }

    /** Every partition of the three topics, waiting for topics that do not exist yet. */
    private List<TopicPartition> awaitPartitions() {
        while (true) {
            List<TopicPartition> partitions = new ArrayList<>();
            List<String> absent = new ArrayList<>();
            for (String topic : topics.all()) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
                if (infos == null || infos.isEmpty()) {
                    absent.add(topic);
                } else {
                    infos.forEach(
                            i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                }
            }
            if (absent.isEmpty()) {
                return partitions;
            }
            LOG.info("waiting for topics {} to exist", absent);
            pause();
            if (stopping) {
                throw new WakeupException();
            }
        }
    }

    /** Seeks every partition to its stored next offset, or the earliest one; returns them. */
    private Map<TopicPartition, Long> seekToStored(List<TopicPartition> partitions) {
        while (true) {
            try (Connection c = dataSource.getConnection()) {
                Map<TopicPartition, Long> stored = StoreWriter.storedOffsets(c);
                List<TopicPartition> fresh = new ArrayList<>();
                for (TopicPartition tp : partitions) {
                    Long next = stored.get(tp);
                    if (next == null) {
                        fresh.add(tp);
                    } else {
                        consumer.seek(tp, next);
                    }
                }
                consumer.seekToBeginning(fresh);
                return new HashMap<>(stored);
            } catch (SQLException e) {
                LOG.warn("cannot read the stored offsets; retrying", e);
                pause();
                if (stopping) {
                    throw new WakeupException();
                }
            }
        }
    }

    /**
     * The poll's records, sorted by topic, and the consumer's position of every partition that
     * moved. The position, not the last record's offset + 1, is what is stored: after a
     * transaction's commit marker it is past the marker.
     */
    private Batch batchOf(ConsumerRecords<byte[], byte[]> records, Map<TopicPartition, Long> last) {
        Batch batch = new Batch();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            add(batch, r);
        }
        for (TopicPartition tp : consumer.assignment()) {
            long position = consumer.position(tp);
            Long previous = last.get(tp);
            if (previous == null || previous != position) {
                batch.nextOffsets.put(tp, position);
            }
        }
        return batch;
    }

    private void add(Batch batch, ConsumerRecord<byte[], byte[]> r) {
        String topic = r.topic();
        Parsed<?> parsed;
        if (topic.equals(topics.alerts())) {
            Parsed<Alert> p = OutputRecords.alert(r.value());
            if (p instanceof Parsed.Ok<Alert> ok) {
                batch.alerts.add(ok.value());
            }
            parsed = p;
        } else if (topic.equals(topics.refundRequests())) {
            Parsed<RefundRequest> p = OutputRecords.refundRequest(r.value());
            if (p instanceof Parsed.Ok<RefundRequest> ok) {
                batch.refundRequests.add(ok.value());
            }
            parsed = p;
        } else {
            Parsed<Notification> p = OutputRecords.notification(r.value());
            if (p instanceof Parsed.Ok<Notification> ok) {
                batch.notifications.add(ok.value());
            }
            parsed = p;
        }
        if (parsed instanceof Parsed.Bad<?> bad) {
            LOG.warn(
                    "skipping record {}-{}@{}: {}", topic, r.partition(), r.offset(), bad.reason());
            String raw = r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8);
            batch.skipped.add(
                    new Batch.Skipped(topic, r.partition(), r.offset(), bad.reason(), raw));
        }
    }

    private Void store(Batch batch) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                StoreWriter.write(c, batch);
                c.commit();
                return null;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private void pause() {
        try {
            stopped.await(RETRY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    /** How many rows each table of the store holds. */
    public record StoreCounts(
            long incidents, long alerts, long refundRequests, long notifications, long skipped) {

        static StoreCounts read(DataSource dataSource) throws SQLException {
            String sql =
                    "SELECT (SELECT count(*) FROM incidents), (SELECT count(*) FROM alerts),"
                            + " (SELECT count(*) FROM refund_requests),"
                            + " (SELECT count(*) FROM notifications),"
                            + " (SELECT count(*) FROM skipped_records)";
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement(sql);
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new StoreCounts(
                        rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
            }
        }
    }
}
