package io.debitwatch.providers.wechat;

import static io.debitwatch.providers.wechat.JsonFields.MAX_ID;
import static io.debitwatch.providers.wechat.JsonFields.amount;
import static io.debitwatch.providers.wechat.JsonFields.id;
import static io.debitwatch.providers.wechat.JsonFields.isoTime;
import static io.debitwatch.providers.wechat.JsonFields.object;
import static io.debitwatch.providers.wechat.JsonFields.optionalText;

import com.fasterxml.jackson.databind.JsonNode;
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
 * The decrypted resource of an authentic WeChat Pay notification mapped to a provider event or
 * notice, by its event type (see {@link WeChatNotifications}, "Mapping").
 */
final class WeChatMapping {

    private static final String DEFAULT_CURRENCY = "CNY";

    /** The notifications mapped: WeChat Pay v3 sends no other payment or refund notification. */
    enum Kind {
        TRANSACTION_SUCCESS,
        REFUND_SUCCESS,
        REFUND_ABNORMAL,
        REFUND_CLOSED;

        /** The kind of an {@code event_type}, or null. */
        static Kind of(String eventType) {
            return switch (eventType) {
                case "TRANSACTION.SUCCESS" -> TRANSACTION_SUCCESS;
                case "REFUND.SUCCESS" -> REFUND_SUCCESS;
                case "REFUND.ABNORMAL" -> REFUND_ABNORMAL;
                case "REFUND.CLOSED" -> REFUND_CLOSED;
                default -> null;
            };
        }
    }

    private WeChatMapping() {}

    /**
     * The event or notice of a notification.
     *
     * @param notification the notification (for its {@code create_time})
     * @param plain its decrypted resource
     */
    static Adapted map(
            Kind kind, String eventId, JsonNode notification, JsonNode plain, PayerIds payerIds) {
        return switch (kind) {
            case TRANSACTION_SUCCESS -> transaction(eventId, plain, payerIds);
            case REFUND_SUCCESS -> refund(eventId, plain);
            case REFUND_ABNORMAL, REFUND_CLOSED -> refundNotice(kind, notification, plain);
        };
    }

    private static Adapted transaction(String eventId, JsonNode t, PayerIds payerIds) {
        String tradeState = JsonFields.requiredText(t, "trade_state", "trade_state");
        if (!"SUCCESS".equals(tradeState)) {
            throw new Invalid("TRANSACTION.SUCCESS with trade_state " + Reasons.quote(tradeState));
        }
        Order o = order(t);
        Instant successTime = isoTime(t, "success_time", "success_time", true);
        JsonNode amount = object(t, "amount", "amount", true);
        long total = amount(amount, "total", "amount.total", true);
        Long payerTotal = amount(amount, "payer_total", "amount.payer_total", false);
        String currency = currency(amount);
        String payerRef = payerIds.ref(Provider.WECHAT.name(), payerId(t));
        String deviceId = deviceId(t);
        return Adapted.Events.of(
                o.event(eventId, successTime, ProviderStatus.DEBITED, total, currency)
                        .paid(payerTotal, payerRef, deviceId));
    }

    private static Adapted refund(String eventId, JsonNode r) {
        String status = optionalText(r, "refund_status", "refund_status");
        if (status != null && !"SUCCESS".equals(status)) {
            throw new Invalid("REFUND.SUCCESS with refund_status " + Reasons.quote(status));
        }
        Order o = order(r);
        String outRefundNo = id(r, "out_refund_no", "out_refund_no");
        Instant successTime = isoTime(r, "success_time", "success_time", true);
        JsonNode amount = object(r, "amount", "amount", true);
        long total = amount(amount, "total", "amount.total", true);
        long refund = amount(amount, "refund", "amount.refund", true);
        if (refund == 0) {
            throw new Invalid("amount.refund must be positive on REFUND.SUCCESS");
        }
        if (refund > total) {
            throw new Invalid(
                    "amount.refund " + refund + " exceeds the order's amount.total " + total);
        }
        return Adapted.Events.of(
                o.event(eventId, successTime, ProviderStatus.REFUNDED, total, currency(amount))
                        .refunded(refund, outRefundNo));
    }

