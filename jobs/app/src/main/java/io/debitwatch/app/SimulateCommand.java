package io.debitwatch.app;

import static io.debitwatch.job.DebitwatchOptions.BOOTSTRAP_SERVERS;
import static io.debitwatch.job.DebitwatchOptions.OUT_OF_ORDERNESS;
import static io.debitwatch.job.DebitwatchOptions.PROVIDER_EVENTS_TOPIC;
import static io.debitwatch.job.DebitwatchOptions.TERMINAL_EVENTS_TOPIC;

import io.debitwatch.job.DebitwatchOptions;
import io.debitwatch.job.UnknownOptionException;
import io.debitwatch.job.kafka.KafkaClientProperties;
import io.debitwatch.sim.FileSink;
import io.debitwatch.sim.GeneratedOrder;
import io.debitwatch.sim.GroundTruth;
import io.debitwatch.sim.Simulator;
import io.debitwatch.sim.SimulatorConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code debitwatch simulate}: seeded POS traffic with the faults of SPEC §1 and the ground truth
 * the stories imply, either as NDJSON files ({@code --out}) or live into Kafka topics at a rate
 * ({@code --bootstrap-servers}), the way the demo feeds its job.
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        modelTransformer = JobOptionArgs.Attach.class,
        description =
                "Generate seeded POS traffic with injected faults: into terminal-events.ndjson,"
                        + " provider-events.ndjson and ground-truth.ndjson (--out), or live into"
                        + " the Kafka input topics at --rate events/s (--bootstrap-servers), with"
                        + " the ground truth into --out. Kafka client settings (TLS, SASL) go to"
                        + " the producer as --kafka.NAME VALUE.")
final class SimulateCommand implements Callable<Integer>, JobOptionArgs.Owner {

