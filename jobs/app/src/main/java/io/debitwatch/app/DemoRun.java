package io.debitwatch.app;

import io.debitwatch.console.Console;
import io.debitwatch.console.StoreKeys;
import io.debitwatch.core.model.OrderKey;
import io.debitwatch.embeddedkafka.EmbeddedKafka;
import io.debitwatch.job.DebitwatchOptions;
import io.debitwatch.sim.SimEvent;
import io.debitwatch.sim.SimulatorConfig;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One run of {@code debitwatch demo} on a {@link LocalStack}, in named phases: start the job and
 * wait for RUNNING, warm up, feed live traffic with progress, drain, print the scorecard (and, with
 * {@code --keep-running}, wait for Ctrl-C). Returns the scorecard's verdict and counts.
 */
final class DemoRun {

    /** The demo's settings, as typed values. */
    record Settings(
            SimulatorConfig simulator,
            long seed,
            int rate,
            Duration duration,
            double speed,
            int parallelism,
            Duration checkpointInterval,
            Duration drainTimeout,
            boolean keepRunning) {}

    private final Settings settings;
    private final LocalStack stack;
    private final EmbeddedKafka kafka;
    private final Configuration conf;
    private final Console console;
    private final PrintStream out;
    private final Scorecard score = new Scorecard(true);
    private final Duration bound;

    /** How long the console may take, after the drain, to store the last outputs. */
    private static final Duration CONSOLE_CATCH_UP = Duration.ofSeconds(30);

    private final String terminalTopic;
    private final String providerTopic;

    /** By order key: the index of the record that completed its early warning / came late. */
    private final Map<String, Integer> warningRecord = new ConcurrentHashMap<>();

    private final Map<String, Integer> lateRecord = new ConcurrentHashMap<>();
    private long jobStart;
    private LiveTraffic traffic;
    private DemoProgress progress;

    DemoRun(
            Settings settings,
            LocalStack stack,
            EmbeddedKafka kafka,
            Configuration conf,
            Console console,
            PrintStream out) {
        this.settings = settings;
        this.stack = stack;
        this.kafka = kafka;
        this.conf = conf;
        this.console = console;
        this.out = out;
        this.bound = conf.get(DebitwatchOptions.OUT_OF_ORDERNESS);
        this.terminalTopic = conf.get(DebitwatchOptions.TERMINAL_EVENTS_TOPIC);
        this.providerTopic = conf.get(DebitwatchOptions.PROVIDER_EVENTS_TOPIC);
    }

    ScorecardResult run() throws Exception {
        try (Tails tails = tailOutputs()) {
            try {
                startJob();
                long eventClockEnd;
                try (SimFeed feed =
                        new SimFeed(
                                kafka.bootstrapServers(),
                                terminalTopic,
                                providerTopic,
                                traffic.clock)) {
                    feed.onMalformed(score::malformedAt);
                    warmUp(feed);
                    long liveNanos = liveFeed(feed);
                    eventClockEnd = drain(feed);
                    compareConsole();
                    printScorecard(feed, liveNanos, eventClockEnd);
                }
                ScorecardResult result = score.result();
                printVerdict(result);
                if (settings.keepRunning()) {
                    printKeepRunning(eventClockEnd);
                    stack.awaitCtrlC();
                }
                return result;
            } finally {
                stack.cancelJob();
            }
        }
    }

    /** The consumers of the four output topics, scoring what they read. */
    private Tails tailOutputs() {
        return new Tails(kafka.bootstrapServers())
                .json(conf.get(DebitwatchOptions.ALERTS_TOPIC), "read_committed", score::alert)
                .json(
                        conf.get(DebitwatchOptions.REFUND_REQUESTS_TOPIC),
                        "read_committed",
                        (n, t) -> score.refund(n))
                .json(
                        conf.get(DebitwatchOptions.NOTIFICATIONS_TOPIC),
                        "read_uncommitted",
                        score::notification)
                .json(
                        conf.get(DebitwatchOptions.DEAD_LETTERS_TOPIC),
                        "read_uncommitted",
                        (n, t) -> score.deadLetter(n));
    }

