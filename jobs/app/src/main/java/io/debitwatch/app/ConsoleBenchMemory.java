package io.debitwatch.app;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Memory of the {@code bench-console} process while the store grows: the heap in use after a full
 * collection (what the process keeps, without the garbage between collections) and the resident set
 * size. The process also hosts the in-process Kafka broker, so these are an upper bound of the
 * console's own.
 */
final class ConsoleBenchMemory {

    private ConsoleBenchMemory() {}

    /** One sample, taken when {@code storedOffsets} offsets were stored. */
    record Sample(long storedOffsets, long heapAfterGcBytes, long rssBytes) {}

    static Sample sample(long storedOffsets) {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new Sample(storedOffsets, heap, rss());
    }

    /** VmRSS from /proc/self/status (Linux), or -1. */
    private static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return 1024 * Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: no RSS.
        }
        return -1;
    }

    static void print(List<Sample> samples) {
        StringBuilder line = new StringBuilder("  memory (stored offsets: heap after GC / RSS):");
        for (Sample s : samples) {
            line.append(
                    String.format(
                            Locale.ROOT,
                            " %,dk: %d/%d MB",
                            s.storedOffsets() / 1000,
                            mb(s.heapAfterGcBytes()),
                            mb(s.rssBytes())));
        }
        System.out.println(line);
    }

    /** E.g. {@code "41-44 MB after GC"} over the samples taken while the store was growing. */
    static String summary(List<Sample> samples) {
        List<Sample> growing = samples.size() > 1 ? samples.subList(1, samples.size()) : samples;
        long min = growing.stream().mapToLong(Sample::heapAfterGcBytes).min().orElse(0);
        long max = growing.stream().mapToLong(Sample::heapAfterGcBytes).max().orElse(0);
        return String.format(Locale.ROOT, "%d-%d MB after GC while ingesting", mb(min), mb(max));
    }

    private static long mb(long bytes) {
        return bytes < 0 ? -1 : bytes / (1024 * 1024);
    }

    /** The one-minute load average, or -1 where the platform has none. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
