package io.debitwatch.app;

import io.debitwatch.sim.FileSink;
import io.debitwatch.sim.Simulator;
import io.debitwatch.sim.SimulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code debitwatch simulate}: seeded POS traffic with the faults of SPEC §1, written as the two
 * NDJSON inputs plus the ground truth the stories imply. Writing to Kafka at a set rate comes with
 * the live demo.
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description =
                "Generate seeded POS traffic with injected faults into terminal-events.ndjson,"
                        + " provider-events.ndjson and ground-truth.ndjson.")
final class SimulateCommand implements Callable<Integer> {

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Folder for the three files (created if missing).")
    Path out;

    @Option(names = "--orders", description = "Orders to generate (default: ${DEFAULT-VALUE}).")
    long orders = 10_000;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(out);
        long start = System.nanoTime();
        Simulator.run(SimulatorConfig.defaults(), seed, orders, new FileSink(out));
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
}