    @Mixin StoryWeights stories = new StoryWeights();

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description =
                    "Folder for the files (created if missing); with --bootstrap-servers only"
                            + " ground-truth.ndjson goes there.")
    Path out;

    @Option(
            names = "--orders",
            description = "Orders to generate into files (default: ${DEFAULT-VALUE}).")
    long orders = 10_000;

    @Mixin SeedOption seed = new SeedOption(1);

    @Option(
            names = "--rate",
            paramLabel = "EVENTS_PER_S",
            description =
                    "Kafka: input events per second while live; 0 sends as fast as the broker"
                            + " takes them, at the simulator's own density of one order per 500 ms"
                            + " of event time (default: ${DEFAULT-VALUE}).")
    int rate = 1_000;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            description = "Kafka: how long orders keep starting (default: 60s).")
    Duration duration = Duration.ofSeconds(60);

    @Option(
            names = "--speed",
            paramLabel = "FACTOR",
            description =
                    "Kafka: event time passes this many times faster than the wall clock while"
                            + " live (default: ${DEFAULT-VALUE}).")
    double speed = 60;

    /** The job's options that say where the traffic goes, derived from the job's. */
    private final JobOptionArgs kafka =
            new JobOptionArgs()
                    .add(
                            BOOTSTRAP_SERVERS,
                            String.class,
                            "HOST:PORT",
                            "Send to Kafka instead of files.")
                    .add(
                            TERMINAL_EVENTS_TOPIC,
                            String.class,
                            "TOPIC",
                            "Kafka: terminal events topic (default: ${DEFAULT-VALUE}).")
                    .add(
                            PROVIDER_EVENTS_TOPIC,
                            String.class,
                            "TOPIC",
                            "Kafka: provider events topic (default: ${DEFAULT-VALUE}).")
                    .add(
                            OUT_OF_ORDERNESS,
                            Duration.class,
                            "DURATION",
                            "Kafka: the watermark bound of the job reading the topics; the"
                                    + " sentinel sales go this much past the last horizon (default:"
                                    + " ${DEFAULT-VALUE}, the job's default).");

    @Option(
            names = "--no-drain",
            description =
                    "Kafka: do not end with the sentinel sales that move event time past every"
                            + " order's horizon.")
    boolean noDrain;

    /** Kafka client settings for the producer: {@code --kafka.NAME VALUE} (TLS, SASL). */
    @Unmatched List<String> kafkaClientArgs = new ArrayList<>();

    @Override
    public JobOptionArgs jobOptionArgs() {
        return kafka;
    }

    /** The {@code --kafka.NAME VALUE} settings; any other unknown option is refused. */
    KafkaClientProperties clientProperties() {
        Configuration conf = DebitwatchOptions.fromArgs(kafkaClientArgs.toArray(String[]::new));
        for (String key : conf.keySet()) {
            if (!key.startsWith(KafkaClientProperties.PREFIX)) {
                throw new UnknownOptionException(
                        "unknown option --"
                                + key
                                + " (besides its own options, simulate takes Kafka client settings"
                                + " as --kafka.NAME VALUE)");
            }
        }
        return KafkaClientProperties.from(conf);
    }

    @Override
    public Integer call() throws Exception {
        KafkaClientProperties client = clientProperties();
        if (kafka.get(BOOTSTRAP_SERVERS) == null) {
            if (out == null) {
                throw new IllegalArgumentException("give --out DIR, or --bootstrap-servers");
            }
            return toFiles();
        }
        return toKafka(client);
    }

    private int toFiles() throws IOException {
        Files.createDirectories(out);
        long start = System.nanoTime();
        Simulator.run(
                stories.apply(SimulatorConfig.defaults()), seed.seed, orders, new FileSink(out));
        System.out.printf(
                Locale.ROOT,
                "simulated %,d orders (seed %d) in %.1f s into %s: %s, %s, %s%n",
                orders,
                seed.seed,
                (System.nanoTime() - start) / 1e9,
                out,
                FileSink.TERMINAL_FILE,
                FileSink.PROVIDER_FILE,
                FileSink.GROUND_TRUTH_FILE);
        return 0;
    }

    private int toKafka(KafkaClientProperties client) throws IOException {
        LiveTraffic traffic =
                new LiveTraffic(
                        stories.apply(SimulatorConfig.defaults()),
                        seed.seed,
                        rate,
                        duration,
                        speed,
                        System.currentTimeMillis());
        String terminalTopic = kafka.get(TERMINAL_EVENTS_TOPIC);
        String providerTopic = kafka.get(PROVIDER_EVENTS_TOPIC);
        printStart(traffic, terminalTopic, providerTopic);
        long start = System.nanoTime();
        try (SimFeed feed =
                        new SimFeed(
                                kafka.get(BOOTSTRAP_SERVERS),
                                client,
                                terminalTopic,
                                providerTopic,
                                traffic.clock);
                GroundTruthFile truth = new GroundTruthFile(out)) {
            feed.run(
                    traffic.orders(),
                    o -> {
                        traffic.sent(o);
                        truth.write(o);
                    },
                    (index, e, key) -> {});
            long sent = feed.terminalSent() + feed.providerSent();
            String drained = "";
            if (!noDrain) {
                long at =
                        traffic.drain(
                                feed, terminalTopic, providerTopic, kafka.get(OUT_OF_ORDERNESS));
                drained =
                        ", then sentinel sales at "
                                + Instant.ofEpochMilli(at)
                                + " on every partition";
            }
            feed.flush();
            if (feed.failedSends() > 0) {
                throw new IllegalStateException(
                        feed.failedSends() + " records could not be sent: " + feed.firstFailure());
            }
            printSent(feed, truth.orders, sent, (System.nanoTime() - start) / 1e9, drained);
        }
        return 0;
    }

    private void printStart(LiveTraffic traffic, String terminalTopic, String providerTopic) {
        System.out.printf(
                Locale.ROOT,
                "simulating into %s (%s, %s) %s, %s of event time (seed %d)%n",
                kafka.get(BOOTSTRAP_SERVERS),
                terminalTopic,
                providerTopic,
                rate == 0
                        ? "as fast as the broker takes it"
                        : String.format(
                                Locale.ROOT,
                                "at %,d events/s for %s, event clock %s× real time",
                                rate,
                                Durations.format(duration),
                                speed),
                Durations.format(
                        Duration.ofMillis(traffic.liveUntilMillis - traffic.clock.baseMillis())),
                seed.seed);
    }

    private void printSent(SimFeed feed, long orders, long sent, double seconds, String drained) {
        System.out.printf(
                Locale.ROOT,
                "sent %,d orders, %,d records (%,d terminal, %,d provider) in %.1f s%s%s%n",
                orders,
                sent,
                feed.terminalSent(),
                feed.providerSent(),
                seconds,
                drained,
                out == null ? "" : "; ground truth in " + out.resolve(FileSink.GROUND_TRUTH_FILE));
    }

    /** The ground truth of the orders sent, into {@code DIR/ground-truth.ndjson} when given. */
    private static final class GroundTruthFile implements AutoCloseable {
        private final Writer writer;
        long orders;

        GroundTruthFile(Path dir) throws IOException {
            if (dir == null) {
                writer = null;
            } else {
                Files.createDirectories(dir);
                writer =
                        Files.newBufferedWriter(
                                dir.resolve(FileSink.GROUND_TRUTH_FILE), StandardCharsets.UTF_8);
            }
        }

        void write(GeneratedOrder order) {
            orders++;
            if (writer != null) {
                try {
                    GroundTruth.write(order, writer);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        @Override
        public void close() throws IOException {
            if (writer != null) {
                writer.close();
            }
        }
    }
}
