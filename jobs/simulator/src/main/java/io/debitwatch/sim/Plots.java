package io.debitwatch.sim;

import static io.debitwatch.core.model.ProviderSource.NOTIFY;
import static io.debitwatch.core.model.ProviderSource.QUERY;
import static io.debitwatch.core.model.ProviderSource.STATEMENT;

import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.TerminalResult;

/** The plots several stories share, and the provider details they draw on. */
final class Plots {

    static final long MINUTE = 60_000;
    static final long HOUR = 60 * MINUTE;

    /** WeChat 15s/15s/30s/3m/10m/20m/30m/30m/30m/60m/3h/3h/3h/6h/6h after the first attempt. */
    private static final long[] WECHAT_RETRIES = {
        0,
        15_000,
        15_000,
        30_000,
        3 * MINUTE,
        10 * MINUTE,
        20 * MINUTE,
        30 * MINUTE,
        30 * MINUTE,
        30 * MINUTE,
        HOUR,
        3 * HOUR,
        3 * HOUR,
        3 * HOUR,
        6 * HOUR,
        6 * HOUR
    };

    /** Alipay: 8 notifications within 25 h (4m/10m/10m/1h/2h/6h/15h after the first). */
    private static final long[] ALIPAY_RETRIES = {
        0, 4 * MINUTE, 10 * MINUTE, 10 * MINUTE, HOUR, 2 * HOUR, 6 * HOUR, 15 * HOUR
    };

    private Plots() {}

    /**
     * Request, debit from the pay response, SUCCESS shortly after; sometimes a callback and the
     * next day's statement row, which carries the original success time.
     */
    static void sale(OrderBuilder b, Long payerAmount) {
        long s = b.request();
        long p = s + b.ofSettle(0.03, 0.3);
        b.paid(p, QUERY, payerAmount, p + b.between(100, 800));
        b.result(p + b.between(200, 1500), TerminalResult.SUCCESS);
        if (b.chance(0.4)) {
            b.paid(p, NOTIFY, payerAmount, p + b.between(1000, 5000));
        }
        if (b.chance(0.2)) {
            b.paid(p, STATEMENT, payerAmount, p + 20 * HOUR);
        }
    }

    /**
     * Request, a FAILED or TIMEOUT result and a debit, both before D in either order; the early
     * warning is due when both are there. Returns that time.
     */
    static long failedButDebited(OrderBuilder b, TerminalResult result) {
        long s = b.request();
        long f = s + b.ofSettle(0.05, 0.6);
        long p = OrderBuilder.apart(s + b.ofSettle(0.05, 0.6), f);
        b.result(f, result, codeFor(b, result));
        b.notifiedDebit(p);
        if (b.chance(0.3)) {
            b.debit(p, NOTIFY, p + b.between(5000, 15_000)); // a duplicate delivery
        }
        long ew = Math.max(p, f);
        b.earlyWarning(ew);
        return ew;
    }

    /** Notification deliveries of a debit at {@code p} on the provider's retry schedule. */
    static void notifications(OrderBuilder b, long p) {
        long[] schedule = b.provider() == Provider.WECHAT ? WECHAT_RETRIES : ALIPAY_RETRIES;
        int lost = b.rng.nextInt(4);
        int delivered = 1 + b.rng.nextInt(3);
        long at = p;
        for (int i = 0; i < lost + delivered && i < schedule.length; i++) {
            at += schedule[i];
            if (i >= lost) {
                b.debit(p, NOTIFY, at + b.between(0, 2000));
            }
        }
    }

    /** A debited amount that differs from the keyed one: an extra zero, a missing one, a typo. */
    static long wrongAmount(OrderBuilder b) {
        double r = b.rng.nextDouble();
        long a = b.amount;
        long w;
        if (r < 0.3) {
            w = a * 10;
        } else if (r < 0.5 && a >= 1000) {
            w = a / 10;
        } else {
            w = a + (b.chance(0.5) ? 1 : -1) * b.between(1, Math.min(500, a - 1));
        }
        return w == a || w <= 0 ? a + 100 : w;
    }

    /** A second refund number, never the first one's (that would be a repeat, not a refund). */
    static String otherRefundNo(String no, String first) {
        return no.equals(first) ? no + "1" : no;
    }

    static TerminalResult failedOrTimeout(OrderBuilder b) {
        return b.chance(0.5) ? TerminalResult.FAILED : TerminalResult.TIMEOUT;
    }

    /** The error code of a FAILED or TIMEOUT result. */
    static String codeFor(OrderBuilder b, TerminalResult result) {
        return result == TerminalResult.TIMEOUT ? timeoutCode(b) : failCode(b);
    }

    static String failCode(OrderBuilder b) {
        return b.provider() == Provider.WECHAT ? "SYSTEMERROR" : "ACQ.SYSTEM_ERROR";
    }

    static String timeoutCode(OrderBuilder b) {
        return b.chance(0.5) ? null : "GATEWAY_TIMEOUT";
    }
}
