package io.debitwatch.sim;

import static io.debitwatch.core.model.ProviderSource.NOTIFY;
import static io.debitwatch.core.model.ProviderSource.QUERY;
import static io.debitwatch.core.model.ProviderSource.REVERSE;
import static io.debitwatch.core.model.ProviderSource.STATEMENT;
import static io.debitwatch.core.model.TerminalEventType.REVERSAL_RESULT;
import static io.debitwatch.sim.Plots.HOUR;

import io.debitwatch.core.model.Action;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.core.model.TerminalResult;

/**
 * Stories without a final answer at the till: the customer still paying, a timeout, or no terminal
 * record at all (see {@link StoryKind} for what each tells).
 */
final class OpenStories {

    private OpenStories() {}

    /** USERPAYING 0.8-2.5 s after the pay request at {@code s}; returns its time. */
    private static long userpaying(OrderBuilder b, long s) {
        long u = s + b.between(800, 2500);
        b.result(u, TerminalResult.USERPAYING);
        return u;
    }

    static void userpayingReversal(OrderBuilder b) {
        long s = b.request();
        long u = userpaying(b, s);
        double variant = b.rng.nextDouble();
        boolean afterDeadline = variant >= 0.7;
        long r = afterDeadline ? -1 : s + b.ofSettle(0.6, 0.8);
        long p =
                afterDeadline
                        ? s + b.ofSettle(0.3, 0.9)
                        : Math.max(u + 1, r - b.between(300, b.ofSettle(0.05, 0.2)));
        // Alipay's guidance: query every 3-5 s; every query before the payment saw USERPAYING.
        b.polls(u, p, () -> TerminalResult.USERPAYING);
        b.debit(p, NOTIFY, p + b.between(500, 20_000));
        if (variant < 0.35) {
            // The reversal response says the money went back: nothing to do.
            b.terminal(r, REVERSAL_RESULT, TerminalResult.SUCCESS);
            b.status(r + b.ofSettle(0.001, 0.1), REVERSE, ProviderStatus.REVERSED);
        } else if (!afterDeadline) {
            // Only the debit is seen: refund, decided at D with verdict REVERSED.
            b.terminal(r, REVERSAL_RESULT, TerminalResult.SUCCESS);
            b.refundedDebit(b.amount, b.deadline());
        } else {
            // Still USERPAYING at D while paid: refund at D; the gateway's reversal after D
            // returns the money, which resolves the alert when the provider confirms it.
            long d = b.deadline();
            b.refundedDebit(b.amount, d);
            long rr = d + b.between(1000, 30_000);
            b.terminal(rr, REVERSAL_RESULT, TerminalResult.SUCCESS);
            long x = rr + b.between(100, 3000);
            b.status(x, REVERSE, ProviderStatus.REVERSED);
            b.alert(AlertType.ALERT_RESOLVED, Action.NONE, b.amount, x);
        }
    }

    static void lateNotification(OrderBuilder b) {
        long s = b.request();
        long tt = s + b.ofSettle(0.3, 0.6);
        b.result(tt, TerminalResult.TIMEOUT, Plots.timeoutCode(b));
        if (b.chance(0.5)) {
            long p = OrderBuilder.apart(s + b.ofSettle(0.05, 0.9), tt);
            Plots.notifications(b, p);
            b.earlyWarning(Math.max(p, tt));
            b.refundedDebit(b.amount, b.deadline());
        } else {
            long d = b.deadline();
            long p = d + b.between(1000, b.ofSettle(0.1, 0.5));
            Plots.notifications(b, p);
            b.alert(AlertType.STUCK_PAYMENT, Action.QUERY, b.amount, d);
            b.refundedDebit(b.amount, p);
        }
    }

    static void missingTerminal(OrderBuilder b) {
        long p = b.start;
        b.notifiedDebit(p);
        if (b.chance(0.3)) {
            b.debit(p, STATEMENT, p + 20 * HOUR);
        }
        if (b.config.refundMissingTerminal()) {
            b.refundedDebit(b.amount, b.deadline());
        } else {
            b.alert(AlertType.UNMATCHED_DEBIT, Action.REVIEW, b.amount, b.deadline());
        }
    }

    static void stuckPayment(OrderBuilder b) {
        long s = b.request();
        if (b.chance(0.6)) {
            long u = userpaying(b, s);
            long last = s + b.ofSettle(0.5, 0.8);
            b.polls(
                    u,
                    last,
                    () -> b.chance(0.8) ? TerminalResult.USERPAYING : TerminalResult.UNKNOWN);
        } else {
            b.result(s + b.ofSettle(0.3, 0.6), TerminalResult.TIMEOUT, Plots.timeoutCode(b));
        }
        long d = b.deadline();
        b.alert(AlertType.STUCK_PAYMENT, Action.QUERY, b.amount, d);
        double r = b.rng.nextDouble();
        if (r < 0.7) {
            // WeChat auto-revokes an unpaid barcode order; a later query sees it closed.
            long x = d + b.between(1000, 120_000);
            b.status(x, QUERY, r < 0.4 ? ProviderStatus.CLOSED : ProviderStatus.NOT_PAID);
        }
    }

    static void userpayingFlood(OrderBuilder b) {
        long s = b.request();
        long u = userpaying(b, s);
        int n = b.chance(0.5) ? 300 : (int) b.between(30, 80);
        long gap = Math.max(1, (s + b.ofSettle(0.7, 0.75) - u) / n);
        long q = u;
        for (int i = 0; i < n; i++) {
            q += gap;
            b.query(q, TerminalResult.USERPAYING);
        }
        long p = q + b.between(1, b.ofSettle(0.01, 0.05));
        b.queriedDebit(p);
        b.result(p + b.between(50, b.ofSettle(0.01, 0.1)), TerminalResult.SUCCESS);
    }
}
