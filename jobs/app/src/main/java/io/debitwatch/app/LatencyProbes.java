package io.debitwatch.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The samples of {@code bench-latency}: one probe per failed-but-debited order of the measured
 * window, with the two latencies measured on it. Thread-safe: the producer's callbacks and the two
 * consumers record into it.
 */
final class LatencyProbes {

    /** One failed-but-debited order of the measured window. */
    static final class Probe {
        final long t0Millis;
        long failedAckNanos;
        long debitAckNanos;
        long warningNanos;
        boolean warningDone;
        boolean refundDone;
        long warningUs = -1;
        long refundMillis = Long.MIN_VALUE;

        Probe(long t0Millis) {
            this.t0Millis = t0Millis;
        }
    }

    /** The input as sent: the measured window's events and time, and the whole feed's. */
    record Feed(long measuredEvents, long measuredNanos, long totalEvents, long totalNanos) {}

    private final long refundFromMillis;
    private final Histogram warningUs = new Histogram(TimeUnit.HOURS.toMicros(1), 3);
    private final Histogram refundUs = new Histogram(TimeUnit.HOURS.toMicros(1), 3);
    private final Map<String, Probe> probes = new ConcurrentHashMap<>();
    private final AtomicLong warningsBeforeAck = new AtomicLong();
    private long refundMinMillis = Long.MAX_VALUE;

    /**
     * @param refundFromMillis settle window + out-of-orderness: a refund can be visible that long
     *     after T0 at the earliest
     */
    LatencyProbes(long refundFromMillis) {
        this.refundFromMillis = refundFromMillis;
    }

    /** A new probe for an order whose first event is sent at {@code t0Millis}. */
    Probe start(String outTradeNo, long t0Millis) {
        Probe p = new Probe(t0Millis);
        probes.put(outTradeNo, p);
        return p;
    }

    Probe get(String outTradeNo) {
        return probes.get(outTradeNo);
    }

    /** The broker acknowledged the order's FAILED result, or its DEBITED event. */
    void acked(Probe p, boolean debit, long ackNanos) {
        synchronized (p) {
            if (debit) {
                p.debitAckNanos = ackNanos;
            } else {
                p.failedAckNanos = ackNanos;
            }
            recordWarning(p);
        }
    }

    /** A notification as read from the notifications topic. */
    void onNotification(JsonNode n, long receivedNanos) {
        if (!"MERCHANT".equals(n.path("channel").asText())
                || !"EARLY_WARNING".equals(n.path("kind").asText())) {
            return;
        }
        Probe p = probes.get(n.path("out_trade_no").asText());
        if (p != null) {
            synchronized (p) {
                if (p.warningNanos == 0) {
                    p.warningNanos = receivedNanos;
                }
                recordWarning(p);
            }
        }
    }

    /** A refund request as read, with read_committed, from its topic. */
    void onRefund(JsonNode n, long receivedNanos) {
        long now = System.currentTimeMillis();
        Probe p = probes.get(n.path("out_trade_no").asText());
        if (p == null) {
            return;
        }
        synchronized (p) {
            if (p.refundDone) {
                return;
            }
            p.refundDone = true;
        }
        long ms = now - (p.t0Millis + refundFromMillis);
        synchronized (p) {
            p.refundMillis = ms;
        }
        synchronized (refundUs) {
            refundMinMillis = Math.min(refundMinMillis, ms);
            refundUs.recordValue(Math.max(0, ms) * 1_000);
        }
    }

    private void recordWarning(Probe p) {
        if (p.warningDone || p.warningNanos == 0 || p.failedAckNanos == 0 || p.debitAckNanos == 0) {
            return;
        }
        p.warningDone = true;
        long us = (p.warningNanos - Math.max(p.failedAckNanos, p.debitAckNanos)) / 1_000;
        p.warningUs = us;
        if (us < 0) {
            warningsBeforeAck.incrementAndGet();
        }
        synchronized (warningUs) {
            warningUs.recordValue(Math.max(0, us));
        }
    }

    /** Whether every probe has both its early warning and its refund. */
    boolean allDone() {
        for (Probe p : probes.values()) {
            synchronized (p) {
                if (!p.warningDone || !p.refundDone) {
                    return false;
                }
            }
        }
        return true;
    }

    void print(
            PrintStream out,
            Feed feed,
            Duration settleWindow,
            long outOfOrdernessMillis,
            Duration checkpointInterval) {
        out.printf(
                Locale.ROOT,
                "  input             %,d events in the measured window of %.1f s = %,.0f events/s"
                        + " (whole feed %,d events, %,.0f events/s)%n",
                feed.measuredEvents(),
                feed.measuredNanos() / 1e9,
                feed.measuredEvents() / (feed.measuredNanos() / 1e9),
                feed.totalEvents(),
                feed.totalEvents() / (feed.totalNanos() / 1e9));
        out.printf(Locale.ROOT, "  failed-but-debited orders measured  %,d%n", probes.size());
        synchronized (warningUs) {
            out.printf(
                    Locale.ROOT,
                    "  early warning     %s   (target: p99 < 100 ms)%n",
                    LatencyFigures.summary(warningUs));
        }
        synchronized (refundUs) {
            out.printf(
                    Locale.ROOT,
                    "  refund visible    %s   (target: < %s = checkpoint interval + 0.5 s)%n",
                    LatencyFigures.summary(refundUs),
                    LatencyFigures.micros(checkpointInterval.plusMillis(500).toMillis() * 1_000));
        }
        printDefinitions(out, settleWindow, outOfOrdernessMillis);
    }

    private void printDefinitions(
            PrintStream out, Duration settleWindow, long outOfOrdernessMillis) {
        long missingWarnings = 0;
        long missingRefunds = 0;
        for (Probe p : probes.values()) {
            synchronized (p) {
                missingWarnings += p.warningDone ? 0 : 1;
                missingRefunds += p.refundDone ? 0 : 1;
            }
        }
        out.printf(
                Locale.ROOT,
                "  early warning: from the broker's ack of the later of FAILED and DEBITED to the"
                        + " notification's receipt; %d received before that ack (counted as 0)%n",
                warningsBeforeAck.get());
        out.printf(
                Locale.ROOT,
                "  refund visible: from T0 + settle window %s + out-of-orderness %s (wall clock) to"
                        + " its receipt with read_committed; earliest %s%n",
                Durations.format(settleWindow),
                Durations.format(Duration.ofMillis(outOfOrdernessMillis)),
                refundMinMillis == Long.MAX_VALUE ? "-" : refundMinMillis + " ms");
        out.printf(
                Locale.ROOT,
                "  missing at the end: early warnings %d, refunds %d%n",
                missingWarnings,
                missingRefunds);
    }

    /** Every sample as CSV: out_trade_no, T0, early-warning latency (µs), refund latency (ms). */
    void writeSamples(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("out_trade_no,t0_epoch_ms,early_warning_us,refund_ms");
        probes.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(
                        e -> {
                            Probe p = e.getValue();
                            synchronized (p) {
                                lines.add(
                                        e.getKey()
                                                + ","
                                                + p.t0Millis
                                                + ","
                                                + (p.warningDone ? p.warningUs : "")
                                                + ","
                                                + (p.refundDone ? p.refundMillis : ""));
                            }
                        });
        Files.write(file, lines, StandardCharsets.UTF_8);
    }
}
