package io.debitwatch.app;

import io.debitwatch.embeddedkafka.EmbeddedKafka;
import io.debitwatch.job.DebitwatchOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
        modelTransformer = JobOptionArgs.Attach.class,
        description =
                "Measure the streaming job's latency on an in-process Kafka broker: early warnings"
                        + " and refund visibility under live traffic at a fixed rate. Other options"
                        + " are passed to the job as in run (--KEY VALUE), e.g."
                        + " --execution.buffer-timeout.interval '0 ms'.")
final class LatencyBenchCommand implements Callable<Integer>, JobOptionArgs.Owner {

    @Mixin RateOption rate = new RateOption(5_000);

    @Mixin ParallelismOption parallelism = new ParallelismOption();

    /** The job's settle window, short so that refunds happen: derived from the job's option. */
    private final JobOptionArgs settle =
            new JobOptionArgs()
                    .add(
                            DebitwatchOptions.SETTLE_WINDOW,
                            Duration.class,
                            "DURATION",
                            "Settle window of the job, short so that refunds happen (default:"
                                    + " ${DEFAULT-VALUE}).",
                            Duration.ofSeconds(5));

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

    @Override
    public JobOptionArgs jobOptionArgs() {
        return settle;
    }

    @Override
    public Integer call() throws Exception {
        int eventsPerSecond = rate.positive();
        System.out.printf(
                Locale.ROOT,
                "debitwatch bench-latency — %,d events/s for %s after a %s warm-up; settle window"
                        + " %s, checkpoints every %s, parallelism %d; logs in %s%n",
                eventsPerSecond,
                Durations.format(duration),
                Durations.format(warmup),
                Durations.format(settleWindow()),
                Durations.format(checkpointInterval),
                parallelism.parallelism,
                System.getProperty("debitwatch.log.file", "the log file"));
        System.out.flush();
        try (LocalStack stack = LocalStack.create("debitwatch-bench-latency")) {
            EmbeddedKafka kafka = stack.startKafka(topics());
            Configuration conf =
                    stack.jobConfiguration(
                            parallelism.parallelism, jobConfiguration(stack.runId()));
            measure(stack, kafka.bootstrapServers(), conf);
            return 0;
        }
    }

    private Duration settleWindow() {
        return settle.get(DebitwatchOptions.SETTLE_WINDOW);
    }

    private Map<String, Integer> topics() {
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (var topic :
                List.of(
                        DebitwatchOptions.TERMINAL_EVENTS_TOPIC,
                        DebitwatchOptions.PROVIDER_EVENTS_TOPIC,
                        DebitwatchOptions.ALERTS_TOPIC,
                        DebitwatchOptions.REFUND_REQUESTS_TOPIC,
                        DebitwatchOptions.NOTIFICATIONS_TOPIC)) {
            topics.put(topic.defaultValue(), parallelism.parallelism);
        }
        topics.put(DebitwatchOptions.DEAD_LETTERS_TOPIC.defaultValue(), 1);
        return topics;
    }

    /** The bench's options of the job, then the ones given as {@code --KEY VALUE}. */
    Configuration jobConfiguration(String runId) {
        Configuration options = new Configuration();
        options.set(DebitwatchOptions.SETTLE_WINDOW, settleWindow());
        options.set(DebitwatchOptions.CHECKPOINT_INTERVAL, checkpointInterval);
        options.set(DebitwatchOptions.TRANSACTIONAL_ID_PREFIX, "bench-latency-" + runId);
        options.set(DebitwatchOptions.GROUP_ID, "bench-latency-" + runId);
        options.addAll(DebitwatchOptions.fromArgs(jobOptions.toArray(String[]::new)));
        return options;
    }

    private void measure(LocalStack stack, String bootstrapServers, Configuration conf)
            throws Exception {
        long outOfOrdernessMillis = conf.get(DebitwatchOptions.OUT_OF_ORDERNESS).toMillis();
        LatencyProbes probes = new LatencyProbes(settleWindow().toMillis() + outOfOrdernessMillis);
        try (Tails tails =
                new Tails(bootstrapServers)
                        .json(
                                conf.get(DebitwatchOptions.NOTIFICATIONS_TOPIC),
                                "read_uncommitted",
                                probes::onNotification)
                        .json(
                                conf.get(DebitwatchOptions.REFUND_REQUESTS_TOPIC),
                                "read_committed",
                                probes::onRefund)) {
            try {
                stack.startJob(conf, Duration.ofSeconds(60));
                // After the measured window the traffic goes on, so that the watermark passes the
                // deadlines of the last measured orders and a checkpoint commits their refunds.
                Duration tail =
                        settleWindow()
                                .plusMillis(outOfOrdernessMillis)
                                .plus(checkpointInterval.multipliedBy(2))
                                .plusSeconds(3);
                LatencyProbes.Feed feed =
                        new LatencyTraffic(
                                        rate.rate,
                                        seed,
                                        probes,
                                        conf.get(DebitwatchOptions.TERMINAL_EVENTS_TOPIC),
                                        conf.get(DebitwatchOptions.PROVIDER_EVENTS_TOPIC))
                                .run(bootstrapServers, warmup, duration, tail);
                long waitUntil = System.nanoTime() + checkpointInterval.multipliedBy(3).toNanos();
                while (System.nanoTime() < waitUntil && !probes.allDone()) {
                    Thread.sleep(100);
                }
                probes.print(
                        System.out, feed, settleWindow(), outOfOrdernessMillis, checkpointInterval);
                if (samplesFile != null) {
                    probes.writeSamples(samplesFile);
                }
            } finally {
                stack.cancelJob();
            }
        }
    }
}
