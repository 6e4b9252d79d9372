package io.debitwatch.app;

import io.debitwatch.job.DebitwatchOptions;
import io.debitwatch.sim.FileSink;
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
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code debitwatch simulate}: seeded POS traffic with the faults of SPEC §1 and the ground truth
 * the stories imply, either as NDJSON files ({@code --out}) or live into Kafka topics at a rate
 * ({@code --bootstrap-servers}), the way the demo feeds its job.
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description =
                "Generate seeded POS traffic with injected faults: into terminal-events.ndjson,"
                        + " provider-events.ndjson and ground-truth.ndjson (--out), or live into"
                        + " the Kafka input topics at --rate events/s (--bootstrap-servers), with"
                        + " the ground truth into --out.")
final class SimulateCommand implements Callable<Integer> {

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

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            description = "Send to Kafka instead of files.")
    String bootstrapServers;

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

    @Option(
            names = "--terminal-events-topic",
            paramLabel = "TOPIC",
            description = "Kafka: terminal events topic (default: ${DEFAULT-VALUE}).")
    String terminalTopic = DebitwatchOptions.TERMINAL_EVENTS_TOPIC.defaultValue();

    @Option(
            names = "--provider-events-topic",
            paramLabel = "TOPIC",
            description = "Kafka: provider events topic (default: ${DEFAULT-VALUE}).")
    String providerTopic = DebitwatchOptions.PROVIDER_EVENTS_TOPIC.defaultValue();

    @Option(
            names = "--out-of-orderness",
            paramLabel = "DURATION",
            description =
                    "Kafka: the watermark bound of the job reading the topics; the sentinel sales"
                            + " go this much past the last horizon (default: 2s, the job's"
                            + " default).")
    Duration outOfOrderness = DebitwatchOptions.OUT_OF_ORDERNESS.defaultValue();

    @Option(
            names = "--no-drain",
            description =
                    "Kafka: do not end with the sentinel sales that move event time past every"
                            + " order's horizon.")
    boolean noDrain;

    @Override
    public Integer call() throws Exception {
        if (bootstrapServers == null) {
            if (out == null) {
                throw new IllegalArgumentException("give --out DIR, or --bootstrap-servers");
            }
            return toFiles();
        }
        return toKafka();
    }

    private int toFiles() throws IOException {
        Files.createDirectories(out);
        long start = System.nanoTime();
        Simulator.run(stories.apply(SimulatorConfig.defaults()), seed, orders, new FileSink(out));
        System.out.printf(
                Locale.ROOT,
                "simulated %,d orders (seed %d) in %.1f s into %s: %s, %s, %s%n",
                orders,
                seed,
                (System.nanoTime() - start) / 1e9,
                out,
                FileSink.TERMINAL_FILE,
                FileSink.PROVIDER_FILE,
                FileSink.GROUND_TRUTH_FILE);
        return 0;
    }

    private int toKafka() throws IOException {
        LiveTraffic traffic =
                new LiveTraffic(
                        stories.apply(SimulatorConfig.defaults()),
                        seed,
                        rate,
                        duration,
                        speed,
                        System.currentTimeMillis());
        Writer truth = null;
        if (out != null) {
            Files.createDirectories(out);
            truth =
                    Files.newBufferedWriter(
                            out.resolve(FileSink.GROUND_TRUTH_FILE), StandardCharsets.UTF_8);
        }
        System.out.printf(
                Locale.ROOT,
                "simulating into %s (%s, %s) %s, %s of event time (seed %d)%n",
                bootstrapServers,
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
                seed);
        long start = System.nanoTime();
        long[] orderCount = {0};
        Writer t = truth;
        try (SimFeed feed =
                        new SimFeed(bootstrapServers, terminalTopic, providerTopic, traffic.clock);
                Writer ignored = truth) {
            feed.run(
                    traffic.orders(),
                    o -> {
                        traffic.sent(o);
                        orderCount[0]++;
                        if (t != null) {
                            try {
                                GroundTruth.write(o, t);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }
                    },
                    (index, e, key) -> {});
            long sent = feed.terminalSent() + feed.providerSent();
            String drained = "";
            if (!noDrain) {
                long at = traffic.drain(feed, terminalTopic, providerTopic, outOfOrderness);
                drained =
                        ", then sentinel sales at "
                                + java.time.Instant.ofEpochMilli(at)
                                + " on every partition";
            }
            feed.flush();
            if (feed.failedSends() > 0) {
                throw new IllegalStateException(
                        feed.failedSends() + " records could not be sent: " + feed.firstFailure());
            }
            System.out.printf(
                    Locale.ROOT,
                    "sent %,d orders, %,d records (%,d terminal, %,d provider) in %.1f s%s%s%n",
                    orderCount[0],
                    sent,
                    feed.terminalSent(),
                    feed.providerSent(),
                    (System.nanoTime() - start) / 1e9,
                    drained,
                    out == null
                            ? ""
                            : "; ground truth in " + out.resolve(FileSink.GROUND_TRUTH_FILE));
        }
        return 0;
    }
}
