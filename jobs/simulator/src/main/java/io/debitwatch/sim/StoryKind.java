package io.debitwatch.sim;

import static io.debitwatch.core.model.ProviderSource.NOTIFY;
import static io.debitwatch.core.model.ProviderSource.QUERY;
import static io.debitwatch.core.model.ProviderSource.REVERSE;
import static io.debitwatch.core.model.ProviderSource.STATEMENT;
import static io.debitwatch.core.model.TerminalEventType.PAY_REQUEST;
import static io.debitwatch.core.model.TerminalEventType.PAY_RESULT;
import static io.debitwatch.core.model.TerminalEventType.QUERY_RESULT;
import static io.debitwatch.core.model.TerminalEventType.REVERSAL_RESULT;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.debitwatch.core.detect.Ids;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.model.Action;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.core.model.TerminalResult;
import java.time.Instant;

/**
 * The payment stories the simulator tells. Each builds the events of one order and states, as it
 * builds them, what SPEC §4 says must follow (D = T0 + settle window, H = D + callback horizon).
 * Times before D are fractions of the settle window, so the stories hold for any window.
 */
public enum StoryKind {

    /**
     * Pay call answered with the debit, terminal SUCCESS; sometimes a callback and a statement row.
     */
    NORMAL_SALE(0.758) {
        @Override
        void build(OrderBuilder b) {
            sale(b, null);
        }
    },

    /** A coupon paid part of it: payer amount below the order amount, which is what counts. */
    COUPON_PAYMENT(0.05) {
        @Override
        void build(OrderBuilder b) {
            long coupon = Math.max(1, Math.min(2000, b.amount / 2) * b.between(20, 100) / 100);
            sale(b, b.amount - coupon);
        }
    },

    /** A good sale the merchant later refunds, in full or in part: normal, no alert. */
    REFUND_AFTER_SALE(0.03) {
        @Override
        void build(OrderBuilder b) {
            sale(b, null);
            long x = b.deadline() + b.between(60_000, 6 * HOUR);
            long first = b.chance(0.5) ? b.amount : b.between(1, b.amount - 1);
            refund(b, x, first, Formats.merchantRefundNo(Instant.ofEpochMilli(x), b.rng));
            if (first < b.amount && b.chance(0.3)) {
                long y = x + b.between(60_000, 2 * HOUR);
                refund(
                        b,
                        y,
                        b.amount - first,
                        Formats.merchantRefundNo(Instant.ofEpochMilli(y), b.rng));
            }
        }
    },

    /** 扣款成功但显示失败: the terminal shows FAILED, the provider debited. */
    FAILED_DEBITED(0.02) {
        @Override
        void build(OrderBuilder b) {
            failedButDebited(b, TerminalResult.FAILED);
            b.refundedDebit(b.amount, b.deadline());
        }
    },

    /** The pay call timed out at the terminal while the provider debited. */
    TIMEOUT_DEBITED(0.015) {
        @Override
        void build(OrderBuilder b) {
            failedButDebited(b, TerminalResult.TIMEOUT);
            b.refundedDebit(b.amount, b.deadline());
        }
    },

