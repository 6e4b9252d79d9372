package io.debitwatch.receiver;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The receiver's metrics in Prometheus' text format (version 0.0.4), served at {@code /metrics}:
 * {@code debitwatch_receiver_requests_total{provider,outcome}} (counter) and {@code
 * debitwatch_receiver_request_duration_seconds{provider}} (histogram, from the request's headers to
 * the answer). The job's metrics are Flink's ({@code flink_…}, docs/runbook.md); the receiver is no
 * Flink process, so its names follow Prometheus' own conventions under a {@code debitwatch_}
 * prefix. Lock-free; a scrape reads each counter once.
 */
final class ReceiverMetrics {

    /** How a notification request ended. */
    enum Outcome {
        /** In Kafka (acks=all), answered as received. */
        RECEIVED,
        /** Kafka did not acknowledge in time, or failed: answered "send again" (5XX). */
        KAFKA_FAILED,
        /** Larger than the limit: 413, nothing written. */
        OVERSIZE,
        /** Over the source address's rate: 429, nothing written. */
        RATE_LIMITED,
        /** Not a notification (wrong method, body not UTF-8, unreadable): 4XX, nothing written. */
        BAD_REQUEST;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Upper bounds in seconds: Kafka acks take milliseconds, a failure up to the send timeout. */
    private static final double[] BOUNDS = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
    };

    private final Map<Provider, Map<Outcome, LongAdder>> requests = new EnumMap<>(Provider.class);
    private final Map<Provider, Histogram> durations = new EnumMap<>(Provider.class);

    ReceiverMetrics() {
        for (Provider p : Provider.values()) {
            Map<Outcome, LongAdder> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome o : Outcome.values()) {
                byOutcome.put(o, new LongAdder());
            }
            requests.put(p, byOutcome);
            durations.put(p, new Histogram());
        }
    }

    void record(Provider provider, Outcome outcome, long nanos) {
        requests.get(provider).get(outcome).increment();
        durations.get(provider).observe(nanos);
    }

    long count(Provider provider, Outcome outcome) {
        return requests.get(provider).get(outcome).sum();
    }

    /** The exposition text. */
    String scrape() {
        StringBuilder b = new StringBuilder(4096);
        b.append("# HELP debitwatch_receiver_requests_total Notification requests answered, by")
                .append(" provider and outcome.\n")
                .append("# TYPE debitwatch_receiver_requests_total counter\n");
        requests.forEach(
                (p, byOutcome) ->
                        byOutcome.forEach(
                                (o, n) ->
                                        b.append("debitwatch_receiver_requests_total{provider=\"")
                                                .append(p.pathSegment())
                                                .append("\",outcome=\"")
                                                .append(o.label())
                                                .append("\"} ")
                                                .append(n.sum())
                                                .append('\n')));
        String name = "debitwatch_receiver_request_duration_seconds";
        b.append("# HELP ")
                .append(name)
                .append(" From the request's headers to the answer, by provider.\n")
                .append("# TYPE ")
                .append(name)
                .append(" histogram\n");
        durations.forEach((p, h) -> h.appendTo(b, name, p.pathSegment()));
        return b.toString();
    }

    /** Cumulative buckets as Prometheus wants them, filled without locks. */
    private static final class Histogram {
        private final LongAdder[] buckets = new LongAdder[BOUNDS.length];
        private final LongAdder count = new LongAdder();
        private final LongAdder sumNanos = new LongAdder();

        Histogram() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        void observe(long nanos) {
            double seconds = nanos / 1e9;
            for (int i = 0; i < BOUNDS.length; i++) {
                if (seconds <= BOUNDS[i]) {
                    buckets[i].increment();
                    break;
                }
            }
            sumNanos.add(nanos);
            count.increment();
        }

        void appendTo(StringBuilder b, String name, String provider) {
            // Count first: no bucket may then exceed +Inf, even while requests come in.
            long total = count.sum();
            long cumulative = 0;
            for (int i = 0; i < BOUNDS.length; i++) {
                cumulative += buckets[i].sum();
                bucket(b, name, provider, Double.toString(BOUNDS[i]), Math.min(cumulative, total));
            }
            bucket(b, name, provider, "+Inf", total);
            b.append(name)
                    .append("_sum{provider=\"")
                    .append(provider)
                    .append("\"} ")
                    .append(sumNanos.sum() / 1e9)
                    .append('\n');
            b.append(name)
                    .append("_count{provider=\"")
                    .append(provider)
                    .append("\"} ")
                    .append(total)
                    .append('\n');
        }

        private static void bucket(
                StringBuilder b, String name, String provider, String le, long n) {
            b.append(name)
                    .append("_bucket{provider=\"")
                    .append(provider)
                    .append("\",le=\"")
                    .append(le)
                    .append("\"} ")
                    .append(n)
                    .append('\n');
        }
    }
}
