package io.debitwatch.sim;

import static io.debitwatch.core.model.ProviderSource.QUERY;
import static io.debitwatch.core.model.ProviderSource.STATEMENT;
import static io.debitwatch.core.model.TerminalEventType.PAY_RESULT;
import static io.debitwatch.core.model.TerminalEventType.QUERY_RESULT;
import static io.debitwatch.sim.Plots.HOUR;
import static io.debitwatch.sim.Plots.MINUTE;

import io.debitwatch.core.model.Action;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.core.model.TerminalEventType;
import io.debitwatch.core.model.TerminalResult;

/** Stories in which the terminal showed SUCCESS (see {@link StoryKind} for what each tells). */
final class SaleStories {

    /** Results a terminal can see when it polls again after SUCCESS. */
    private static final TerminalResult[] POLL_RESULTS = {
        TerminalResult.USERPAYING, TerminalResult.UNKNOWN, TerminalResult.TIMEOUT
    };

    private SaleStories() {}

    static void normalSale(OrderBuilder b) {
        Plots.sale(b, null);
    }

    static void couponPayment(OrderBuilder b) {
        long coupon = Math.max(1, Math.min(2000, b.amount / 2) * b.between(20, 100) / 100);
        Plots.sale(b, b.amount - coupon);
    }

    static void refundAfterSale(OrderBuilder b) {
        Plots.sale(b, null);
        long x = b.deadline() + b.between(60_000, 6 * HOUR);
        long first = b.chance(0.5) ? b.amount : b.between(1, b.amount - 1);
        b.refund(x, first, b.refundNo(x));
        if (first < b.amount && b.chance(0.3)) {
            long y = x + b.between(60_000, 2 * HOUR);
            b.refund(y, b.amount - first, b.refundNo(y));
        }
    }

    static void amountMismatch(OrderBuilder b) {
        long debited = Plots.wrongAmount(b);
        long s = b.request();
        long p = s + b.ofSettle(0.03, 0.3);
        b.debit(p, QUERY, debited, p + b.between(100, 800));
        b.result(p + b.between(200, 1500), TerminalResult.SUCCESS);
        b.alert(AlertType.AMOUNT_MISMATCH, Action.REVIEW, debited, b.deadline());
    }

    static void providerClockAhead(OrderBuilder b) {
        long s = b.request();
        long ts = s + b.between(800, 3000);
        long pt = ts - b.between(1000, Simulator.MAX_LEAD.toMillis());
        b.debit(pt, QUERY, ts + b.between(50, 300));
        if (b.chance(0.5)) {
            b.result(ts, TerminalResult.SUCCESS);
        } else {
            b.result(ts, TerminalResult.FAILED, Plots.failCode(b));
            b.earlyWarning(ts);
            b.refundedDebit(b.amount, b.deadline());
        }
    }

    static void saleWithoutDebit(OrderBuilder b) {
        long s = b.request();
        long ts = s + b.ofSettle(0.05, 0.5);
        b.result(ts, TerminalResult.SUCCESS);
        double r = b.rng.nextDouble();
        long decided;
        if (r < 0.4) {
            decided = b.deadline() + b.between(1000, 30 * MINUTE);
            b.status(decided, QUERY, r < 0.2 ? ProviderStatus.CLOSED : ProviderStatus.NOT_PAID);
        } else if (r < 0.7) {
            decided = b.horizon();
        } else {
            long p = OrderBuilder.apart(s + b.ofSettle(0.03, 0.5), ts);
            b.notifiedDebit(p);
            decided = b.deadline() + b.between(60_000, 2 * HOUR);
            b.status(decided, STATEMENT, ProviderStatus.REVERSED);
        }
        b.alert(AlertType.SALE_WITHOUT_DEBIT, Action.REVIEW, b.amount, decided);
    }

    static void successThenPoll(OrderBuilder b) {
        long s = b.request();
        long ts = s + b.ofSettle(0.05, 0.3);
        b.result(ts, TerminalResult.SUCCESS);
        int n = 1 + b.rng.nextInt(3);
        long from = ts + 500;
        long step = (s + b.ofSettle(0.85, 0.9) - from) / n;
        long firstPoll = -1;
        for (int i = 0; i < n; i++) {
            long q = from + i * step + b.between(0, step - 1);
            TerminalResult r = POLL_RESULTS[b.rng.nextInt(POLL_RESULTS.length)];
            String code = r == TerminalResult.TIMEOUT ? Plots.timeoutCode(b) : null;
            b.terminal(q, QUERY_RESULT, r, b.amount, code);
            firstPoll = firstPoll < 0 ? q : firstPoll;
        }
        // The debit from the pay response, or seen only after the first poll (maybe a TIMEOUT).
        long p = b.chance(0.5) ? s + b.ofSettle(0.01, 0.04) : firstPoll + b.between(1, 500);
        b.queriedDebit(p);
    }

    static void successThenFailed(OrderBuilder b) {
        long s = b.request();
        long ts = s + b.ofSettle(0.05, 0.4);
        b.result(ts, TerminalResult.SUCCESS);
        long f = ts + b.between(500, b.ofSettle(0.1, 0.4));
        String code = b.provider() == Provider.WECHAT ? "ORDERPAID" : "ACQ.TRADE_HAS_SUCCESS";
        TerminalEventType type = b.chance(0.5) ? PAY_RESULT : QUERY_RESULT;
        b.terminal(f, type, TerminalResult.FAILED, b.amount, code);
        long p = b.chance(0.5) ? s + b.ofSettle(0.01, 0.04) : f + b.between(1, 1000);
        b.notifiedDebit(p);
        b.alert(AlertType.UNMATCHED_DEBIT, Action.REVIEW, b.amount, b.deadline());
    }
}