    /**
     * USERPAYING, queries, the cashier cancels; the customer confirmed between the last query and
     * the reversal. Either the reversal response shows the money returned (no alert), or only the
     * debit is seen (refund, with verdict REVERSED), or the reversal comes only after D (refund at
     * D with verdict PENDING, resolved when the provider confirms the reversal).
     */
    USERPAYING_REVERSAL(0.01) {
        @Override
        void build(OrderBuilder b) {
            long s = b.start;
            b.terminal(s, PAY_REQUEST, null);
            long u = s + b.between(800, 2500);
            b.terminal(u, PAY_RESULT, TerminalResult.USERPAYING);
            double variant = b.rng.nextDouble();
            boolean afterDeadline = variant >= 0.7;
            long r = afterDeadline ? -1 : s + b.ofSettle(0.6, 0.8);
            long p =
                    afterDeadline
                            ? s + b.ofSettle(0.3, 0.9)
                            : Math.max(u + 1, r - b.between(300, b.ofSettle(0.05, 0.2)));
            // Alipay's guidance: query every 3-5 s; every query before the payment saw USERPAYING.
            for (long q = u + b.between(3000, 5000); q < p; q += b.between(3000, 5000)) {
                b.terminal(q, QUERY_RESULT, TerminalResult.USERPAYING);
            }
            b.debit(p, NOTIFY, p + b.between(500, 20_000));
            if (variant < 0.35) {
                // The reversal response says the money went back: nothing to do.
                b.terminal(r, REVERSAL_RESULT, TerminalResult.SUCCESS);
                long x = r + b.ofSettle(0.001, 0.1);
                b.provider(x, REVERSE, ProviderStatus.REVERSED, b.amount, null, null, null, x);
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
                b.provider(x, REVERSE, ProviderStatus.REVERSED, b.amount, null, null, null, x);
                b.alert(AlertType.ALERT_RESOLVED, Action.NONE, b.amount, x);
            }
        }
    },

    /**
     * A timed-out payment whose debit is only learned from the callback, retried on the provider's
     * schedule (first attempts lost, then duplicates under new event ids, all with the same success
     * time). The customer paid either before D (warning, refund at D) or after it (stuck at D,
     * refund when the debit happened).
     */
    LATE_NOTIFICATION(0.01) {
        @Override
        void build(OrderBuilder b) {
            long s = b.start;
            b.terminal(s, PAY_REQUEST, null);
            long tt = s + b.ofSettle(0.3, 0.6);
            b.terminal(tt, PAY_RESULT, TerminalResult.TIMEOUT, b.amount, timeoutCode(b));
            if (b.chance(0.5)) {
                long p = OrderBuilder.apart(s + b.ofSettle(0.05, 0.9), tt);
                notifications(b, p);
                b.earlyWarning(Math.max(p, tt));
                b.refundedDebit(b.amount, b.deadline());
            } else {
                long d = b.deadline();
                long p = d + b.between(1000, b.ofSettle(0.1, 0.5));
                notifications(b, p);
                b.alert(AlertType.STUCK_PAYMENT, Action.QUERY, b.amount, d);
                b.refundedDebit(b.amount, p);
            }
        }
    },

    /** Only the provider saw the order (the terminal's records were lost): review, not refund. */
    MISSING_TERMINAL(0.01) {
        @Override
        void build(OrderBuilder b) {
            long p = b.start;
            b.debit(p, NOTIFY, p + b.between(200, 3000));
            if (b.chance(0.3)) {
                b.debit(p, STATEMENT, p + 20 * HOUR);
            }
            if (b.config.refundMissingTerminal()) {
                b.refundedDebit(b.amount, b.deadline());
            } else {
                b.alert(AlertType.UNMATCHED_DEBIT, Action.REVIEW, b.amount, b.deadline());
            }
        }
    },

    /** The terminal succeeded for one amount, the provider debited another (a keying error). */
    AMOUNT_MISMATCH(0.005) {
        @Override
        void build(OrderBuilder b) {
            long s = b.start;
            long debited = wrongAmount(b);
            b.terminal(s, PAY_REQUEST, null);
            long p = s + b.ofSettle(0.03, 0.3);
            b.debit(p, QUERY, debited, p + b.between(100, 800));
            b.terminal(p + b.between(200, 1500), PAY_RESULT, TerminalResult.SUCCESS);
            b.alert(AlertType.AMOUNT_MISMATCH, Action.REVIEW, debited, b.deadline());
        }
    },

    /**
     * The provider's clock runs ahead: its success time is a few seconds before the terminal's
     * result, sometimes before the pay request, so T0 is the provider's. Half of them failed at the
     * terminal (warning at the failure, refund at that earlier D).
     */
    PROVIDER_CLOCK_AHEAD(0.02) {
        @Override
        void build(OrderBuilder b) {
            long s = b.start;
            b.terminal(s, PAY_REQUEST, null);
            long ts = s + b.between(800, 3000);
            long pt = ts - b.between(1000, Simulator.MAX_LEAD.toMillis());
            b.debit(pt, QUERY, ts + b.between(50, 300));
            if (b.chance(0.5)) {
                b.terminal(ts, PAY_RESULT, TerminalResult.SUCCESS);
            } else {
                b.terminal(ts, PAY_RESULT, TerminalResult.FAILED, b.amount, failCode(b));
                b.earlyWarning(ts);
                b.refundedDebit(b.amount, b.deadline());
            }
        }
    },

