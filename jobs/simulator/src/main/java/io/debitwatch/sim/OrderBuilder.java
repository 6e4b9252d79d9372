package io.debitwatch.sim;

import static io.debitwatch.core.model.ProviderSource.NOTIFY;

import io.debitwatch.core.detect.Ids;
import io.debitwatch.core.model.Action;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.OrderKey;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.ProviderSource;
import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.core.model.TerminalEvent;
import io.debitwatch.core.model.TerminalEventType;
import io.debitwatch.core.model.TerminalResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * What a story uses to build one order: the order's identity and amount, helpers that add terminal
 * and provider events at times relative to the order's start, and the expectations the story states
 * as it goes. Times are epoch milliseconds of event time.
 */
final class OrderBuilder {

    private static final String[] APP_VERSIONS = {"3.4.2", "3.4.1", "3.2.0", "2.9.7"};

    /**
     * The versions of terminals whose sale goes wrong at the till: the outdated 2.9.7 three times
     * in four (once in four elsewhere), so that the console's app-version breakdown shows the
     * cause. Picked with the same single draw as {@link #APP_VERSIONS}: no other choice changes.
     */
    private static final String[] APP_VERSIONS_OF_FAILURES = {"2.9.7", "2.9.7", "3.4.2", "2.9.7"};

    final SplittableRandom rng;
    final SimulatorConfig config;
    final long sequence;
    final Merchant merchant;
    final String terminalId;
    final OrderKey key;
    final long start;
    final long amount;
    final String txnId;
    final String payerRef;
    private final String appVersion;

    private final List<SimEvent> events = new ArrayList<>();
    private final List<ExpectedAlert> alerts = new ArrayList<>();
    private ExpectedRefund refund;
    private Instant earlyWarning;
    private int deadLetters;
    private int eventCount;

    OrderBuilder(
            SimulatorConfig config,
            SplittableRandom rng,
            long sequence,
            Merchant merchant,
            long start,
            boolean tillFails) {
        this.config = config;
        this.rng = rng;
        this.sequence = sequence;
        this.merchant = merchant;
        this.terminalId = merchant.terminals().get(rng.nextInt(merchant.terminals().size()));
        this.start = start;
        this.key =
                new OrderKey(
                        merchant.provider(),
                        merchant.merchantId(),
                        Formats.outTradeNo(Instant.ofEpochMilli(start), sequence));
        this.amount = Formats.amountMinor(rng);
        this.txnId = Formats.providerTxnId(merchant.provider(), Instant.ofEpochMilli(start), rng);
        this.payerRef = Formats.payerRef(merchant.provider(), rng);
        // Stale terminal software is part of the faults: old versions are over-represented where
        // the till fails.
        this.appVersion =
                (tillFails ? APP_VERSIONS_OF_FAILURES : APP_VERSIONS)
                        [rng.nextInt(APP_VERSIONS.length)];
    }

    Provider provider() {
        return key.provider();
    }

    long settle() {
        return config.settleWindow().toMillis();
    }

    /** A uniformly random time offset in [lo, hi] milliseconds. */
    long between(long lo, long hi) {
        return hi <= lo ? lo : lo + rng.nextLong(hi - lo + 1);
    }

    /** A uniformly random fraction of the settle window, in milliseconds. */
    long ofSettle(double lo, double hi) {
        return between(Math.round(settle() * lo), Math.round(settle() * hi));
    }

    boolean chance(double p) {
        return rng.nextDouble() < p;
    }

    /** {@code t}, moved by a millisecond if it equals {@code other}, so no tie-break is needed. */
    static long apart(long t, long other) {
        return t == other ? t + 1 : t;
    }

    // ---- events ----

    TerminalEvent terminal(long time, TerminalEventType type, TerminalResult result) {
        return terminal(time, type, result, amount, null);
    }

    TerminalEvent terminal(
            long time, TerminalEventType type, TerminalResult result, Long amt, String error) {
        TerminalEvent e = newTerminal(time, type, result, amt, error);
        // The gateway stamps terminal events as it forwards them: they arrive almost at once.
        events.add(new SimEvent.TerminalRecord(e, time + between(20, 400)));
        return e;
    }

