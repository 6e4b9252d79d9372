package io.debitwatch.sim;

import static io.debitwatch.core.model.ProviderSource.NOTIFY;
import static io.debitwatch.core.model.ProviderSource.QUERY;
import static io.debitwatch.core.model.ProviderSource.REVERSE;
import static io.debitwatch.sim.Plots.HOUR;
import static io.debitwatch.sim.Plots.MINUTE;

import io.debitwatch.core.detect.Ids;
import io.debitwatch.core.model.Action;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.core.model.TerminalResult;

/**
 * Stories in which the terminal showed FAILED or TIMEOUT and the provider debited (see {@link
 * StoryKind} for what each tells).
 */
final class DebitStories {

    private DebitStories() {}

    static void failedDebited(OrderBuilder b) {
        refundedAtDeadline(b, TerminalResult.FAILED);
    }

    static void timeoutDebited(OrderBuilder b) {
        refundedAtDeadline(b, TerminalResult.TIMEOUT);
    }

    private static long refundedAtDeadline(OrderBuilder b, TerminalResult result) {
        Plots.failedButDebited(b, result);
        long d = b.deadline();
        b.refundedDebit(b.amount, d);
        return d;
    }

    static void conflict(OrderBuilder b) {
        long d = refundedAtDeadline(b, TerminalResult.FAILED);
        long c = d + b.between(1000, 10 * MINUTE);
        b.query(c, TerminalResult.SUCCESS);
        b.alert(AlertType.CONFLICT, Action.REVIEW, b.amount, c);
    }

    static void moneyReturned(OrderBuilder b) {
        long d = refundedAtDeadline(b, Plots.failedOrTimeout(b));
        double r = b.rng.nextDouble();
        long resolved;
        if (r < 0.4) {
            resolved = d + b.between(30_000, 2 * HOUR);
            b.refund(resolved, b.amount, Ids.refundRequestId(b.key, b.txnId));
        } else if (r < 0.7) {
            resolved = d + b.between(30_000, 2 * HOUR);
            b.status(resolved, REVERSE, ProviderStatus.REVERSED);
        } else {
            long x1 = d + b.between(30_000, HOUR);
            long part = b.between(1, b.amount - 1);
            String no = b.refundNo(x1);
            b.refund(x1, part, no);
            b.refund(x1 + b.between(1000, 60_000), part, no); // a redelivery: counts once
            resolved = x1 + b.between(2 * MINUTE, 2 * HOUR);
            b.refund(resolved, b.amount - part, Plots.otherRefundNo(b.refundNo(resolved), no));
        }
        b.alert(AlertType.ALERT_RESOLVED, Action.NONE, b.amount, resolved);
    }

    static void earlyWarningThenSuccess(OrderBuilder b) {
        long ew = Plots.failedButDebited(b, Plots.failedOrTimeout(b));
        b.query(ew + b.ofSettle(0.01, 0.25), TerminalResult.SUCCESS);
    }

    static void cumulativeRefunds(OrderBuilder b) {
        long d = refundedAtDeadline(b, Plots.failedOrTimeout(b));
        long x1 = d + b.between(30_000, HOUR);
        String no1 = b.refundNo(x1);
        long total1 = b.amount * 6 / 10;
        b.refundTotal(x1, total1, no1, x1 + b.between(200, 3000));
        if (b.chance(0.3)) {
            long again = x1 + b.between(1000, 30_000); // a redelivery: the same total
            b.refundTotal(x1, total1, no1, again);
        }
        long x2 = x1 + b.between(MINUTE, 2 * HOUR);
        String no2 = Plots.otherRefundNo(b.refundNo(x2), no1);
        boolean full = b.chance(0.4);
        long total2 = full ? b.amount : b.amount * 9 / 10;
        b.refundTotal(x2, total2, no2, x2 + b.between(200, 3000));
        if (full) {
            b.alert(AlertType.ALERT_RESOLVED, Action.NONE, b.amount, x2);
        }
    }

    static void doubleDebit(OrderBuilder b) {
        TerminalResult result = Plots.failedOrTimeout(b);
        long s = b.request();
        long f = s + b.ofSettle(0.05, 0.5);
        b.result(f, result, Plots.codeFor(b, result));
        String other = b.otherTxnId();
        long otherAmount = Plots.wrongAmount(b);
        long p1 = s + b.ofSettle(0.05, 0.6);
        b.notifiedDebit(p1);
        if (b.chance(0.6)) {
            // Sometimes at the very same time: then the lower provider_txn_id is the earliest.
            long p2 = b.chance(0.3) ? p1 : OrderBuilder.apart(s + b.ofSettle(0.05, 0.8), p1);
            b.debit(p2, QUERY, otherAmount, other, p2 + b.between(100, 800));
            boolean ownFirst = p1 < p2 || (p1 == p2 && b.txnId.compareTo(other) < 0);
            b.earlyWarning(Math.max(Math.min(p1, p2), f));
            long reviewed = ownFirst ? b.amount : otherAmount;
            b.alert(AlertType.UNMATCHED_DEBIT, Action.REVIEW, reviewed, b.deadline());
        } else {
            b.earlyWarning(Math.max(p1, f));
            long d = b.deadline();
            b.refundedDebit(b.amount, d);
            long p2 = d + b.between(1000, 30 * MINUTE);
            b.debit(p2, NOTIFY, otherAmount, other, p2 + b.between(200, 3000));
            b.alert(AlertType.CONFLICT, Action.REVIEW, b.amount, p2);
        }
    }

    static void lateRetry(OrderBuilder b) {
        long s = b.request();
        long f = s + b.ofSettle(0.05, 0.5);
        b.result(f, TerminalResult.FAILED, Plots.failCode(b));
        // After the failure, so that the late record is the one that completes the warning.
        long p = f + b.between(1, b.ofSettle(0.05, 0.4));
        long d = b.deadline();
        long arrival = d + b.between(30_000, 5 * MINUTE);
        b.lateDebit(p, arrival);
        if (b.chance(0.3)) {
            b.lateDebit(p, arrival + b.between(15_000, 3 * MINUTE)); // the next retry
        }
        b.earlyWarning(p);
        b.refundedDebit(b.amount, d);
    }
}
