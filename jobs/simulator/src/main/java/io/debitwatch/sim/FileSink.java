package io.debitwatch.sim;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Writes {@code terminal-events.ndjson}, {@code provider-events.ndjson} and {@code
 * ground-truth.ndjson} into a folder.
 *
 * <p>Event lines are written in event-time order. Orders arrive in start order and no event
 * precedes its order's start by more than {@link Simulator#MAX_LEAD}, so the sink holds each event
 * back until the next order's start minus that lead has passed it: that lookahead is enough for an
 * exact order (lines are out of order by at most {@link #MAX_DISORDER}). Late events (callbacks
 * hours later, next-day statements) stay in memory until then.
 *
 * <p>Ground truth is one JSON object per line and fact, in order sequence: {@code record} ALERT,
 * REFUND_REQUEST, EARLY_WARNING or DEAD_LETTER, with the order key, story, type, action, amount and
 * {@code decided_at} (UTC, like the job's outputs); a dead letter says which stream and defect.
 */
public final class FileSink implements EventSink {

    public static final String TERMINAL_FILE = "terminal-events.ndjson";
    public static final String PROVIDER_FILE = "provider-events.ndjson";
    public static final String GROUND_TRUTH_FILE = "ground-truth.ndjson";

    /** How far a line's event time may lie before an earlier line's: none. */
    public static final Duration MAX_DISORDER = Duration.ZERO;

    private record Pending(long time, long seq, String line) {}

    private static final Comparator<Pending> ORDER =
            Comparator.comparingLong(Pending::time).thenComparingLong(Pending::seq);

    private final Writer terminal;
    private final Writer provider;
    private final Writer truth;
    private final PriorityQueue<Pending> terminalQueue = new PriorityQueue<>(ORDER);
    private final PriorityQueue<Pending> providerQueue = new PriorityQueue<>(ORDER);
    private long seq;

    public FileSink(Path dir) throws IOException {
        this(
                Files.createDirectories(dir).resolve(TERMINAL_FILE),
                dir.resolve(PROVIDER_FILE),
                dir.resolve(GROUND_TRUTH_FILE));
    }

    /** The two event files, and the ground truth unless {@code truthFile} is null. */
    public FileSink(Path terminalFile, Path providerFile, Path truthFile) throws IOException {
        this.terminal = open(terminalFile);
        this.provider = open(providerFile);
        this.truth = truthFile == null ? null : open(truthFile);
    }

    @Override
    public void accept(GeneratedOrder order) throws IOException {
        long safe = order.start().toEpochMilli() - Simulator.MAX_LEAD.toMillis();
        drain(terminalQueue, terminal, safe);
        drain(providerQueue, provider, safe);
        for (SimEvent e : order.events()) {
            Pending p = new Pending(e.eventTimeMillis(), seq++, Lines.line(e));
            (e.stream() == SimEvent.Stream.TERMINAL ? terminalQueue : providerQueue).add(p);
        }
        writeTruth(order);
    }

    @Override
    public void close() throws IOException {
        try (terminal;
                provider;
                truth) {
            drain(terminalQueue, terminal, Long.MAX_VALUE);
            drain(providerQueue, provider, Long.MAX_VALUE);
        }
    }

    private static void drain(PriorityQueue<Pending> q, Writer out, long upTo) throws IOException {
        while (!q.isEmpty() && q.peek().time() <= upTo) {
            out.write(q.poll().line());
            out.write('\n');
        }
    }

    private void writeTruth(GeneratedOrder order) throws IOException {
        if (truth != null) {
            GroundTruth.write(order, truth);
        }
    }

    private static Writer open(Path p) throws IOException {
        return new BufferedWriter(Files.newBufferedWriter(p, StandardCharsets.UTF_8), 1 << 16);
    }
}