    private static Adapted refundNotice(Kind kind, JsonNode notification, JsonNode r) {
        String merchantId = merchantId(r);
        String outTradeNo = id(r, "out_trade_no", "out_trade_no");
        String outRefundNo = id(r, "out_refund_no", "out_refund_no");
        // No success_time on an abnormal or closed refund: the notification's create_time.
        Instant when = isoTime(r, "success_time", "success_time", false);
        if (when == null) {
            when = isoTime(notification, "create_time", "create_time", false);
        }
        JsonNode amount = object(r, "amount", "amount", false);
        Long refund = amount == null ? null : amount(amount, "refund", "amount.refund", false);
        String currency = amount == null ? DEFAULT_CURRENCY : currency(amount);
        String detail =
                kind == Kind.REFUND_ABNORMAL
                        ? "WeChat Pay refund abnormal (退款异常): the money could not be returned to"
                                + " the payer's account; retry or handle it in the merchant"
                                + " platform"
                        : "WeChat Pay refund closed (退款关闭): nothing was returned under this"
                                + " refund number";
        return new Adapted.Notice(
                kind.name(),
                Provider.WECHAT,
                merchantId,
                outTradeNo,
                when,
                outRefundNo,
                refund,
                currency,
                detail);
    }

    /** The ids of the order a transaction or refund belongs to, read in this order. */
    private static Order order(JsonNode o) {
        return new Order(
                merchantId(o),
                id(o, "out_trade_no", "out_trade_no"),
                id(o, "transaction_id", "transaction_id"));
    }

    private record Order(String merchantId, String outTradeNo, String txnId) {

        /**
         * An event of the order, to be completed by {@link Draft#paid} or {@link Draft#refunded}.
         */
        Draft event(
                String eventId, Instant when, ProviderStatus status, long total, String currency) {
            return new Draft(this, eventId, when, status, total, currency);
        }
    }

    private record Draft(
            Order o,
            String eventId,
            Instant when,
            ProviderStatus status,
            long total,
            String currency) {

        ProviderEvent paid(Long payerTotal, String payerRef, String deviceId) {
            return build(payerTotal, null, null, payerRef, deviceId);
        }

        ProviderEvent refunded(long refund, String outRefundNo) {
            return build(null, refund, outRefundNo, null, null);
        }

        private ProviderEvent build(
                Long payerTotal,
                Long refund,
                String outRefundNo,
                String payerRef,
                String deviceId) {
            return new ProviderEvent(
                    eventId,
                    when,
                    Provider.WECHAT,
                    o.merchantId,
                    o.outTradeNo,
                    o.txnId,
                    ProviderSource.NOTIFY,
                    status,
                    total,
                    currency,
                    payerTotal,
                    refund,
                    outRefundNo,
                    payerRef,
                    deviceId);
        }
    }

    /** Service-provider mode names the sub-merchant ({@code sub_mchid}); else {@code mchid}. */
    private static String merchantId(JsonNode o) {
        String sub = optionalText(o, "sub_mchid", "sub_mchid");
        if (sub != null) {
            return RecordChecks.checkId("sub_mchid", sub, MAX_ID);
        }
        String mchid = optionalText(o, "mchid", "mchid");
        if (mchid == null) {
            throw new Invalid("missing field mchid (or sub_mchid)");
        }
        return RecordChecks.checkId("mchid", mchid, MAX_ID);
    }

    /** {@code payer.openid}, else {@code sub_openid}, else {@code sp_openid}; never quoted. */
    private static String payerId(JsonNode t) {
        JsonNode payer = object(t, "payer", "payer", false);
        if (payer == null) {
            return null;
        }
        for (String field : new String[] {"openid", "sub_openid", "sp_openid"}) {
            String v = optionalText(payer, field, "payer." + field);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    /** Informational only: an unusable device id is dropped, never fails a genuine debit. */
    private static String deviceId(JsonNode t) {
        JsonNode scene = t.get("scene_info");
        if (scene == null || !scene.isObject()) {
            return null;
        }
        JsonNode d = scene.get("device_id");
        if (d == null || !d.isTextual()) {
            return null;
        }
        String v = d.textValue();
        return Reasons.idProblem("device_id", v, MAX_ID) != null ? null : v;
    }

    private static String currency(JsonNode amount) {
        String c = optionalText(amount, "currency", "amount.currency");
        if (c == null) {
            return DEFAULT_CURRENCY;
        }
        String problem = Reasons.currencyProblem("amount.currency", c);
        if (problem != null) {
            throw new Invalid(problem);
        }
        return c;
    }
}
