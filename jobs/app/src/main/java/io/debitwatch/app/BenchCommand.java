package io.debitwatch.app;

import io.debitwatch.core.detect.DetectorConfig;
import io.debitwatch.job.replay.AsOf;
import io.debitwatch.job.replay.Replay;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code debitwatch bench}: generates a large seeded input, replays it, and prints events/s and
 * peak memory. A measurement, not a test: it prints figures and asserts nothing.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Replay a large generated input and print events/s and peak memory.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--orders", description = "Orders to generate (default: ${DEFAULT-VALUE}).")
    long orders = 1_000_000;

    @Option(
            names = "--span",
            paramLabel = "DURATION",
            description =
                    "Event-time span the orders are spread over (default: 96h, so that most"
                            + " orders reach their horizon, and are cleared, during the run).")
    Duration span = Duration.ofHours(96);

    @Mixin SeedOption seed = new SeedOption(7);

    @Option(
            names = "--parallelism",
            description = "Detector parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism = 2;

    @Option(names = "--dir", paramLabel = "DIR", description = "Work folder (default: a temp dir).")
    Path dir;

    @Option(names = "--keep", description = "Keep the generated input and outputs.")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        Path work =
                dir != null
                        ? Files.createDirectories(dir)
                        : Files.createTempDirectory("debitwatch-bench");
        Path terminal = work.resolve("terminal-events.ndjson");
        Path provider = work.resolve("provider-events.ndjson");
        Path out = work.resolve("out");
        try {
            long g0 = System.nanoTime();
            long events = BenchData.write(terminal, provider, orders, span.toMillis(), seed.seed);
            double genSeconds = (System.nanoTime() - g0) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "generated %,d orders, %,d events over %s of event time in %.1f s (%,d MB)%n",
                    orders,
                    events,
                    Durations.format(span),
                    genSeconds,
                    (Files.size(terminal) + Files.size(provider)) >> 20);
            MemoryWatch watch = new MemoryWatch();
            watch.start();
            Replay.Summary s =
                    ReplayCommand.run(
                            terminal,
                            provider,
                            out,
                            DetectorConfig.defaults(),
                            AsOf.horizon(),
                            parallelism);
            watch.stopAndJoin();
            ReplayReport.print(s, out, System.out, null);
            System.out.printf(
                    Locale.ROOT,
                    "  throughput        %,.0f events/s over %,d orders (parallelism %d, RocksDB)%n",
                    s.eventsPerSecond(),
                    orders,
                    parallelism);
            System.out.printf(
                    Locale.ROOT,
                    "  memory            peak heap used %,d MB, heap used at end %,d MB, peak RSS %s%n",
                    watch.peakHeap >> 20,
                    watch.lastHeap >> 20,
                    peakRss());
            return 0;
        } finally {
            if (!keep) {
                WorkDirs.deleteQuietly(work);
            } else {
                System.out.println("kept: " + work);
            }
        }
    }

    private static String peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%,d MB", kb >> 10);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not on Linux
        }
        return "n/a";
    }

    /** Samples heap use every 100 ms. */
    private static final class MemoryWatch extends Thread {
        volatile boolean running = true;
        volatile long peakHeap;
        volatile long lastHeap;

        MemoryWatch() {
            super("debitwatch-memory-watch");
            setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                long used = 0;
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.HEAP) {
                        used += pool.getUsage().getUsed();
                    }
                }
                lastHeap = used;
                peakHeap = Math.max(peakHeap, used);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stopAndJoin() throws InterruptedException {
            running = false;
            join();
        }

        @Override
        public void interrupt() {
            running = false;
            super.interrupt();
        }
    }
}