    /** USERPAYING or TIMEOUT and no word from the provider by D; maybe closed later, unpaid. */
    STUCK_PAYMENT(0.01) {
        @Override
        void build(OrderBuilder b) {
            long s = b.start;
            b.terminal(s, PAY_REQUEST, null);
            if (b.chance(0.6)) {
                long u = s + b.between(800, 2500);
                b.terminal(u, PAY_RESULT, TerminalResult.USERPAYING);
                long last = s + b.ofSettle(0.5, 0.8);
                for (long q = u + b.between(3000, 5000); q < last; q += b.between(3000, 5000)) {
                    b.terminal(
                            q,
                            QUERY_RESULT,
                            b.chance(0.8) ? TerminalResult.USERPAYING : TerminalResult.UNKNOWN);
                }
            } else {
                b.terminal(
                        s + b.ofSettle(0.3, 0.6),
                        PAY_RESULT,
                        TerminalResult.TIMEOUT,
                        b.amount,
                        timeoutCode(b));
            }
            long d = b.deadline();
            b.alert(AlertType.STUCK_PAYMENT, Action.QUERY, b.amount, d);
            double r = b.rng.nextDouble();
            if (r < 0.7) {
                // WeChat auto-revokes an unpaid barcode order; a later query sees it closed.
                long x = d + b.between(1000, 120_000);
                ProviderStatus st = r < 0.4 ? ProviderStatus.CLOSED : ProviderStatus.NOT_PAID;
                b.provider(x, QUERY, st, b.amount, null, null, null, x);
            }
        }
    },

    /**
     * The terminal showed SUCCESS but no money moved: the provider reports the order closed or
     * unpaid after D, or nothing until H, or it reverses a debit after D.
     */
    SALE_WITHOUT_DEBIT(0.01) {
        @Override
        void build(OrderBuilder b) {
            long s = b.start;
            b.terminal(s, PAY_REQUEST, null);
            long ts = s + b.ofSettle(0.05, 0.5);
            b.terminal(ts, PAY_RESULT, TerminalResult.SUCCESS);
            double r = b.rng.nextDouble();
            if (r < 0.4) {
                long x = b.deadline() + b.between(1000, 30 * MINUTE);
                ProviderStatus st = r < 0.2 ? ProviderStatus.CLOSED : ProviderStatus.NOT_PAID;
                b.provider(x, QUERY, st, b.amount, null, null, null, x);
                b.alert(AlertType.SALE_WITHOUT_DEBIT, Action.REVIEW, b.amount, x);
            } else if (r < 0.7) {
                b.alert(AlertType.SALE_WITHOUT_DEBIT, Action.REVIEW, b.amount, b.horizon());
            } else {
                long p = OrderBuilder.apart(s + b.ofSettle(0.03, 0.5), ts);
                b.debit(p, NOTIFY, p + b.between(200, 3000));
                long x = b.deadline() + b.between(60_000, 2 * HOUR);
                b.provider(x, STATEMENT, ProviderStatus.REVERSED, b.amount, null, null, null, x);
                b.alert(AlertType.SALE_WITHOUT_DEBIT, Action.REVIEW, b.amount, x);
            }
        }
    },

    /** Failed but debited, refund decided at D, then a late query shows SUCCESS after all. */
    CONFLICT(0.005) {
        @Override
        void build(OrderBuilder b) {
            failedButDebited(b, TerminalResult.FAILED);
            long d = b.deadline();
            b.refundedDebit(b.amount, d);
            long c = d + b.between(1000, 10 * MINUTE);
            b.terminal(c, QUERY_RESULT, TerminalResult.SUCCESS);
            b.alert(AlertType.CONFLICT, Action.REVIEW, b.amount, c);
        }
    },

