package io.debitwatch.app;

import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.ProviderSource;
import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.core.model.TerminalEvent;
import io.debitwatch.core.model.TerminalEventType;
import io.debitwatch.core.model.TerminalResult;
import io.debitwatch.sim.Lines;
import io.debitwatch.sim.SimEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Writes a large, seeded benchmark input: many orders spread evenly over an event-time span, most
 * of them ordinary sales, some failed-but-debited, stuck, late-notified or without a terminal
 * record. Lines go out in event-time order (as a gateway would log them), so the replay's state is
 * cleared at each order's horizon as it goes. Records are the model's events, written by the
 * simulator's {@link Lines} (the one JSON mapper).
 *
 * <p>The stories are lean on purpose (three events a sale, no optional fields, no polls): the bench
 * has measured this same input since its first figure, so that figures stay comparable. The
 * simulator's own stories are richer (payer, device, store and app-version fields, polls, retries
 * over hours); a bench on them measured 30-40 % fewer events/s on the same machine, a different
 * benchmark rather than a slower job.
 */
final class BenchData {

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
        Order o =
                new Order(
                        i,
                        wechat ? Provider.WECHAT : Provider.ALIPAY,
                        (wechat ? "19000" : "20881") + (10000 + rnd.nextInt(2000)),
                        "B" + Long.toString(t0, 36) + "-" + i,
                        (wechat ? "42000" : "20261") + i,
                        100 + rnd.nextInt(50_000));
        int kind = rnd.nextInt(100);
        out.add(o.terminal(0, t0, TerminalEventType.PAY_REQUEST, null));
        long debitAt = t0 + 1_000 + rnd.nextInt(4_000);
        if (kind < 88) { // an ordinary sale
            out.add(o.debit(debitAt, ProviderSource.NOTIFY));
            out.add(o.result(debitAt + 300, TerminalResult.SUCCESS));
        } else if (kind < 93) { // failed at the till, debited all the same
            out.add(o.result(t0 + 5_000, TerminalResult.FAILED));
            out.add(o.debit(debitAt + 4_000, ProviderSource.QUERY));
        } else if (kind < 96) { // stuck, then the notification arrives minutes later
            out.add(o.result(t0 + 30_000, TerminalResult.TIMEOUT));
            out.add(o.debit(t0 + 180_000, ProviderSource.NOTIFY));
        } else if (kind < 98) { // cancelled before paying: nothing to report
            out.add(
                    o.terminal(
                            1,
                            t0 + 20_000,
                            TerminalEventType.REVERSAL_RESULT,
                            TerminalResult.SUCCESS));
        } else { // sale with a coupon: payer amount below order amount, still fine
            out.add(o.debit(debitAt, ProviderSource.NOTIFY));
            out.add(o.result(debitAt + 500, TerminalResult.SUCCESS));
        }
    }

    /** One bench order: its terminal events and its debit, as model records. */
    private record Order(
            long i, Provider provider, String merchant, String order, String txn, long amount) {

        Line result(long time, TerminalResult result) {
            return terminal(1, time, TerminalEventType.PAY_RESULT, result);
        }

        /** A reversal carries no amount; every other terminal event the order's. */
        Line terminal(int seq, long time, TerminalEventType type, TerminalResult result) {
            Long amountMinor = type == TerminalEventType.REVERSAL_RESULT ? null : amount;
            TerminalEvent e =
                    new TerminalEvent(
                            "bt-" + i + "-" + seq,
                            Instant.ofEpochMilli(time),
                            provider,
                            merchant,
                            "POS-" + (i % 5000),
                            order,
                            type,
                            result,
                            amountMinor,
                            amountMinor == null ? null : "CNY",
                            null,
                            null,
                            null);
            return new Line(time, true, Lines.line(new SimEvent.TerminalRecord(e, time)) + "\n");
        }

        Line debit(long time, ProviderSource source) {
            ProviderEvent e =
                    new ProviderEvent(
                            "bp-" + i + "-0",
                            Instant.ofEpochMilli(time),
                            provider,
                            merchant,
                            order,
                            txn,
                            source,
                            ProviderStatus.DEBITED,
                            amount,
                            "CNY",
                            null,
                            null,
                            null,
                            null,
                            null);
            return new Line(
                    time, false, Lines.line(new SimEvent.ProviderRecord(e, time, false)) + "\n");
        }
    }
}
