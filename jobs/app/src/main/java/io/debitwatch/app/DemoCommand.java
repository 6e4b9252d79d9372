package io.debitwatch.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.job.DebitwatchOptions;
import io.debitwatch.job.StreamingJob;
import io.debitwatch.kafka.EmbeddedKafka;
import io.debitwatch.sim.SimEvent;
import io.debitwatch.sim.SimulatorConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code debitwatch demo}: the whole product on embedded defaults. An in-process Kafka broker, the
 * streaming job as {@code run} runs it (local Flink, RocksDB, checkpoints, exactly-once alerts and
 * refunds), and the simulator feeding a day of POS traffic with the faults of SPEC §1, then a
 * scorecard against the simulator's ground truth.
 *
 * <p>Time: the traffic's event clock runs {@code --speed} times faster than the wall clock (60 by
 * default: the 60 s run is an hour of shop traffic), so that settle windows end while you watch.
 * When the live part is over, the rest of each order's story (callbacks hours later, next-day
 * statements) is sent at once, and a sentinel order on every input partition moves the event clock
 * past every order's horizon, so that every decision of SPEC §4 is due. The clock is placed so that
 * it ends near the real time: after the demo, records you produce yourself with today's event times
 * are on time.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Run the whole product on embedded defaults: a Kafka broker, the streaming job and"
                        + " simulated POS traffic with injected faults, then a scorecard against"
                        + " the simulator's ground truth. Exit status 0 only for a perfect"
                        + " scorecard.")
final class DemoCommand implements Callable<Integer> {