    /**
     * Failed but debited, refund decided at D, then the money comes back: our refund executed, a
     * reversal, or two partial refunds (the first delivered twice).
     */
    MONEY_RETURNED(0.01) {
        @Override
        void build(OrderBuilder b) {
            failedButDebited(b, b.chance(0.5) ? TerminalResult.FAILED : TerminalResult.TIMEOUT);
            long d = b.deadline();
            b.refundedDebit(b.amount, d);
            double r = b.rng.nextDouble();
            long resolved;
            if (r < 0.4) {
                resolved = d + b.between(30_000, 2 * HOUR);
                refund(b, resolved, b.amount, Ids.refundRequestId(b.key, b.txnId));
            } else if (r < 0.7) {
                resolved = d + b.between(30_000, 2 * HOUR);
                b.provider(
                        resolved,
                        REVERSE,
                        ProviderStatus.REVERSED,
                        b.amount,
                        null,
                        null,
                        null,
                        resolved);
            } else {
                long x1 = d + b.between(30_000, HOUR);
                long part = b.between(1, b.amount - 1);
                String no = Formats.merchantRefundNo(Instant.ofEpochMilli(x1), b.rng);
                refund(b, x1, part, no);
                refund(b, x1 + b.between(1000, 60_000), part, no); // a redelivery: counts once
                resolved = x1 + b.between(2 * MINUTE, 2 * HOUR);
                String second = Formats.merchantRefundNo(Instant.ofEpochMilli(resolved), b.rng);
                // A second refund under the first one's number would be a repeat, not a refund.
                refund(b, resolved, b.amount - part, second.equals(no) ? second + "1" : second);
            }
            b.alert(AlertType.ALERT_RESOLVED, Action.NONE, b.amount, resolved);
        }
    },

    /** Failed but debited; the cashier is warned and a query then shows SUCCESS before D. */
    EARLY_WARNING_THEN_SUCCESS(0.01) {
        @Override
        void build(OrderBuilder b) {
            long ew =
                    failedButDebited(
                            b, b.chance(0.5) ? TerminalResult.FAILED : TerminalResult.TIMEOUT);
            b.terminal(ew + b.ofSettle(0.01, 0.25), QUERY_RESULT, TerminalResult.SUCCESS);
        }
    },

    /**
     * SUCCESS, then the terminal polls again and sees USERPAYING, UNKNOWN or TIMEOUT before D.
     * SUCCESS sticks (SPEC §4a.1): no alert and no early warning, also when the debit is only seen
     * after a TIMEOUT poll.
     */
    SUCCESS_THEN_POLL(0.005) {
        @Override
        void build(OrderBuilder b) {
            long s = b.start;
            b.terminal(s, PAY_REQUEST, null);
            long ts = s + b.ofSettle(0.05, 0.3);
            b.terminal(ts, PAY_RESULT, TerminalResult.SUCCESS);
            int n = 1 + b.rng.nextInt(3);
            long from = ts + 500;
            long step = (s + b.ofSettle(0.85, 0.9) - from) / n;
            long firstPoll = -1;
            for (int i = 0; i < n; i++) {
                long q = from + i * step + b.between(0, step - 1);
                TerminalResult r = POLL_RESULTS[b.rng.nextInt(POLL_RESULTS.length)];
                String code = r == TerminalResult.TIMEOUT ? timeoutCode(b) : null;
                b.terminal(q, QUERY_RESULT, r, b.amount, code);
                firstPoll = firstPoll < 0 ? q : firstPoll;
            }
            // The debit from the pay response, or seen only after the first poll (maybe a TIMEOUT).
            long p = b.chance(0.5) ? s + b.ofSettle(0.01, 0.04) : firstPoll + b.between(1, 500);
            b.debit(p, QUERY, p + b.between(100, 800));
        }
    },

