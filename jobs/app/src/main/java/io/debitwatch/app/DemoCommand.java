package io.debitwatch.app;

import io.debitwatch.console.Console;
import io.debitwatch.console.OutputTopics;
import io.debitwatch.console.Principal;
import io.debitwatch.console.auth.AccountStore;
import io.debitwatch.console.auth.Passwords;
import io.debitwatch.embeddedkafka.EmbeddedKafka;
import io.debitwatch.job.DebitwatchOptions;
import io.debitwatch.sim.SimulatorConfig;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
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

    @Mixin RateOption rate = new RateOption(1_000);

    @Mixin ParallelismOption parallelism = new ParallelismOption();

    @Mixin MetricsPortOption metrics = new MetricsPortOption(0);

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            description = "How long live traffic is fed (default: 60s).")
    Duration duration = Duration.ofSeconds(60);

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
            names = "--drain-timeout",
            paramLabel = "DURATION",
            description =
                    "How long to wait, once all traffic is sent, for the last outputs (default: 90s).")
    Duration drainTimeout = Duration.ofSeconds(90);

    private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(2);

    private static final String DEMO_ACCOUNT = "operator";
    private static final int DEMO_PASSWORD_LENGTH = 20;

    @Override
    public Integer call() throws Exception {
        return run(System.out).perfect() ? 0 : 1;
    }

    /** Runs the demo, printing as it goes; returns the scorecard's verdict and counts. */
    ScorecardResult run(PrintStream out) throws Exception {
        int eventsPerSecond = rate.positive();
        SimulatorConfig sim = stories.apply(SimulatorConfig.defaults());
        try (LocalStack stack = LocalStack.create("debitwatch-demo")) {
            out.printf(
                    Locale.ROOT,
                    "debitwatch demo — simulated POS traffic (seed %d) at %,d events/s for %s,"
                            + " event clock %s× real time; Flink and Kafka logs: %s%n",
                    seed,
                    eventsPerSecond,
                    Durations.format(duration),
                    trim(speed),
                    System.getProperty("debitwatch.log.file", "the log file"));
            out.flush();
            Map<String, Integer> topics = topics();
            EmbeddedKafka kafka = stack.startKafka(topics);
            out.printf(
                    Locale.ROOT,
                    "  Kafka broker %s (in-process), topics: %s%n",
                    kafka.bootstrapServers(),
                    String.join(", ", topics.keySet()));
            Configuration conf =
                    stack.jobConfiguration(parallelism.parallelism, jobOptions(sim, stack.runId()));
            out.printf(Locale.ROOT, "  metrics: %s%n", metrics.apply(conf));
            out.flush();
            Console.Settings consoleSettings = consoleSettings(stack, kafka, conf);
            DemoRun.Settings settings =
                    new DemoRun.Settings(
                            sim,
                            seed,
                            eventsPerSecond,
                            duration,
                            speed,
                            parallelism.parallelism,
                            CHECKPOINT_INTERVAL,
                            drainTimeout,
                            keepRunning);
            // Closed before the stack: the stack deletes the folder PostgreSQL keeps its data in.
            try (Console console = Console.start(consoleSettings)) {
                out.printf(
                        Locale.ROOT,
                        "  console: %s/incidents (%s)%n",
                        console.url(),
                        consoleSettings.store());
                printLogin(console, out);
                return new DemoRun(settings, stack, kafka, conf, console, out).run();
            }
        }
    }

    /**
     * The demo's one console account: {@code operator} with a random password, made for this run
     * and printed once (the demo's PostgreSQL is deleted when it ends). No fixed password anywhere.
     */
    private static void printLogin(Console console, PrintStream out) throws SQLException {
        String password = Passwords.random(DEMO_PASSWORD_LENGTH);
        new AccountStore(console.database().dataSource())
                .create(
                        DEMO_ACCOUNT,
                        Principal.Role.OPERATOR,
                        Principal.MerchantScope.ALL,
                        password);
        out.printf(
                Locale.ROOT,
                "  console login: %s / %s  (sign in at %s/login)%n",
                DEMO_ACCOUNT,
                password,
                console.url());
        out.flush();
    }

    /** The console on the demo's broker and topics: embedded PostgreSQL, any free port. */
    private static Console.Settings consoleSettings(
            LocalStack stack, EmbeddedKafka kafka, Configuration conf) {
        return new Console.Settings(
                kafka.bootstrapServers(),
                new OutputTopics(
                        conf.get(DebitwatchOptions.ALERTS_TOPIC),
                        conf.get(DebitwatchOptions.REFUND_REQUESTS_TOPIC),
                        conf.get(DebitwatchOptions.NOTIFICATIONS_TOPIC)),
                stack.work().resolve("console").resolve("pg"),
                null,
                null,
                null,
                "127.0.0.1",
                0);
    }

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

    /** The job's options: the simulator's detector settings and this run's own ids. */
    private static Configuration jobOptions(SimulatorConfig sim, String runId) {
        Configuration options = new Configuration();
        options.set(DebitwatchOptions.SETTLE_WINDOW, sim.settleWindow());
        options.set(DebitwatchOptions.CALLBACK_HORIZON, sim.callbackHorizon());
        options.set(DebitwatchOptions.REFUND_MISSING_TERMINAL, sim.refundMissingTerminal());
        options.set(DebitwatchOptions.CHECKPOINT_INTERVAL, CHECKPOINT_INTERVAL);
        options.set(DebitwatchOptions.TRANSACTIONAL_ID_PREFIX, "debitwatch-demo-" + runId);
        options.set(DebitwatchOptions.GROUP_ID, "debitwatch-demo-" + runId);
        return options;
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
