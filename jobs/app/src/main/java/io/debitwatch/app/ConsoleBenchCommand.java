package io.debitwatch.app;

import io.debitwatch.console.ConsoleDatabase;
import io.debitwatch.console.ConsoleServer;
import io.debitwatch.console.Materializer;
import io.debitwatch.console.OutputTopics;
import io.debitwatch.console.Principal;
import io.debitwatch.console.auth.AccountSecurity;
import io.debitwatch.console.auth.ApiTokenStore;
import io.debitwatch.console.auth.AuthSettings;
import io.debitwatch.embeddedkafka.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code debitwatch bench-console}: a measurement, not a test. On the in-process broker and an
 * embedded PostgreSQL in a temporary directory: (1) ingest — produces output records
 * transactionally, then times the materializer from its start until the stored offsets reach the
 * end offsets, sampling this process's heap and RSS as the store grows; (2) read side — loads
 * {@code --incidents} incidents with SQL, starts the console's HTTP server with its real security
 * and an API token, and runs concurrent clients over the list, filters, search, deep keyset pages,
 * one incident, breakdowns, the at-risk total and CSV, printing p50/p95/p99 per endpoint.
 */
@Command(
        name = "bench-console",
        mixinStandardHelpOptions = true,
        description =
                "Measure the operator console: ingest records/s into PostgreSQL, the memory of"
                        + " the process as the store grows, and API/page latency with many"
                        + " incidents stored.")
final class ConsoleBenchCommand implements Callable<Integer> {

    private static final int PARTITIONS = 3;
    private static final long TARGET_P95_MICROS = 200_000;

    @Option(
            names = "--records",
            description = "Output records to ingest (default: ${DEFAULT-VALUE}).")
    long records = 200_000;

    @Option(
            names = "--incidents",
            description = "Incidents loaded for the read side (default: ${DEFAULT-VALUE}).")
    int incidents = 1_000_000;

    @Option(
            names = "--requests",
            description = "Measured HTTP requests (default: ${DEFAULT-VALUE}).")
    int requests = 3_600;

    @Option(
            names = "--clients",
            description =
                    "Concurrent HTTP clients, one request at a time each (default: ${DEFAULT-VALUE}).")
    int clients = 4;

    @Override
    public Integer call() throws Exception {
        if (records < 1 || incidents < 1 || requests < 1 || clients < 1) {
            throw new IllegalArgumentException("sizes must be positive");
        }
        OutputTopics topics = OutputTopics.defaults();
        Path tmp = Files.createTempDirectory("debitwatch-bench-console-");
        try (EmbeddedKafka kafka = broker(topics);
                ConsoleDatabase db = ConsoleDatabase.embedded(tmp.resolve("postgres"))) {
            Ingest ingest = ingest(kafka, topics, db.dataSource());
            ReadSide read = readSide(db);
            printSummary(ingest, read);
            return read.failures() == 0 && ingest.seconds() > 0 ? 0 : 1;
        } finally {
            WorkDirs.deleteQuietly(tmp);
        }
    }

    private static EmbeddedKafka broker(OutputTopics topics) {
        var builder = EmbeddedKafka.builder();
        topics.all().forEach(t -> builder.topic(t, PARTITIONS));
        return builder.build().start();
    }

    /** Ingest figures: records, seconds from the materializer's start, memory samples. */
    private record Ingest(long records, double seconds, List<ConsoleBenchMemory.Sample> memory) {}

    /** Read-side figures: latency per endpoint, answers that were not 200. */
    private record ReadSide(ConsoleBenchLoad.Figures figures, long failures) {}

    private Ingest ingest(EmbeddedKafka kafka, OutputTopics topics, DataSource ds)
            throws Exception {
        long t0 = System.nanoTime();
        long produced = new ConsoleBenchRecords(topics).produce(kafka.bootstrapServers(), records);
        System.out.printf(
                Locale.ROOT,
                "bench-console: produced %,d output records in transactions of 1,000 in %.1f s"
                        + " (%d partitions per topic)%n",
                produced,
                (System.nanoTime() - t0) / 1e9,
                PARTITIONS);
        Map<TopicPartition, Long> end = endOffsets(kafka.bootstrapServers(), topics);
        long endSum = end.values().stream().mapToLong(Long::longValue).sum();
        List<ConsoleBenchMemory.Sample> memory = new ArrayList<>();
        memory.add(ConsoleBenchMemory.sample(0));
        double load = ConsoleBenchMemory.loadAverage();
        long start = System.nanoTime();
        try (Materializer m = Materializer.start(kafka.bootstrapServers(), topics, ds)) {
            awaitStored(m, ds, end, endSum, memory);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "  ingest: %,d records stored in %.1f s = %,.0f records/s (load average %.2f"
                        + " before, %.2f after)%n",
                produced,
                seconds,
                produced / seconds,
                load,
                ConsoleBenchMemory.loadAverage());
        ConsoleBenchMemory.print(memory);
        return new Ingest(produced, seconds, memory);
    }