    /**
     * SUCCESS, then a FAILED before D ("already paid": a repeated pay call or a misread query),
     * with the debit: the verdict is CONTESTED (SPEC §4a.1), so the unmatched debit at D is a
     * REVIEW, not a refund, and there is no early warning.
     */
    SUCCESS_THEN_FAILED(0.004) {
        @Override
        void build(OrderBuilder b) {
            long s = b.start;
            b.terminal(s, PAY_REQUEST, null);
            long ts = s + b.ofSettle(0.05, 0.4);
            b.terminal(ts, PAY_RESULT, TerminalResult.SUCCESS);
            long f = ts + b.between(500, b.ofSettle(0.1, 0.4));
            String code = b.provider() == Provider.WECHAT ? "ORDERPAID" : "ACQ.TRADE_HAS_SUCCESS";
            b.terminal(
                    f,
                    b.chance(0.5) ? PAY_RESULT : QUERY_RESULT,
                    TerminalResult.FAILED,
                    b.amount,
                    code);
            long p = b.chance(0.5) ? s + b.ofSettle(0.01, 0.04) : f + b.between(1, 1000);
            b.debit(p, NOTIFY, p + b.between(200, 3000));
            b.alert(AlertType.UNMATCHED_DEBIT, Action.REVIEW, b.amount, b.deadline());
        }
    },

    /**
     * FAILED or TIMEOUT with two distinct debits (another provider_txn_id and amount). Both before
     * D: REVIEW at D of the earliest debit (ties by provider_txn_id), no refund (SPEC §4a.2). Or
     * the second only after D, once the first was refunded at D: CONFLICT at the second.
     */
    DOUBLE_DEBIT(0.004) {
        @Override
        void build(OrderBuilder b) {
            TerminalResult result = b.chance(0.5) ? TerminalResult.FAILED : TerminalResult.TIMEOUT;
            long s = b.start;
            b.terminal(s, PAY_REQUEST, null);
            long f = s + b.ofSettle(0.05, 0.5);
            String code = result == TerminalResult.TIMEOUT ? timeoutCode(b) : failCode(b);
            b.terminal(f, PAY_RESULT, result, b.amount, code);
            String other = b.otherTxnId();
            long otherAmount = wrongAmount(b);
            long p1 = s + b.ofSettle(0.05, 0.6);
            b.debit(p1, NOTIFY, p1 + b.between(200, 3000));
            if (b.chance(0.6)) {
                // Sometimes at the very same time: then the lower provider_txn_id is the earliest.
                long p2 = b.chance(0.3) ? p1 : OrderBuilder.apart(s + b.ofSettle(0.05, 0.8), p1);
                b.debit(p2, QUERY, otherAmount, other, p2 + b.between(100, 800));
                boolean ownFirst = p1 < p2 || (p1 == p2 && b.txnId.compareTo(other) < 0);
                b.earlyWarning(Math.max(Math.min(p1, p2), f));
                b.alert(
                        AlertType.UNMATCHED_DEBIT,
                        Action.REVIEW,
                        ownFirst ? b.amount : otherAmount,
                        b.deadline());
            } else {
                b.earlyWarning(Math.max(p1, f));
                long d = b.deadline();
                b.refundedDebit(b.amount, d);
                long p2 = d + b.between(1000, 30 * MINUTE);
                b.debit(p2, NOTIFY, otherAmount, other, p2 + b.between(200, 3000));
                b.alert(AlertType.CONFLICT, Action.REVIEW, b.amount, p2);
            }
        }
    },

    /**
     * USERPAYING, then a flood of USERPAYING polls (300, about 150 ms apart with the default
     * window, in half of them; fewer in the rest), then the debit and SUCCESS before D: no alert.
     * The SUCCESS must survive any bound on the facts kept per order (SPEC §4a.3).
     */
    USERPAYING_FLOOD(0.001) {
        @Override
        void build(OrderBuilder b) {
            long s = b.start;
            b.terminal(s, PAY_REQUEST, null);
            long u = s + b.between(800, 2500);
            b.terminal(u, PAY_RESULT, TerminalResult.USERPAYING);
            int n = b.chance(0.5) ? 300 : (int) b.between(30, 80);
            long gap = Math.max(1, (s + b.ofSettle(0.7, 0.75) - u) / n);
            long q = u;
            for (int i = 0; i < n; i++) {
                q += gap;
                b.terminal(q, QUERY_RESULT, TerminalResult.USERPAYING);
            }
            long p = q + b.between(1, b.ofSettle(0.01, 0.05));
            b.debit(p, QUERY, p + b.between(100, 800));
            b.terminal(
                    p + b.between(50, b.ofSettle(0.01, 0.1)), PAY_RESULT, TerminalResult.SUCCESS);
        }
    },