    /** Phase 1: the job is RUNNING; the traffic's clock starts now. */
    private void startJob() throws Exception {
        jobStart = System.nanoTime();
        stack.startJob(conf, Duration.ofSeconds(90));
        out.printf(
                Locale.ROOT,
                "  streaming job running (local Flink, parallelism %d, RocksDB, checkpoints"
                        + " every %s) after %.1f s%n",
                settings.parallelism(),
                Durations.format(settings.checkpointInterval()),
                secondsSince(jobStart));
        traffic =
                new LiveTraffic(
                        settings.simulator(),
                        settings.seed(),
                        settings.rate(),
                        settings.duration(),
                        settings.speed(),
                        System.currentTimeMillis());
        progress =
                new DemoProgress(
                        out,
                        score,
                        kafka.bootstrapServers(),
                        conf,
                        List.of(terminalTopic, providerTopic));
    }

    /** Phase 2: one order whose early warning shows that the whole pipeline is up. */
    private void warmUp(SimFeed feed) throws InterruptedException {
        traffic.warmUp(feed, terminalTopic, providerTopic);
        long warmUpDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!score.warmedUp() && System.nanoTime() < warmUpDeadline) {
            Thread.sleep(20);
        }
        out.printf(
                Locale.ROOT,
                "  %s; feeding traffic (progress every %s)%n",
                score.warmedUp()
                        ? String.format(
                                Locale.ROOT,
                                "warm-up order's early warning through after %.1f s",
                                secondsSince(jobStart))
                        : "warm-up order's early warning did not come within 60 s",
                System.console() != null ? "second" : "5 s");
    }

    /** Phase 3: the live traffic, with the progress line; returns how long it took. */
    private long liveFeed(SimFeed feed) {
        progress.feed = feed;
        progress.start();
        long feedStart = System.nanoTime();
        feed.run(
                traffic.orders(),
                o -> {
                    score.expect(o);
                    traffic.sent(o);
                },
                (index, e, key) -> {
                    if (e instanceof SimEvent.MalformedRecord) {
                        return;
                    }
                    String k = key.encode();
                    if (e.late()) {
                        lateRecord.putIfAbsent(k, index);
                    }
                    Long at = score.earlyWarningAt(k);
                    if (at != null && at == e.eventTimeMillis()) {
                        warningRecord.putIfAbsent(k, index);
                    }
                });
        return System.nanoTime() - feedStart;
    }

    /**
     * Phase 4: the rest of the stories and the horizon in fast-forward, then waiting for the last
     * outputs; returns where the event clock ended.
     */
    private long drain(SimFeed feed) throws InterruptedException {
        long drainAt = traffic.drain(feed, terminalTopic, providerTopic, bound);
        feed.flush();
        progress.phase = "draining";
        if (feed.failedSends() > 0) {
            progress.finish();
            throw new IllegalStateException(
                    feed.failedSends() + " records could not be sent: " + feed.firstFailure());
        }
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        while (!score.complete() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        // Whatever else the job emits (it should emit nothing more) shows up within two
        // checkpoints.
        Thread.sleep(settings.checkpointInterval().multipliedBy(2).plusSeconds(1).toMillis());
        progress.finish();
        return drainAt;
    }

    /**
     * Phase 4b: waits (up to {@link #CONSOLE_CATCH_UP}) until the console has stored the three
     * topics up to their end offsets as of now, then gives the scorecard its incidents and refund
     * requests.
     */
    private void compareConsole() throws Exception {
        Map<TopicPartition, Long> ends = consoleTopicEnds();
        long deadline = System.nanoTime() + CONSOLE_CATCH_UP.toNanos();
        boolean caughtUp = console.materializer().caughtUpTo(ends);
        while (!caughtUp && System.nanoTime() < deadline) {
            Thread.sleep(100);
            caughtUp = console.materializer().caughtUpTo(ends);
        }
        StoreKeys keys = console.materializer().keys();
        score.consoleStore(
                caughtUp,
                keys.incidents().stream().map(OrderKey::encode).collect(Collectors.toSet()),
                keys.refundRequests());
    }

    /** The end offsets (read_committed: last stable) of every partition the console reads. */
    private Map<TopicPartition, Long> consoleTopicEnds() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "debitwatch-demo-console-check");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (var o :
                    List.of(
                            DebitwatchOptions.ALERTS_TOPIC,
                            DebitwatchOptions.REFUND_REQUESTS_TOPIC,
                            DebitwatchOptions.NOTIFICATIONS_TOPIC)) {
                c.partitionsFor(conf.get(o), Duration.ofSeconds(10))
                        .forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            }
            return c.endOffsets(partitions, Duration.ofSeconds(10));
        }
    }

    /** Phase 5: the scorecard. */
    private void printScorecard(SimFeed feed, long liveNanos, long drainAt) {
        SimFeed.SentLog log = feed.log();
        out.println();
        out.printf(
                Locale.ROOT,
                "debitwatch demo — scorecard: %,d orders, %,d events (%,d terminal, %,d"
                        + " provider) from %s to %s event time%n",
                score.orders(),
                feed.terminalSent() + feed.providerSent(),
                feed.terminalSent(),
                feed.providerSent(),
                Instant.ofEpochMilli(traffic.clock.baseMillis()),
                Instant.ofEpochMilli(drainAt));
        out.printf(
                Locale.ROOT,
                "  live feed %.1f s at %,.0f events/s sustained (asked %,d), then the rest of"
                        + " the stories and the horizon in fast-forward%n",
                liveNanos / 1e9,
                traffic.liveEvents(log) / (liveNanos / 1e9),
                settings.rate());
        out.printf(
                Locale.ROOT,
                "  the job's consumer lag peaked at %,d input records (offsets are"
                        + " committed at checkpoints, every %s)%n",
                progress.peakLag,
                Durations.format(settings.checkpointInterval()));
        score.print(
                out,
                decided -> log.firstAckAtOrAfter(decided + bound.toMillis() + 1),
                key -> ackNanos(log, warningRecord.get(key)),
                key -> ackNanos(log, lateRecord.get(key)),
                traffic.liveUntilMillis);
    }

    private void printVerdict(ScorecardResult result) {
        out.println();
        out.println(
                result.perfect()
                        ? "  PERFECT: every expected alert, refund request, notification and dead"
                                + " letter arrived, nothing unexpected, no duplicates; the"
                                + " console stored every incident and refund request."
                        : "  NOT PERFECT: see the counts above.");
    }

    /** With {@code --keep-running}: how to reach the broker and the job that stay up. */
    private void printKeepRunning(long eventClockEnd) {
        out.println();
        out.println("  --keep-running: the broker, the job and the console stay up until Ctrl-C.");
        out.println("    bootstrap servers  " + kafka.bootstrapServers());
        out.println("    console            " + console.url() + "/incidents");
        for (var o :
                List.of(
                        DebitwatchOptions.TERMINAL_EVENTS_TOPIC,
                        DebitwatchOptions.PROVIDER_EVENTS_TOPIC,
                        DebitwatchOptions.ALERTS_TOPIC,
                        DebitwatchOptions.REFUND_REQUESTS_TOPIC,
                        DebitwatchOptions.NOTIFICATIONS_TOPIC,
                        DebitwatchOptions.DEAD_LETTERS_TOPIC)) {
            out.printf(Locale.ROOT, "    %-18s %s%n", o.key().replace("-topic", ""), conf.get(o));
        }
        out.println(
                "    alerts and refund-requests are transactional: read them with"
                        + " isolation.level=read_committed.");
        out.println(
                "    Events you produce need event times after "
                        + Instant.ofEpochMilli(eventClockEnd)
                        + " (where the demo's event clock ended).");
        out.println(
                "    Ctrl-C stops the console, the job and the broker and deletes their data (exit status 130,"
                        + " as for any interrupted command; the verdict above stands).");
        out.flush();
    }

    private static long ackNanos(SimFeed.SentLog log, Integer index) {
        return index == null ? 0 : log.ackNanos(index);
    }

    private static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }
}