    @Mixin StoryWeights stories = new StoryWeights();

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            description = "How long live traffic is fed (default: 60s).")
    Duration duration = Duration.ofSeconds(60);

    @Option(
            names = "--rate",
            paramLabel = "EVENTS_PER_S",
            description =
                    "Input events per second, both topics together (default: ${DEFAULT-VALUE}).")
    int rate = 1_000;

    @Option(
            names = "--seed",
            paramLabel = "N",
            description = "Seed of the simulated traffic (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(
            names = "--speed",
            paramLabel = "FACTOR",
            description =
                    "Event time passes this many times faster than the wall clock while traffic is"
                            + " live (default: ${DEFAULT-VALUE}).")
    double speed = 60;

    @Option(
            names = "--keep-running",
            description =
                    "After the scorecard, leave the broker and the job up (until Ctrl-C) and print"
                            + " the bootstrap address and topic names.")
    boolean keepRunning;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            description = "Parallelism of the job (default: ${DEFAULT-VALUE}).")
    int parallelism = 2;

    @Option(
            names = "--drain-timeout",
            paramLabel = "DURATION",
            description =
                    "How long to wait, once all traffic is sent, for the last outputs (default: 90s).")
    Duration drainTimeout = Duration.ofSeconds(90);

    private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(2);

    @Override
    public Integer call() throws Exception {
        if (rate <= 0) {
            throw new IllegalArgumentException("--rate must be positive");
        }
        PrintStream out = System.out;
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path work = Files.createTempDirectory("debitwatch-demo");
        // Ctrl-C: end --keep-running, stop the job, and give the main thread time to close the
        // broker and delete the work folder before the JVM halts (or delete it here).
        Thread onExit =
                new Thread(
                        () -> {
                            interrupted = true;
                            ctrlC.countDown();
                            JobClient j = running;
                            if (j != null) {
                                try {
                                    j.cancel().get(10, TimeUnit.SECONDS);
                                } catch (Exception e) {
                                    // exiting anyway
                                }
                            }
                            try {
                                if (!cleanedUp.await(20, TimeUnit.SECONDS)) {
                                    WorkDirs.deleteQuietly(work);
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "demo-ctrl-c");
        Runtime.getRuntime().addShutdownHook(onExit);
        out.printf(
                Locale.ROOT,
                "debitwatch demo — simulated POS traffic (seed %d) at %,d events/s for %s, event"
                        + " clock %s× real time; Flink and Kafka logs: %s%n",
                seed,
                rate,
                Durations.format(duration),
                trim(speed),
                System.getProperty("debitwatch.log.file", "the log file"));
        out.flush();
        try (EmbeddedKafka kafka =
                EmbeddedKafka.builder().dataDir(work.resolve("kafka")).build().start()) {
            Map<String, Integer> topics = topics();
            kafka.createTopics(topics);
            out.printf(
                    Locale.ROOT,
                    "  Kafka broker %s (in-process), topics: %s%n",
                    kafka.bootstrapServers(),
                    String.join(", ", topics.keySet()));
            Configuration conf = jobConfiguration(kafka.bootstrapServers(), work, run);
            return demo(kafka, conf, out);
        } finally {
            WorkDirs.deleteQuietly(work);
            cleanedUp.countDown();
            if (!interrupted) {
                try {
                    Runtime.getRuntime().removeShutdownHook(onExit);
                } catch (IllegalStateException e) {
                    // already shutting down
                }
            }
        }
    }

    private final CountDownLatch ctrlC = new CountDownLatch(1);
    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private volatile boolean interrupted;
    private volatile JobClient running;

    private static Map<String, Integer> topics() {
        Map<String, Integer> topics = new LinkedHashMap<>();
        topics.put(DebitwatchOptions.TERMINAL_EVENTS_TOPIC.defaultValue(), 2);
        topics.put(DebitwatchOptions.PROVIDER_EVENTS_TOPIC.defaultValue(), 2);
        topics.put(DebitwatchOptions.ALERTS_TOPIC.defaultValue(), 2);
        topics.put(DebitwatchOptions.REFUND_REQUESTS_TOPIC.defaultValue(), 2);
        topics.put(DebitwatchOptions.NOTIFICATIONS_TOPIC.defaultValue(), 2);
        topics.put(DebitwatchOptions.DEAD_LETTERS_TOPIC.defaultValue(), 1);
        return topics;
    }

    /** What {@code run} builds, with the simulator's detector settings spelled out. */
    private Configuration jobConfiguration(String bootstrapServers, Path work, String run)
            throws java.io.IOException {
        SimulatorConfig sim = stories.apply(SimulatorConfig.defaults());
        RunCommand runCommand = new RunCommand();
        runCommand.bootstrapServers = bootstrapServers;
        runCommand.checkpointDir = work.resolve("checkpoints");
        runCommand.fresh = true;
        runCommand.parallelism = parallelism;
        runCommand.jobOptions =
                new ArrayList<>(
                        List.of(
                                "--" + DebitwatchOptions.SETTLE_WINDOW.key(),
                                sim.settleWindow().toMillis() + " ms",
                                "--" + DebitwatchOptions.CALLBACK_HORIZON.key(),
                                sim.callbackHorizon().toMillis() + " ms",
                                "--" + DebitwatchOptions.REFUND_MISSING_TERMINAL.key(),
                                Boolean.toString(sim.refundMissingTerminal()),
                                "--" + DebitwatchOptions.CHECKPOINT_INTERVAL.key(),
                                CHECKPOINT_INTERVAL.toMillis() + " ms",
                                "--" + DebitwatchOptions.TRANSACTIONAL_ID_PREFIX.key(),
                                "debitwatch-demo-" + run,
                                "--" + DebitwatchOptions.GROUP_ID.key(),
                                "debitwatch-demo-" + run));
        Files.createDirectories(work.resolve("flink"));
        return runCommand.configuration(work.resolve("flink"));
    }

    private int demo(EmbeddedKafka kafka, Configuration conf, PrintStream out) throws Exception {
        String bootstrap = kafka.bootstrapServers();
        Scorecard score = new Scorecard();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> consumers =
                List.of(
                        tail(
                                bootstrap,
                                conf.get(DebitwatchOptions.ALERTS_TOPIC),
                                "read_committed",
                                stop,
                                (n, t) -> score.alert(n, t)),
                        tail(
                                bootstrap,
                                conf.get(DebitwatchOptions.REFUND_REQUESTS_TOPIC),
                                "read_committed",
                                stop,
                                (n, t) -> score.refund(n)),
                        tail(
                                bootstrap,
                                conf.get(DebitwatchOptions.NOTIFICATIONS_TOPIC),
                                "read_uncommitted",
                                stop,
                                score::notification),
                        tail(
                                bootstrap,
                                conf.get(DebitwatchOptions.DEAD_LETTERS_TOPIC),
                                "read_uncommitted",
                                stop,
                                (n, t) -> score.deadLetter(n)));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        long jobStart = System.nanoTime();
        JobClient job = StreamingJob.start(env, conf);
        running = job;
        try {
            waitRunning(job);
            out.printf(
                    Locale.ROOT,
                    "  streaming job running (local Flink, parallelism %d, RocksDB, checkpoints"
                            + " every %s) after %.1f s%n",
                    parallelism,
                    Durations.format(CHECKPOINT_INTERVAL),
                    (System.nanoTime() - jobStart) / 1e9);

            Duration bound = conf.get(DebitwatchOptions.OUT_OF_ORDERNESS);
            LiveTraffic traffic =
                    new LiveTraffic(
                            stories.apply(SimulatorConfig.defaults()),
                            seed,
                            rate,
                            duration,
                            speed,
                            System.currentTimeMillis());
            long liveUntil = traffic.liveUntilMillis;
            String terminalTopic = conf.get(DebitwatchOptions.TERMINAL_EVENTS_TOPIC);
            String providerTopic = conf.get(DebitwatchOptions.PROVIDER_EVENTS_TOPIC);
            Map<String, Integer> warningRecord = new ConcurrentHashMap<>();
            Map<String, Integer> lateRecord = new ConcurrentHashMap<>();
            Progress progress =
                    new Progress(
                            out, score, bootstrap, conf, List.of(terminalTopic, providerTopic));
            long eventClockEnd;
            try (SimFeed feed =
                    new SimFeed(bootstrap, terminalTopic, providerTopic, traffic.clock)) {
                feed.onMalformed(score::malformedAt);
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
                                        (System.nanoTime() - jobStart) / 1e9)
                                : "warm-up order's early warning did not come within 60 s",
                        System.console() != null ? "second" : "5 s");
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
                long liveNanos = System.nanoTime() - feedStart;
                long drainAt = traffic.drain(feed, terminalTopic, providerTopic, bound);
                eventClockEnd = drainAt;
                feed.flush();
                progress.phase = "draining";
                long sent = feed.terminalSent() + feed.providerSent();
                if (feed.failedSends() > 0) {
                    progress.finish();
                    throw new IllegalStateException(
                            feed.failedSends()
                                    + " records could not be sent: "
                                    + feed.firstFailure());
                }

                long deadline = System.nanoTime() + drainTimeout.toNanos();
                while (!score.complete() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                // Whatever else the job emits (it should emit nothing more) shows up within two
                // checkpoints.
                Thread.sleep(CHECKPOINT_INTERVAL.multipliedBy(2).plusSeconds(1).toMillis());
                progress.finish();

                SimFeed.SentLog log = feed.log();
                out.println();
                out.printf(
                        Locale.ROOT,
                        "debitwatch demo — scorecard: %,d orders, %,d events (%,d terminal, %,d"
                                + " provider) from %s to %s event time%n",
                        score.orders(),
                        sent,
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
                        rate);
                out.printf(
                        Locale.ROOT,
                        "  the job's consumer lag peaked at %,d input records (offsets are"
                                + " committed at checkpoints, every %s)%n",
                        progress.peakLag,
                        Durations.format(CHECKPOINT_INTERVAL));
                score.print(
                        out,
                        decided -> log.firstAckAtOrAfter(decided + bound.toMillis() + 1),
                        key -> {
                            Integer i = warningRecord.get(key);
                            return i == null ? 0 : log.ackNanos(i);
                        },
                        key -> {
                            Integer i = lateRecord.get(key);
                            return i == null ? 0 : log.ackNanos(i);
                        },
                        liveUntil);
            }
            boolean perfect = score.perfect();
            out.println();
            out.println(
                    perfect
                            ? "  PERFECT: every expected alert, refund request, notification and dead"
                                    + " letter arrived, nothing unexpected, no duplicates."
                            : "  NOT PERFECT: see the counts above.");
            if (keepRunning) {
                keepRunning(kafka, conf, out, eventClockEnd);
            }
            return perfect ? 0 : 1;
        } finally {
            stop.set(true);
            try {
                job.cancel().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Best effort: the broker and the JVM go away next.
            }
            for (Thread t : consumers) {
                t.join(10_000);
            }
        }
    }

    private void keepRunning(
            EmbeddedKafka kafka, Configuration conf, PrintStream out, long eventClockEnd)
            throws InterruptedException {
        out.println();
        out.println("  --keep-running: the broker and the job stay up until Ctrl-C.");
        out.println("    bootstrap servers  " + kafka.bootstrapServers());
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
                "    Ctrl-C stops the job and the broker and deletes their data (exit status 130,"
                        + " as for any interrupted command; the verdict above stands).");
        out.flush();
        ctrlC.await();
    }

    private static void waitRunning(JobClient job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (job.getJobStatus().get() != JobStatus.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the job did not start within 90 s");
            }
            Thread.sleep(50);
        }
    }

    private static Thread tail(
            String bootstrap,
            String topic,
            String isolation,
            AtomicBoolean stop,
            BiConsumer<JsonNode, Long> onRecord) {
        return TopicTail.start(
                bootstrap,
                topic,
                isolation,
                stop,
                (value, received) -> {
                    JsonNode n;
                    try {
                        n = Json.mapper().readTree(value);
                    } catch (java.io.IOException e) {
                        return; // not the job's output: nothing to score
                    }
                    onRecord.accept(n, received);
                });
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** The refreshing progress line. */
    private static final class Progress extends Thread {
        private final PrintStream out;
        private final Scorecard score;
        private final Admin admin;
        private final String groupId;
        private final List<String> inputTopics;
        private final boolean tty = System.console() != null;
        private final long started = System.nanoTime();
        private final AtomicBoolean done = new AtomicBoolean();
        volatile SimFeed feed;
        volatile String phase = "live";
        private long lastEvents;
        volatile long peakLag;
        private long lastNanos = started;

        Progress(
                PrintStream out,
                Scorecard score,
                String bootstrap,
                Configuration conf,
                List<String> inputTopics) {
            super("demo-progress");
            setDaemon(true);
            this.out = out;
            this.score = score;
            Properties props = new Properties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            this.admin = Admin.create(props);
            this.groupId = conf.get(DebitwatchOptions.GROUP_ID);
            this.inputTopics = inputTopics;
        }

        @Override
        public void run() {
            int tick = 0;
            while (!done.get()) {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
                tick++;
                if (!done.get() && (tty || tick % 5 == 0)) {
                    String line = line();
                    synchronized (out) {
                        if (tty) {
                            out.print("\r" + line + "\033[K");
                        } else {
                            out.println(line);
                        }
                        out.flush();
                    }
                }
            }
        }

        void finish() {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            interrupt();
            try {
                join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (out) {
                String line = line();
                out.print(tty ? "\r" + line + "\033[K\n" : line + "\n");
                out.flush();
            }
            admin.close(Duration.ofSeconds(5));
        }

        private String line() {
            SimFeed f = feed;
            long events = f == null ? 0 : f.terminalSent() + f.providerSent();
            long now = System.nanoTime();
            double perSecond = (events - lastEvents) / Math.max(1e-9, (now - lastNanos) / 1e9);
            lastEvents = events;
            lastNanos = now;
            Scorecard.Progress p = score.progress();
            StringBuilder byType = new StringBuilder();
            for (AlertType t : AlertType.values()) {
                if (byType.length() > 0) {
                    byType.append(' ');
                }
                byType.append(ABBREVIATIONS.get(t)).append(' ').append(p.alertsByType().get(t));
            }
            String clock =
                    f == null || f.eventClockMillis() == Long.MIN_VALUE
                            ? "-"
                            : java.time.format.DateTimeFormatter.ofPattern("MM-dd HH:mm")
                                    .withZone(java.time.ZoneOffset.UTC)
                                    .format(Instant.ofEpochMilli(f.eventClockMillis()));
            return String.format(
                    Locale.ROOT,
                    "  %4ds %-11s clock %s | in %,d (%,.0f/s) lag %s | alerts %,d [%s] | refunds"
                            + " %,d | early warnings %,d | dead letters %,d",
                    (now - started) / 1_000_000_000L,
                    f != null && f.fastForward() && "live".equals(phase) ? "fast-forward" : phase,
                    clock,
                    events,
                    perSecond,
                    lag(),
                    p.alerts(),
                    byType,
                    p.refunds(),
                    p.earlyWarnings(),
                    p.deadLetters());
        }

        /**
         * Input records not yet committed by the job's consumer group (it commits at checkpoints).
         */
        private String lag() {
            try {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (var d :
                        admin.describeTopics(inputTopics)
                                .allTopicNames()
                                .get(2, TimeUnit.SECONDS)
                                .values()) {
                    d.partitions()
                            .forEach(
                                    p ->
                                            latest.put(
                                                    new TopicPartition(d.name(), p.partition()),
                                                    OffsetSpec.latest()));
                }
                var ends = admin.listOffsets(latest).all().get(2, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(groupId)
                                .partitionsToOffsetAndMetadata()
                                .get(2, TimeUnit.SECONDS);
                long lag = 0;
                for (var e : ends.entrySet()) {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    lag += e.getValue().offset() - (c == null ? 0 : c.offset());
                }
                lag = Math.max(0, lag);
                peakLag = Math.max(peakLag, lag);
                return String.format(Locale.ROOT, "%,d", lag);
            } catch (Exception e) {
                return "?";
            }
        }

        private static final Map<AlertType, String> ABBREVIATIONS =
                Map.of(
                        AlertType.UNMATCHED_DEBIT, "UD",
                        AlertType.AMOUNT_MISMATCH, "AM",
                        AlertType.STUCK_PAYMENT, "SP",
                        AlertType.SALE_WITHOUT_DEBIT, "SWD",
                        AlertType.CONFLICT, "CF",
                        AlertType.ALERT_RESOLVED, "AR");
    }
}