    /**
     * Failed but debited, refunded at D, then two partial refunds notified as Alipay does, with the
     * total refunded so far (SPEC §4a.7): 60 % then 90 % leaves 10 % owed, no resolution; 60 % then
     * 100 % resolves the alert at the last refund. Alipay only.
     */
    CUMULATIVE_REFUNDS(0.004) {
        @Override
        Provider onlyProvider() {
            return Provider.ALIPAY;
        }

        @Override
        void build(OrderBuilder b) {
            failedButDebited(b, b.chance(0.5) ? TerminalResult.FAILED : TerminalResult.TIMEOUT);
            long d = b.deadline();
            b.refundedDebit(b.amount, d);
            long x1 = d + b.between(30_000, HOUR);
            String no1 = Formats.merchantRefundNo(Instant.ofEpochMilli(x1), b.rng);
            long total1 = b.amount * 6 / 10;
            b.refundTotal(x1, total1, no1, x1 + b.between(200, 3000));
            if (b.chance(0.3)) {
                long again = x1 + b.between(1000, 30_000); // a redelivery: the same total
                b.refundTotal(x1, total1, no1, again);
            }
            long x2 = x1 + b.between(MINUTE, 2 * HOUR);
            String no2 = Formats.merchantRefundNo(Instant.ofEpochMilli(x2), b.rng);
            boolean full = b.chance(0.4);
            b.refundTotal(
                    x2,
                    full ? b.amount : b.amount * 9 / 10,
                    no2.equals(no1) ? no2 + "1" : no2,
                    x2 + b.between(200, 3000));
            if (full) {
                b.alert(AlertType.ALERT_RESOLVED, Action.NONE, b.amount, x2);
            }
        }
    },

