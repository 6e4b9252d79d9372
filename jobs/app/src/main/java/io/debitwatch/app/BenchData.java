package io.debitwatch.app;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Writes a large, seeded benchmark input: many orders spread evenly over an event-time span, most
 * of them ordinary sales, some failed-but-debited, stuck, late-notified or without a terminal
 * record. Lines go out in event-time order (as a gateway would log them), so the replay's state is
 * cleared at each order's horizon as it goes.
 */
final class BenchData {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx")
                    .withZone(ZoneOffset.ofHours(8));

    private record Line(long time, boolean terminal, String json) {}

    private BenchData() {}

    /** Returns the number of events written. */
    static long write(Path terminalFile, Path providerFile, long orders, long spanMillis, long seed)
            throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        long start = Instant.parse("2026-11-25T00:00:00Z").toEpochMilli();
        long step = Math.max(1, spanMillis / Math.max(1, orders));
        PriorityQueue<Line> pending =
                new PriorityQueue<>((a, b) -> Long.compare(a.time(), b.time()));
        long events = 0;
        try (BufferedWriter t = Files.newBufferedWriter(terminalFile, StandardCharsets.UTF_8);
                BufferedWriter p = Files.newBufferedWriter(providerFile, StandardCharsets.UTF_8)) {
            for (long i = 0; i < orders; i++) {
                long t0 = start + i * step;
                while (!pending.isEmpty() && pending.peek().time() < t0) {
                    Line l = pending.poll();
                    (l.terminal() ? t : p).write(l.json());
                    events++;
                }
                story(i, t0, rnd, pending);
            }
            while (!pending.isEmpty()) {
                Line l = pending.poll();
                (l.terminal() ? t : p).write(l.json());
                events++;
            }
        }
        return events;
    }

    private static void story(long i, long t0, SplittableRandom rnd, PriorityQueue<Line> out) {
        boolean wechat = rnd.nextBoolean();
        String provider = wechat ? "WECHAT" : "ALIPAY";
        String merchant = (wechat ? "19000" : "20881") + (10000 + rnd.nextInt(2000));
        String order = "B" + Long.toString(t0, 36) + "-" + i;
        String txn = (wechat ? "42000" : "20261") + i;
        long amount = 100 + rnd.nextInt(50_000);
        int kind = rnd.nextInt(100);
        out.add(terminal(i, 0, t0, provider, merchant, order, "PAY_REQUEST", null, amount));
        long debitAt = t0 + 1_000 + rnd.nextInt(4_000);
        if (kind < 88) { // an ordinary sale
            out.add(provider(i, 0, debitAt, provider, merchant, order, txn, "NOTIFY", amount));
            out.add(
                    terminal(
                            i,
                            1,
                            debitAt + 300,
                            provider,
                            merchant,
                            order,
                            "PAY_RESULT",
                            "SUCCESS",
                            amount));
        } else if (kind < 93) { // failed at the till, debited all the same
            out.add(
                    terminal(
                            i,
                            1,
                            t0 + 5_000,
                            provider,
                            merchant,
                            order,
                            "PAY_RESULT",
                            "FAILED",
                            amount));
            out.add(
                    provider(
                            i,
                            0,
                            debitAt + 4_000,
                            provider,
                            merchant,
                            order,
                            txn,
                            "QUERY",
                            amount));
        } else if (kind < 96) { // stuck, then the notification arrives minutes later
            out.add(
                    terminal(
                            i,
                            1,
                            t0 + 30_000,
                            provider,
                            merchant,
                            order,
                            "PAY_RESULT",
                            "TIMEOUT",
                            amount));
            out.add(provider(i, 0, t0 + 180_000, provider, merchant, order, txn, "NOTIFY", amount));
        } else if (kind < 98) { // cancelled before paying: nothing to report
            out.add(
                    terminal(
                            i,
                            1,
                            t0 + 20_000,
                            provider,
                            merchant,
                            order,
                            "REVERSAL_RESULT",
                            "SUCCESS",
                            null));
        } else { // sale with a coupon: payer amount below order amount, still fine
            out.add(provider(i, 0, debitAt, provider, merchant, order, txn, "NOTIFY", amount));
            out.add(
                    terminal(
                            i,
                            1,
                            debitAt + 500,
                            provider,
                            merchant,
                            order,
                            "PAY_RESULT",
                            "SUCCESS",
                            amount));
        }
    }

    private static Line terminal(
            long i,
            int seq,
            long time,
            String provider,
            String merchant,
            String order,
            String type,
            String result,
            Long amount) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"event_id\":\"bt-")
                .append(i)
                .append('-')
                .append(seq)
                .append("\",\"event_time\":\"")
                .append(TIME.format(Instant.ofEpochMilli(time)))
                .append("\",\"provider\":\"")
                .append(provider)
                .append("\",\"merchant_id\":\"")
                .append(merchant)
                .append("\",\"terminal_id\":\"POS-")
                .append(i % 5000)
                .append("\",\"out_trade_no\":\"")
                .append(order)
                .append("\",\"type\":\"")
                .append(type)
                .append('"');
        if (result != null) {
            sb.append(",\"result\":\"").append(result).append('"');
        }
        if (amount != null) {
            sb.append(",\"amount_minor\":").append(amount).append(",\"currency\":\"CNY\"");
        }
        sb.append("}\n");
        return new Line(time, true, sb.toString());
    }

    private static Line provider(
            long i,
            int seq,
            long time,
            String provider,
            String merchant,
            String order,
            String txn,
            String source,
            long amount) {
        String json =
                "{\"event_id\":\"bp-"
                        + i
                        + '-'
                        + seq
                        + "\",\"event_time\":\""
                        + TIME.format(Instant.ofEpochMilli(time))
                        + "\",\"provider\":\""
                        + provider
                        + "\",\"merchant_id\":\""
                        + merchant
                        + "\",\"out_trade_no\":\""
                        + order
                        + "\",\"provider_txn_id\":\""
                        + txn
                        + "\",\"source\":\""
                        + source
                        + "\",\"status\":\"DEBITED\",\"amount_minor\":"
                        + amount
                        + ",\"currency\":\"CNY\"}\n";
        return new Line(time, false, json);
    }
}
