package io.debitwatch.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.debitwatch.core.model.OrderKey;
import io.debitwatch.core.model.Provider;
import io.debitwatch.job.DebitwatchOptions;
import io.debitwatch.job.StreamingJob;
import io.debitwatch.kafka.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code debitwatch bench-latency}: a measurement, not a test. Starts the in-process Kafka broker,
 * runs the streaming job on it as {@code run} does (local Flink, RocksDB, exactly-once outputs),
 * feeds live traffic at a fixed rate with event times equal to the wall clock at send time, and
 * prints p50/p99/max of two latencies:
 *
 * <ul>
 *   <li><b>early warning</b>: from the broker's acknowledgement (producer send callback, {@code
 *       acks=all}) of the later of the two facts of a failed-but-debited order (terminal FAILED,
 *       provider DEBITED) until a consumer on the notifications topic has received the order's
 *       MERCHANT EARLY_WARNING;
 *   <li><b>refund visible</b>: from {@code T0 + settle window + out-of-orderness} on the wall clock
 *       (T0 = the order's first event time = when it was sent) — the first instant at which the
 *       watermark can pass the deadline D, since watermarks trail the newest event time by the
 *       bound — until a {@code read_committed} consumer has received the refund request.
 * </ul>
 */
@Command(
        name = "bench-latency",
        mixinStandardHelpOptions = true,
        description =
                "Measure the streaming job's latency on an in-process Kafka broker: early warnings"
                        + " and refund visibility under live traffic at a fixed rate. Other options"
                        + " are passed to the job as in run (--KEY VALUE), e.g."
                        + " --execution.buffer-timeout.interval '0 ms'.")
final class LatencyBenchCommand implements Callable<Integer> {

    private static final int EVENTS_PER_ORDER = 3;

    /** One order in this many is failed-but-debited: 5 %. */
    private static final int FAILED_EVERY = 20;

    private static final String MERCHANT = "1900000109";

    @Option(
            names = "--rate",
            paramLabel = "EVENTS_PER_S",
            description =
                    "Input events per second, both topics together (default: ${DEFAULT-VALUE}).")
    int rate = 5_000;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            description =
                    "Measured window: failed-but-debited orders started in it are the samples"
                            + " (default: 60s).")
    Duration duration = Duration.ofSeconds(60);

    @Option(
            names = "--warmup",
            paramLabel = "DURATION",
            description =
                    "Traffic before the measured window, not counted: the job's start-up backlog (default: 30s).")
    Duration warmup = Duration.ofSeconds(30);

    @Option(
            names = "--checkpoint-interval",
            paramLabel = "DURATION",
            description = "Checkpoint interval of the job (default: 2s).")
    Duration checkpointInterval = Duration.ofSeconds(2);

    @Option(
            names = "--settle-window",
            paramLabel = "DURATION",
            description = "Settle window of the job, short so that refunds happen (default: 5s).")
    Duration settleWindow = Duration.ofSeconds(5);

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            description = "Parallelism of the job (default: ${DEFAULT-VALUE}).")
    int parallelism = 2;

    @Option(
            names = "--seed",
            paramLabel = "N",
            description = "Seed of the traffic (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(
            names = "--samples",
            paramLabel = "FILE",
            description =
                    "Also write every sample as CSV: out_trade_no, T0 (epoch ms), early-warning"
                            + " latency (µs), refund latency (ms).")
    Path samplesFile;

    @Unmatched List<String> jobOptions = new ArrayList<>();

    /** One failed-but-debited order of the measured window. */
    private static final class Probe {
        final long t0Millis;
        long failedAckNanos;
        long debitAckNanos;
        long warningNanos;
        boolean warningDone;
        boolean refundDone;
        long warningUs = -1;
        long refundMillis = Long.MIN_VALUE;

        Probe(long t0Millis) {
            this.t0Millis = t0Millis;
        }
    }

    /** An event of a started order, sent when due. */
    private record Pending(long dueNanos, long seq, Order order, int step) {}

    private record Order(String outTradeNo, boolean failed, boolean debitFirst, long amount) {}

    private final Histogram warningUs = new Histogram(TimeUnit.HOURS.toMicros(1), 3);
    private final Histogram refundUs = new Histogram(TimeUnit.HOURS.toMicros(1), 3);
    private final Map<String, Probe> probes = new ConcurrentHashMap<>();
    private final AtomicLong warningsBeforeAck = new AtomicLong();
    private long refundMinMillis = Long.MAX_VALUE;

    @Override
    public Integer call() throws Exception {
        if (rate <= 0) {
            throw new IllegalArgumentException("--rate must be positive");
        }
        Path work = Files.createTempDirectory("debitwatch-bench-latency");
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Integer> topics = new java.util.LinkedHashMap<>();
        for (var topic :
                List.of(
                        DebitwatchOptions.TERMINAL_EVENTS_TOPIC,
                        DebitwatchOptions.PROVIDER_EVENTS_TOPIC,
                        DebitwatchOptions.ALERTS_TOPIC,
                        DebitwatchOptions.REFUND_REQUESTS_TOPIC,
                        DebitwatchOptions.NOTIFICATIONS_TOPIC)) {
            topics.put(topic.defaultValue(), parallelism);
        }
        topics.put(DebitwatchOptions.DEAD_LETTERS_TOPIC.defaultValue(), 1);
        System.out.printf(
                Locale.ROOT,
                "debitwatch bench-latency — %,d events/s for %s after a %s warm-up; settle window"
                        + " %s, checkpoints every %s, parallelism %d; logs in %s%n",
                rate,
                Durations.format(duration),
                Durations.format(warmup),
                Durations.format(settleWindow),
                Durations.format(checkpointInterval),
                parallelism,
                System.getProperty("debitwatch.log.file", "the log file"));
        System.out.flush();
        try (EmbeddedKafka kafka =
                EmbeddedKafka.builder().dataDir(work.resolve("kafka")).build().start()) {
            kafka.createTopics(topics);
            Configuration conf = jobConfiguration(kafka.bootstrapServers(), work, run);
            return measure(kafka.bootstrapServers(), conf);
        } finally {
            WorkDirs.deleteQuietly(work);
        }
    }

    /** Exactly what {@code run} builds, with a fresh checkpoint folder and the bench's options. */
    Configuration jobConfiguration(String bootstrapServers, Path work, String run)
            throws java.io.IOException {
        RunCommand runCommand = new RunCommand();
        runCommand.bootstrapServers = bootstrapServers;
        runCommand.checkpointDir = work.resolve("checkpoints");
        runCommand.fresh = true;
        runCommand.parallelism = parallelism;
        runCommand.jobOptions =
                new ArrayList<>(
                        List.of(
                                "--" + DebitwatchOptions.SETTLE_WINDOW.key(),
                                settleWindow.toMillis() + " ms",
                                "--" + DebitwatchOptions.CHECKPOINT_INTERVAL.key(),
                                checkpointInterval.toMillis() + " ms",
                                "--" + DebitwatchOptions.TRANSACTIONAL_ID_PREFIX.key(),
                                "bench-latency-" + run,
                                "--" + DebitwatchOptions.GROUP_ID.key(),
                                "bench-latency-" + run));
        runCommand.jobOptions.addAll(jobOptions);
        Files.createDirectories(work.resolve("flink"));
        return runCommand.configuration(work.resolve("flink"));
    }

    private int measure(String bootstrapServers, Configuration conf) throws Exception {
        long outOfOrdernessMillis = conf.get(DebitwatchOptions.OUT_OF_ORDERNESS).toMillis();
        long refundFromMillis = settleWindow.toMillis() + outOfOrdernessMillis;
        ObjectMapper json = new ObjectMapper();
        AtomicBoolean stop = new AtomicBoolean();

        Thread warnings =
                TopicTail.start(
                        bootstrapServers,
                        conf.get(DebitwatchOptions.NOTIFICATIONS_TOPIC),
                        "read_uncommitted",
                        stop,
                        (value, receivedNanos) -> {
                            JsonNode n = readTree(json, value);
                            if ("MERCHANT".equals(n.path("channel").asText())
                                    && "EARLY_WARNING".equals(n.path("kind").asText())) {
                                Probe p = probes.get(n.path("out_trade_no").asText());
                                if (p != null) {
                                    synchronized (p) {
                                        if (p.warningNanos == 0) {
                                            p.warningNanos = receivedNanos;
                                        }
                                        recordWarning(p);
                                    }
                                }
                            }
                        });
        Thread refunds =
                TopicTail.start(
                        bootstrapServers,
                        conf.get(DebitwatchOptions.REFUND_REQUESTS_TOPIC),
                        "read_committed",
                        stop,
                        (value, receivedNanos) -> {
                            long now = System.currentTimeMillis();
                            Probe p =
                                    probes.get(readTree(json, value).path("out_trade_no").asText());
                            if (p != null) {
                                synchronized (p) {
                                    if (p.refundDone) {
                                        return;
                                    }
                                    p.refundDone = true;
                                }
                                long ms = now - (p.t0Millis + refundFromMillis);
                                synchronized (p) {
                                    p.refundMillis = ms;
                                }
                                synchronized (refundUs) {
                                    refundMinMillis = Math.min(refundMinMillis, ms);
                                    refundUs.recordValue(Math.max(0, ms) * 1_000);
                                }
                            }
                        });

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        JobClient job = StreamingJob.start(env, conf);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (job.getJobStatus().get() != JobStatus.RUNNING) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the job did not start within 60 s");
                }
                Thread.sleep(50);
            }
            // After the measured window the traffic goes on, so that the watermark passes the
            // deadlines of the last measured orders and a checkpoint commits their refunds.
            Duration tail =
                    settleWindow
                            .plusMillis(outOfOrdernessMillis)
                            .plus(checkpointInterval.multipliedBy(2))
                            .plusSeconds(3);
            Feed feed = feed(bootstrapServers, conf, tail);
            long waitUntil = System.nanoTime() + checkpointInterval.multipliedBy(3).toNanos();
            while (System.nanoTime() < waitUntil && !allDone()) {
                Thread.sleep(100);
            }
            print(feed, outOfOrdernessMillis);
            if (samplesFile != null) {
                writeSamples(samplesFile);
            }
        } finally {
            stop.set(true);
            try {
                job.cancel().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Best effort: the broker and the JVM go away next.
            }
            warnings.join(10_000);
            refunds.join(10_000);
        }
        return 0;
    }

    private void recordWarning(Probe p) {
        if (p.warningDone || p.warningNanos == 0 || p.failedAckNanos == 0 || p.debitAckNanos == 0) {
            return;
        }
        p.warningDone = true;
        long us = (p.warningNanos - Math.max(p.failedAckNanos, p.debitAckNanos)) / 1_000;
        p.warningUs = us;
        if (us < 0) {
            warningsBeforeAck.incrementAndGet();
        }
        synchronized (warningUs) {
            warningUs.recordValue(Math.max(0, us));
        }
    }

    private boolean allDone() {
        for (Probe p : probes.values()) {
            synchronized (p) {
                if (!p.warningDone || !p.refundDone) {
                    return false;
                }
            }
        }
        return true;
    }

    private record Feed(
            long measuredEvents, long measuredNanos, long totalEvents, long totalNanos) {}

    /** Sends the traffic at the rate: warm-up, measured window, tail; returns the counts. */
    private Feed feed(String bootstrapServers, Configuration conf, Duration tail) {
        String terminalTopic = conf.get(DebitwatchOptions.TERMINAL_EVENTS_TOPIC);
        String providerTopic = conf.get(DebitwatchOptions.PROVIDER_EVENTS_TOPIC);
        Random random = new Random(seed);
        long warmupNanos = warmup.toNanos();
        long measuredEnd = warmupNanos + duration.toNanos();
        long startEnd = measuredEnd + tail.toNanos();
        // Offsets of an order's events after its first: the result and the provider's event.
        long firstStep = TimeUnit.MILLISECONDS.toNanos(300);
        long secondStep = TimeUnit.MILLISECONDS.toNanos(500);
        PriorityQueue<Pending> queue =
                new PriorityQueue<>(
                        (a, b) ->
                                a.dueNanos != b.dueNanos
                                        ? Long.compare(a.dueNanos, b.dueNanos)
                                        : Long.compare(a.seq, b.seq));
        long seq = 0;
        long started = 0;
        long sent = 0;
        long sentMeasured = 0;
        long firstMeasured = -1;
        long lastMeasured = -1;
        long lastSent = 0;
        String prefix = "LB" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrapServers)) {
            long start = System.nanoTime();
            while (true) {
                long now = System.nanoTime() - start;
                long due =
                        Math.min(
                                LatencyFigures.ordersDue(now, rate, EVENTS_PER_ORDER),
                                LatencyFigures.ordersDue(startEnd - 1, rate, EVENTS_PER_ORDER));
                for (; started < due; started++) {
                    long at = (long) (started * 1e9 * EVENTS_PER_ORDER / rate);
                    boolean failed = started % FAILED_EVERY == FAILED_EVERY / 2;
                    Order order =
                            new Order(
                                    prefix + String.format(Locale.ROOT, "%09d", started),
                                    failed,
                                    random.nextBoolean(),
                                    100 + random.nextInt(50_000));
                    queue.add(new Pending(at, seq++, order, 0));
                    queue.add(new Pending(at + firstStep, seq++, order, 1));
                    queue.add(new Pending(at + secondStep, seq++, order, 2));
                }
                if (queue.isEmpty()) {
                    break;
                }
                if (queue.peek().dueNanos > now) {
                    LockSupport.parkNanos(Math.min(queue.peek().dueNanos - now, 200_000));
                    continue;
                }
                Pending e = queue.poll();
                long sentAt = System.nanoTime() - start;
                boolean measured =
                        e.order.failed
                                && e.dueNanos - stepOffset(e.step, firstStep, secondStep)
                                        >= warmupNanos
                                && e.dueNanos - stepOffset(e.step, firstStep, secondStep)
                                        < measuredEnd;
                send(producer, terminalTopic, providerTopic, e, measured);
                sent++;
                lastSent = sentAt;
                if (sentAt >= warmupNanos && sentAt < measuredEnd) {
                    if (firstMeasured < 0) {
                        firstMeasured = sentAt;
                    }
                    lastMeasured = sentAt;
                    sentMeasured++;
                }
            }
            producer.flush();
        }
        return new Feed(sentMeasured, lastMeasured - firstMeasured, sent, lastSent);
    }

    private static long stepOffset(int step, long firstStep, long secondStep) {
        return step == 0 ? 0 : step == 1 ? firstStep : secondStep;
    }

    /**
     * Sends one event with event_time = now. A normal sale: PAY_REQUEST, PAY_RESULT SUCCESS, NOTIFY
     * DEBITED. A failed-but-debited one: PAY_REQUEST, then PAY_RESULT FAILED and QUERY DEBITED in
     * either order.
     */
    private void send(
            KafkaProducer<byte[], byte[]> producer,
            String terminalTopic,
            String providerTopic,
            Pending e,
            boolean measured) {
        Order o = e.order;
        long nowMillis = System.currentTimeMillis();
        String time = Instant.ofEpochMilli(nowMillis).toString();
        byte[] key =
                new OrderKey(Provider.WECHAT, MERCHANT, o.outTradeNo)
                        .encode()
                        .getBytes(StandardCharsets.UTF_8);
        boolean debitStep = e.step == (o.debitFirst ? 1 : 2);
        if (!o.failed) {
            debitStep = e.step == 2;
        }
        Probe probe = null;
        if (measured) {
            probe = e.step == 0 ? new Probe(nowMillis) : probes.get(o.outTradeNo);
            if (e.step == 0) {
                probes.put(o.outTradeNo, probe);
            }
        }
        String value;
        String topic;
        if (e.step == 0) {
            topic = terminalTopic;
            value = terminal(o, time, "te-" + o.outTradeNo + "-0", "PAY_REQUEST", null);
        } else if (debitStep) {
            topic = providerTopic;
            value =
                    String.format(
                            Locale.ROOT,
                            "{\"event_id\":\"pe-%s\",\"event_time\":\"%s\",\"provider\":\"WECHAT\","
                                    + "\"merchant_id\":\"%s\",\"out_trade_no\":\"%s\","
                                    + "\"provider_txn_id\":\"42%s\",\"source\":\"%s\","
                                    + "\"status\":\"DEBITED\",\"amount_minor\":%d,"
                                    + "\"currency\":\"CNY\"}",
                            o.outTradeNo,
                            time,
                            MERCHANT,
                            o.outTradeNo,
                            o.outTradeNo,
                            o.failed ? "QUERY" : "NOTIFY",
                            o.amount);
        } else {
            topic = terminalTopic;
            value =
                    terminal(
                            o,
                            time,
                            "te-" + o.outTradeNo + "-1",
                            "PAY_RESULT",
                            o.failed ? "FAILED" : "SUCCESS");
        }
        Probe p = probe;
        boolean isDebit = debitStep;
        boolean fact = p != null && e.step > 0;
        producer.send(
                new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8)),
                (metadata, error) -> {
                    if (error != null || !fact) {
                        return;
                    }
                    long ack = System.nanoTime();
                    synchronized (p) {
                        if (isDebit) {
                            p.debitAckNanos = ack;
                        } else {
                            p.failedAckNanos = ack;
                        }
                        recordWarning(p);
                    }
                });
    }

    private static String terminal(
            Order o, String time, String eventId, String type, String result) {
        return String.format(
                Locale.ROOT,
                "{\"event_id\":\"%s\",\"event_time\":\"%s\",\"provider\":\"WECHAT\","
                        + "\"merchant_id\":\"%s\",\"terminal_id\":\"POS-0001\","
                        + "\"out_trade_no\":\"%s\",\"type\":\"%s\",%s\"amount_minor\":%d,"
                        + "\"currency\":\"CNY\"}",
                eventId,
                time,
                MERCHANT,
                o.outTradeNo,
                type,
                result == null ? "" : "\"result\":\"" + result + "\",",
                o.amount);
    }

    private void print(Feed feed, long outOfOrdernessMillis) {
        long missingWarnings = 0;
        long missingRefunds = 0;
        for (Probe p : probes.values()) {
            synchronized (p) {
                missingWarnings += p.warningDone ? 0 : 1;
                missingRefunds += p.refundDone ? 0 : 1;
            }
        }
        System.out.printf(
                Locale.ROOT,
                "  input             %,d events in the measured window of %.1f s = %,.0f events/s"
                        + " (whole feed %,d events, %,.0f events/s)%n",
                feed.measuredEvents,
                feed.measuredNanos / 1e9,
                feed.measuredEvents / (feed.measuredNanos / 1e9),
                feed.totalEvents,
                feed.totalEvents / (feed.totalNanos / 1e9));
        System.out.printf(
                Locale.ROOT, "  failed-but-debited orders measured  %,d%n", probes.size());
        synchronized (warningUs) {
            System.out.printf(
                    Locale.ROOT,
                    "  early warning     %s   (target: p99 < 100 ms)%n",
                    LatencyFigures.summary(warningUs));
        }
        synchronized (refundUs) {
            System.out.printf(
                    Locale.ROOT,
                    "  refund visible    %s   (target: < %s = checkpoint interval + 0.5 s)%n",
                    LatencyFigures.summary(refundUs),
                    LatencyFigures.micros(checkpointInterval.plusMillis(500).toMillis() * 1_000));
        }
        System.out.printf(
                Locale.ROOT,
                "  early warning: from the broker's ack of the later of FAILED and DEBITED to the"
                        + " notification's receipt; %d received before that ack (counted as 0)%n",
                warningsBeforeAck.get());
        System.out.printf(
                Locale.ROOT,
                "  refund visible: from T0 + settle window %s + out-of-orderness %s (wall clock) to"
                        + " its receipt with read_committed; earliest %s%n",
                Durations.format(settleWindow),
                Durations.format(Duration.ofMillis(outOfOrdernessMillis)),
                refundMinMillis == Long.MAX_VALUE ? "-" : refundMinMillis + " ms");
        System.out.printf(
                Locale.ROOT,
                "  missing at the end: early warnings %d, refunds %d%n",
                missingWarnings,
                missingRefunds);
    }

    private void writeSamples(Path file) throws java.io.IOException {
        List<String> lines = new ArrayList<>();
        lines.add("out_trade_no,t0_epoch_ms,early_warning_us,refund_ms");
        probes.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(
                        e -> {
                            Probe p = e.getValue();
                            synchronized (p) {
                                lines.add(
                                        e.getKey()
                                                + ","
                                                + p.t0Millis
                                                + ","
                                                + (p.warningDone ? p.warningUs : "")
                                                + ","
                                                + (p.refundDone ? p.refundMillis : ""));
                            }
                        });
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private static JsonNode readTree(ObjectMapper json, byte[] value) {
        try {
            return json.readTree(value);
        } catch (java.io.IOException e) {
            return json.createObjectNode();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(props);
    }
}