    /**
     * FAILED at the terminal; the provider's notification of the debit (before D) was lost and its
     * retry only arrives after D (the typical 掉单). A live feed sends it then, late: the refund is
     * still decided at D, the early warning at the debit (SPEC §4a.4).
     */
    LATE_RETRY(0.004) {
        @Override
        void build(OrderBuilder b) {
            long s = b.start;
            b.terminal(s, PAY_REQUEST, null);
            long f = s + b.ofSettle(0.05, 0.5);
            b.terminal(f, PAY_RESULT, TerminalResult.FAILED, b.amount, failCode(b));
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
    },

    /** One record the job must dead-letter: not JSON, unknown enum, negative amount, no field. */
    MALFORMED(0.005) {
        @Override
        void build(OrderBuilder b) {
            long s = b.start;
            boolean terminal = b.chance(0.5);
            ObjectNode node =
                    terminal
                            ? Lines.tree(
                                    b.newTerminal(
                                            s, PAY_RESULT, TerminalResult.SUCCESS, b.amount, null))
                            : Lines.tree(
                                    b.newProvider(
                                            s,
                                            NOTIFY,
                                            ProviderStatus.DEBITED,
                                            b.amount,
                                            null,
                                            null,
                                            null));
            SimEvent.Defect defect =
                    SimEvent.Defect.values()[b.rng.nextInt(SimEvent.Defect.values().length)];
            String raw;
            switch (defect) {
                case NOT_JSON -> {
                    // A record cut short by a gateway that crashed mid-write.
                    String json = Json.write(node);
                    raw = json.substring(0, json.length() / 2);
                }
                case UNKNOWN_ENUM -> {
                    // Provider-native values that an adapter forgot to normalise.
                    if (terminal) {
                        node.put("result", "PAID");
                    } else {
                        node.put(
                                "status",
                                b.provider() == Provider.ALIPAY ? "TRADE_SUCCESS" : "SUCCESS");
                    }
                    raw = Json.write(node);
                }
                case NEGATIVE_AMOUNT -> {
                    node.put("amount_minor", -b.amount);
                    raw = Json.write(node);
                }
                default -> {
                    node.remove("out_trade_no");
                    raw = Json.write(node);
                }
            }
            b.malformed(
                    terminal ? SimEvent.Stream.TERMINAL : SimEvent.Stream.PROVIDER, s, raw, defect);
        }
    };

    static final long MINUTE = 60_000;
    static final long HOUR = 60 * MINUTE;

    /** WeChat 15s/15s/30s/3m/10m/20m/30m/30m/30m/60m/3h/3h/3h/6h/6h after the first attempt. */
    static final long[] WECHAT_RETRIES = {
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
    static final long[] ALIPAY_RETRIES = {
        0, 4 * MINUTE, 10 * MINUTE, 10 * MINUTE, HOUR, 2 * HOUR, 6 * HOUR, 15 * HOUR
    };

    private final double defaultWeight;

    StoryKind(double defaultWeight) {
        this.defaultWeight = defaultWeight;
    }

    /** Results a terminal can see when it polls again after SUCCESS. */
    static final TerminalResult[] POLL_RESULTS = {
        TerminalResult.USERPAYING, TerminalResult.UNKNOWN, TerminalResult.TIMEOUT
    };

    /** This kind's share of the default traffic mix. */
    public double defaultWeight() {
        return defaultWeight;
    }

    /** The only provider whose merchants tell this story, or null for both. */
    Provider onlyProvider() {
        return null;
    }

    abstract void build(OrderBuilder b);

    // ---- shared plots ----

    /** Request, debit from the pay response, SUCCESS shortly after. */
    static void sale(OrderBuilder b, Long payerAmount) {
        long s = b.start;
        b.terminal(s, PAY_REQUEST, null);
        long p = s + b.ofSettle(0.03, 0.3);
        b.provider(
                p,
                QUERY,
                ProviderStatus.DEBITED,
                b.amount,
                payerAmount,
                null,
                null,
                p + b.between(100, 800));
        b.terminal(p + b.between(200, 1500), PAY_RESULT, TerminalResult.SUCCESS);
        if (b.chance(0.4)) {
            b.provider(
                    p,
                    NOTIFY,
                    ProviderStatus.DEBITED,
                    b.amount,
                    payerAmount,
                    null,
                    null,
                    p + b.between(1000, 5000));
        }
        if (b.chance(0.2)) {
            // The next day's statement row carries the original success time.
            b.provider(
                    p,
                    STATEMENT,
                    ProviderStatus.DEBITED,
                    b.amount,
                    payerAmount,
                    null,
                    null,
                    p + 20 * HOUR);
        }
    }

    /**
     * Request, a FAILED or TIMEOUT result and a debit, both before D in either order; the early
     * warning is due when both are there. Returns that time.
     */
    static long failedButDebited(OrderBuilder b, TerminalResult result) {
        long s = b.start;
        b.terminal(s, PAY_REQUEST, null);
        long f = s + b.ofSettle(0.05, 0.6);
        long p = OrderBuilder.apart(s + b.ofSettle(0.05, 0.6), f);
        String code = result == TerminalResult.TIMEOUT ? timeoutCode(b) : failCode(b);
        b.terminal(f, PAY_RESULT, result, b.amount, code);
        b.debit(p, NOTIFY, p + b.between(200, 3000));
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

    static void refund(OrderBuilder b, long at, long refundAmount, String refundNo) {
        b.provider(
                at,
                NOTIFY,
                ProviderStatus.REFUNDED,
                b.amount,
                null,
                refundAmount,
                refundNo,
                at + b.between(200, 3000));
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

    static String failCode(OrderBuilder b) {
        return b.provider() == Provider.WECHAT ? "SYSTEMERROR" : "ACQ.SYSTEM_ERROR";
    }

    static String timeoutCode(OrderBuilder b) {
        return b.chance(0.5) ? null : "GATEWAY_TIMEOUT";
    }
}