    /** A terminal event that is not (yet) part of the order. */
    TerminalEvent newTerminal(
            long time, TerminalEventType type, TerminalResult result, Long amt, String error) {
        return new TerminalEvent(
                eventId("t"),
                Instant.ofEpochMilli(time),
                key.provider(),
                key.merchantId(),
                terminalId,
                key.outTradeNo(),
                type,
                result,
                amt,
                amt == null ? null : "CNY",
                error,
                merchant.storeId(),
                appVersion);
    }

    ProviderEvent debit(long time, ProviderSource source, long delivered) {
        return debit(time, source, amount, delivered);
    }

    ProviderEvent debit(long time, ProviderSource source, long debitAmount, long delivered) {
        return debit(time, source, debitAmount, txnId, delivered);
    }

    /** A debit under another provider transaction than the order's own: a second, distinct one. */
    ProviderEvent debit(
            long time, ProviderSource source, long debitAmount, String txn, long delivered) {
        Money m = new Money(null, null, null, null, txn);
        return add(newProvider(time, source, ProviderStatus.DEBITED, debitAmount, m), delivered);
    }

    /**
     * A debit notified at {@code delivered}, after the job's watermark has passed {@code time}: a
     * live feed sends it at its arrival ({@link SimEvent#late()}).
     */
    ProviderEvent lateDebit(long time, long delivered) {
        ProviderEvent e = newProvider(time, NOTIFY, ProviderStatus.DEBITED, amount);
        events.add(new SimEvent.ProviderRecord(e, Math.max(time, delivered), true));
        return e;
    }

    /** A refund notification with the total refunded so far, as Alipay's refund_fee is. */
    ProviderEvent refundTotal(long time, long total, String refundNo, long delivered) {
        Money m = new Money(null, null, refundNo, total, txnId);
        return add(newProvider(time, NOTIFY, ProviderStatus.REFUNDED, amount, m), delivered);
    }

    private ProviderEvent add(ProviderEvent e, long delivered) {
        long time = e.eventTime().toEpochMilli();
        events.add(new SimEvent.ProviderRecord(e, Math.max(time, delivered)));
        return e;
    }

    // ---- the steps stories are written in ----

    /** The pay request at the order's start; returns the start. */
    long request() {
        terminal(start, TerminalEventType.PAY_REQUEST, null);
        return start;
    }

    /** A pay result of the order amount, without an error code. */
    void result(long time, TerminalResult result) {
        terminal(time, TerminalEventType.PAY_RESULT, result);
    }

    /** A pay result of the order amount with an error code (may be null). */
    void result(long time, TerminalResult result, String code) {
        terminal(time, TerminalEventType.PAY_RESULT, result, amount, code);
    }

    /** A query result of the order amount. */
    void query(long time, TerminalResult result) {
        terminal(time, TerminalEventType.QUERY_RESULT, result);
    }

    /** Queries every 3-5 s, the first 3-5 s after {@code after}, all before {@code until}. */
    void polls(long after, long until, Supplier<TerminalResult> result) {
        for (long q = after + between(3000, 5000); q < until; q += between(3000, 5000)) {
            query(q, result.get());
        }
    }

    /** The order's debit at {@code time}, notified 0.2-3 s later. */
    void notifiedDebit(long time) {
        debit(time, NOTIFY, time + between(200, 3000));
    }

    /** The order's debit at {@code time}, seen in a query response 0.1-0.8 s later. */
    void queriedDebit(long time) {
        debit(time, ProviderSource.QUERY, time + between(100, 800));
    }

    /** The order's debit with a payer amount (null when it is the order amount). */
    void paid(long time, ProviderSource source, Long payerAmount, long delivered) {
        Money m = new Money(payerAmount, null, null, null, txnId);
        add(newProvider(time, source, ProviderStatus.DEBITED, amount, m), delivered);
    }

    /** A status without money details (closed, unpaid, reversed), known at {@code time}. */
    void status(long time, ProviderSource source, ProviderStatus status) {
        add(newProvider(time, source, status, amount), time);
    }

    /** A refund notification of {@code refundAmount}, 0.2-3 s after {@code time}. */
    void refund(long time, long refundAmount, String refundNo) {
        long delivered = time + between(200, 3000);
        Money m = new Money(null, refundAmount, refundNo, null, txnId);
        add(newProvider(time, NOTIFY, ProviderStatus.REFUNDED, amount, m), delivered);
    }

    /** A merchant refund number of a refund started at {@code time}. */
    String refundNo(long time) {
        return Formats.merchantRefundNo(Instant.ofEpochMilli(time), rng);
    }

