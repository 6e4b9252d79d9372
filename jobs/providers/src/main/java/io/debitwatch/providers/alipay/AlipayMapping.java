package io.debitwatch.providers.alipay;

import static io.debitwatch.providers.alipay.AlipayNotifications.PAYMENT_NOTIFY_HORIZON;

import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.ProviderSource;
import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.providers.Adapted;
import io.debitwatch.providers.PayerIds;
import io.debitwatch.providers.Reasons;
import io.debitwatch.providers.RecordChecks;
import io.debitwatch.providers.RecordChecks.Invalid;
import java.time.Instant;

/**
 * The parameters of an authentic Alipay notification mapped to a provider event or notice by its
 * {@code trade_status} (see {@link AlipayNotifications}, "Mapping").
 *
 * @param payerIds how buyer ids are hashed (or dropped)
 */
record AlipayMapping(PayerIds payerIds) {

    private static final String CURRENCY = "CNY";
    private static final String CLOSE_REFUND_PREFIX = "alipay-close-";

    /** The event or notice of a notification with a known {@code trade_status}. */
    Adapted map(String tradeStatus, String eventId, AlipayParams p) {
        return switch (tradeStatus) {
            case "TRADE_SUCCESS" -> {
                Long refund = refundFee(p);
                yield refund != null || p.has("gmt_refund") || p.has("out_biz_no")
                        ? partialRefund(eventId, p, refund)
                        : debited(eventId, p);
            }
            case "TRADE_CLOSED" -> {
                Long refund = refundFee(p);
                yield refund != null ? closedRefund(eventId, p, refund) : closed(eventId, p);
            }
            case "WAIT_BUYER_PAY" -> notPaid(eventId, p);
            case "TRADE_FINISHED" -> paidJustNow(p) ? debited(eventId, p) : finished(p);
            default -> throw new Invalid("unknown trade_status " + Reasons.quote(tradeStatus));
        };
    }

    /**
     * Whether a TRADE_FINISHED notifies the payment itself (a product without refunds): it has a
     * {@code gmt_payment} and was sent at most {@link AlipayNotifications#PAYMENT_NOTIFY_HORIZON}
     * after it.
     */
    private static boolean paidJustNow(AlipayParams p) {
        Instant paidAt = p.time("gmt_payment", false);
        Instant notifiedAt = p.time("notify_time", false);
        return paidAt != null
                && notifiedAt != null
                && !notifiedAt.isAfter(paidAt.plus(PAYMENT_NOTIFY_HORIZON));
    }

    /**
     * {@code refund_fee} in fen, or null when absent or zero: Alipay sends {@code refund_fee=0.00}
     * on notifications that are not refunds.
     */
    private static Long refundFee(AlipayParams p) {
        Long fen = p.yuan("refund_fee", false);
        return fen == null || fen == 0 ? null : fen;
    }

    private Adapted debited(String eventId, AlipayParams p) {
        Order o = order(p);
        Instant paidAt = p.time("gmt_payment", true);
        Long payerAmount = p.yuan("buyer_pay_amount", false);
        return o.event(eventId, paidAt, ProviderStatus.DEBITED, payerAmount, null, null);
    }

    private Adapted partialRefund(String eventId, AlipayParams p, Long refundFee) {
        Order o = order(p);
        if (refundFee == null) {
            throw new Invalid(
                    "partial-refund notification (TRADE_SUCCESS with gmt_refund or out_biz_no)"
                            + " without refund_fee");
        }
        long refund = o.checkRefund(refundFee);
        if (!p.has("out_biz_no")) {
            throw new Invalid(
                    "partial-refund notification (TRADE_SUCCESS with refund_fee) without"
                            + " out_biz_no");
        }
        String outRefundNo = p.id("out_biz_no");
        Instant when = p.firstTime(true, "gmt_refund", "notify_time");
        return o.event(eventId, when, ProviderStatus.REFUNDED, null, refund, outRefundNo);
    }

    private Adapted closedRefund(String eventId, AlipayParams p, long refundFee) {
        Order o = order(p);
        long refund = o.checkRefund(refundFee);
        String outRefundNo =
                p.has("out_biz_no")
                        ? p.id("out_biz_no")
                        : RecordChecks.checkId(
                                CLOSE_REFUND_PREFIX + "trade_no",
                                CLOSE_REFUND_PREFIX + o.tradeNo,
                                AlipayNotifications.MAX_ID);
        Instant when = p.firstTime(true, "gmt_refund", "gmt_close", "notify_time");
        return o.event(eventId, when, ProviderStatus.REFUNDED, null, refund, outRefundNo);
    }

    private Adapted closed(String eventId, AlipayParams p) {
        Order o = order(p);
        Instant when = p.firstTime(true, "gmt_close", "notify_time");
        return o.event(eventId, when, ProviderStatus.CLOSED, null, null, null);
    }

    private Adapted notPaid(String eventId, AlipayParams p) {
        Order o = order(p);
        Instant when = p.firstTime(true, "gmt_create", "notify_time");
        return o.event(eventId, when, ProviderStatus.NOT_PAID, null, null, null);
    }

    private static Adapted finished(AlipayParams p) {
        String merchantId = p.id("seller_id");
        String outTradeNo = p.id("out_trade_no");
        Long total = p.yuan("total_amount", false);
        Instant when = p.firstTime(false, "gmt_close", "notify_time");
        return new Adapted.Notice(
                "TRADE_FINISHED",
                Provider.ALIPAY,
                merchantId,
                outTradeNo,
                when,
                null,
                total,
                CURRENCY,
                "Alipay trade finished (交易结束): no refund is possible any more; not a new"
                        + " debit");
    }

    private Order order(AlipayParams p) {
        return new Order(
                p.id("seller_id"),
                p.id("out_trade_no"),
                p.id("trade_no"),
                p.yuan("total_amount", true),
                payerIds.ref(Provider.ALIPAY.name(), payerId(p)));
    }

    /** {@code buyer_id} (2088…), else {@code buyer_logon_id}; never quoted in reasons. */
    private static String payerId(AlipayParams p) {
        String id = p.opt("buyer_id");
        return id != null && !id.isBlank() ? id : p.opt("buyer_logon_id");
    }

    /** The order a notification is about. */
    private record Order(
            String merchantId, String outTradeNo, String tradeNo, long total, String payerRef) {

        long checkRefund(long refund) {
            if (refund > total) {
                throw new Invalid(
                        "refund_fee " + refund + " fen exceeds total_amount " + total + " fen");
            }
            return refund;
        }

        Adapted event(
                String eventId,
                Instant when,
                ProviderStatus status,
                Long payerAmount,
                Long refundTotal,
                String outRefundNo) {
            return Adapted.Events.of(
                    new ProviderEvent(
                            eventId,
                            when,
                            Provider.ALIPAY,
                            merchantId,
                            outTradeNo,
                            tradeNo,
                            ProviderSource.NOTIFY,
                            status,
                            total,
                            CURRENCY,
                            payerAmount,
                            null,
                            outRefundNo,
                            payerRef,
                            null,
                            refundTotal));
        }
    }
}