    /** Waits until the store holds every record, sampling memory every eighth of the way. */
    private static void awaitStored(
            Materializer m,
            DataSource ds,
            Map<TopicPartition, Long> end,
            long endSum,
            List<ConsoleBenchMemory.Sample> memory)
            throws Exception {
        long step = Math.max(1, endSum / 8);
        long nextSample = step;
        long deadline = System.nanoTime() + 30L * 60 * 1_000_000_000L;
        while (!m.caughtUpTo(end)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the store did not catch up within 30 minutes");
            }
            long stored = storedOffsetSum(ds);
            if (stored >= nextSample) {
                memory.add(ConsoleBenchMemory.sample(stored));
                nextSample = (stored / step + 1) * step;
            }
            Thread.sleep(100);
        }
        memory.add(ConsoleBenchMemory.sample(endSum));
    }

    private static long storedOffsetSum(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps =
                        c.prepareStatement(
                                "SELECT COALESCE(sum(next_offset), 0) FROM consumer_offsets");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<TopicPartition, Long> endOffsets(String bootstrap, OutputTopics topics) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String t : topics.all()) {
                for (int i = 0; i < PARTITIONS; i++) {
                    partitions.add(new TopicPartition(t, i));
                }
            }
            return consumer.endOffsets(partitions);
        }
    }

    private ReadSide readSide(ConsoleDatabase db) throws Exception {
        long t0 = System.nanoTime();
        long[] range = ConsoleBenchStore.load(db.dataSource(), incidents);
        System.out.printf(
                Locale.ROOT,
                "  read side: %,d incidents loaded with SQL and analysed in %.1f s%n",
                incidents,
                (System.nanoTime() - t0) / 1e9);
        String token =
                new ApiTokenStore(db.dataSource())
                        .create(
                                "bench",
                                Principal.Role.VIEWER,
                                Principal.MerchantScope.ALL,
                                "bench")
                        .secret();
        AccountSecurity security = new AccountSecurity(db.dataSource(), AuthSettings.defaults());
        double load = ConsoleBenchMemory.loadAverage();
        try (ConsoleServer server = ConsoleServer.start("127.0.0.1", 0, db, () -> true, security)) {
            ConsoleBenchLoad.Figures f =
                    new ConsoleBenchLoad(server.url(), token, range, incidents)
                            .run(clients, requests);
            long failures = f.failures().values().stream().mapToLong(Long::longValue).sum();
            printLatency(f, load);
            return new ReadSide(f, failures);
        }
    }

    private void printLatency(ConsoleBenchLoad.Figures f, double loadBefore) {
        System.out.printf(
                Locale.ROOT,
                "  %,d requests by %d clients with an API token (load average %.2f before, %.2f"
                        + " after)%n",
                requests,
                clients,
                loadBefore,
                ConsoleBenchMemory.loadAverage());
        System.out.printf(
                Locale.ROOT,
                "  %-26s %6s %9s %9s %9s %6s%n",
                "endpoint",
                "n",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "not200");
        f.micros()
                .forEach(
                        (name, h) ->
                                System.out.printf(
                                        Locale.ROOT,
                                        "  %-26s %6d %9.1f %9.1f %9.1f %6d%s%n",
                                        name,
                                        h.getTotalCount(),
                                        h.getValueAtPercentile(50) / 1e3,
                                        h.getValueAtPercentile(95) / 1e3,
                                        h.getValueAtPercentile(99) / 1e3,
                                        f.failures().get(name),
                                        h.getValueAtPercentile(95) > TARGET_P95_MICROS
                                                ? "  > 200 ms p95"
                                                : ""));
    }

    private void printSummary(Ingest ingest, ReadSide read) {
        Histogram all = new Histogram(60_000_000L, 3);
        String worst = null;
        long worstP95 = -1;
        for (var e : read.figures().micros().entrySet()) {
            all.add(e.getValue());
            long p95 = e.getValue().getValueAtPercentile(95);
            if (p95 > worstP95) {
                worstP95 = p95;
                worst = e.getKey();
            }
        }
        System.out.printf(
                Locale.ROOT,
                "bench-console: ingest %,.0f records/s, API p95 %.0f ms (worst: %s %.0f ms),"
                        + " heap %s, %,d incidents, load average %.2f%n",
                ingest.records() / ingest.seconds(),
                all.getValueAtPercentile(95) / 1e3,
                worst,
                worstP95 / 1e3,
                ConsoleBenchMemory.summary(ingest.memory()),
                incidents,
                ConsoleBenchMemory.loadAverage());
    }
}