    /** A provider transaction id other than the order's own. */
    String otherTxnId() {
        String other;
        do {
            other = Formats.providerTxnId(key.provider(), Instant.ofEpochMilli(start), rng);
        } while (other.equals(txnId));
        return other;
    }

    /** What a provider event says besides the order amount: the money moved and its ids. */
    private record Money(
            Long payerAmount, Long refundAmount, String refundNo, Long refundTotal, String txn) {}

    /** A provider event about the order's own transaction, not (yet) part of the order. */
    ProviderEvent newProvider(
            long time, ProviderSource source, ProviderStatus status, long orderAmount) {
        return newProvider(
                time, source, status, orderAmount, new Money(null, null, null, null, txnId));
    }

    private ProviderEvent newProvider(
            long time, ProviderSource source, ProviderStatus status, long orderAmount, Money m) {
        boolean moneyMoved =
                status == ProviderStatus.DEBITED
                        || status == ProviderStatus.REFUNDED
                        || status == ProviderStatus.REVERSED;
        return new ProviderEvent(
                eventId("p"),
                Instant.ofEpochMilli(time),
                key.provider(),
                key.merchantId(),
                key.outTradeNo(),
                moneyMoved ? m.txn() : null,
                source,
                status,
                orderAmount,
                "CNY",
                m.payerAmount(),
                m.refundAmount(),
                m.refundNo(),
                status == ProviderStatus.DEBITED ? payerRef : null,
                status == ProviderStatus.DEBITED ? terminalId : null,
                m.refundTotal());
    }

    void malformed(SimEvent.Stream stream, long time, String raw, SimEvent.Defect defect) {
        events.add(
                new SimEvent.MalformedRecord(stream, time, time + between(20, 400), raw, defect));
        deadLetters++;
    }

    private String eventId(String prefix) {
        // Unique per run (sequence, index) and not guessable from the order alone, like gateway
        // ids.
        return prefix + "-" + sequence + "-" + (eventCount++) + "-" + Formats.hex(rng, 12);
    }

    // ---- the order's timeline, from the events added so far ----

    /** T0: the earliest event time. Call after the events before the deadline are added. */
    long t0() {
        long t0 = Long.MAX_VALUE;
        for (SimEvent e : events) {
            t0 = Math.min(t0, e.eventTimeMillis());
        }
        return t0;
    }

    long deadline() {
        return t0() + settle();
    }

    long horizon() {
        return deadline() + config.callbackHorizon().toMillis();
    }

    // ---- expectations ----

    void alert(AlertType type, Action action, long amountMinor, long at) {
        alerts.add(new ExpectedAlert(type, action, amountMinor, Instant.ofEpochMilli(at)));
    }

    /** An unmatched debit refunded in full: the alert and its refund request. */
    void refundedDebit(long amountMinor, long at) {
        alert(AlertType.UNMATCHED_DEBIT, Action.REFUND, amountMinor, at);
        refund =
                new ExpectedRefund(
                        Ids.refundRequestId(key, txnId),
                        txnId,
                        amountMinor,
                        Instant.ofEpochMilli(at));
    }

    void earlyWarning(long at) {
        earlyWarning = Instant.ofEpochMilli(at);
    }

    GeneratedOrder build(StoryKind kind) {
        alerts.sort(
                (a, b) ->
                        a.decidedAt().equals(b.decidedAt())
                                ? a.type().compareTo(b.type())
                                : a.decidedAt().compareTo(b.decidedAt()));
        return new GeneratedOrder(
                sequence,
                key,
                kind,
                Instant.ofEpochMilli(start),
                events,
                new Expectation(alerts, refund, earlyWarning, deadLetters),
                successfulSale());
    }

    /**
     * Whether the terminal showed SUCCESS (a pay or query result) by the deadline and the order was
     * never reversed: a sale that must never be refunded.
     */
    private boolean successfulSale() {
        long d = deadline();
        boolean success = false;
        for (SimEvent e : events) {
            if (e instanceof SimEvent.TerminalRecord t
                    && t.event().result() == TerminalResult.SUCCESS) {
                if (t.event().type() == TerminalEventType.REVERSAL_RESULT) {
                    return false;
                }
                success |= t.eventTimeMillis() <= d;
            }
        }
        return success;
    }
}
