package io.debitwatch.providers.alipay;

import com.fasterxml.jackson.databind.JsonNode;
import io.debitwatch.core.json.IsoTime;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.ProviderSource;
import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.providers.Adapted;
import io.debitwatch.providers.PayerIds;
import io.debitwatch.providers.Reasons;
import io.debitwatch.providers.RecordChecks;
import io.debitwatch.providers.RecordChecks.Invalid;
import io.debitwatch.providers.Yuan;
import java.io.Serializable;
import java.nio.charset.Charset;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Turns Alipay asynchronous notifications (异步通知, {@code notify_type=trade_status_sync}), as the
 * acquirer's callback endpoint received them, into provider events.
 *
 * <p>Input: one NDJSON line per notification: {@code {"received_at": "<ISO-8601 with offset>",
 * "body": "<the raw application/x-www-form-urlencoded body>"}}. The body is decoded with the
 * charset named by its own {@code charset} parameter (utf-8 when absent; GBK/GB2312/GB18030).
 *
 * <p>Signature (RSA2): {@code sign_type} must be {@code RSA2}; the signed content is built as
 * Alipay's own SDK builds it for asynchronous notifications ({@code AlipaySignature.rsaCheckV1} →
 * {@code getSignCheckContentV1}): every parameter but {@code sign} and {@code sign_type}, those
 * whose value is empty or only whitespace left out, sorted by name, joined as {@code k=v&k=v} with
 * the decoded values (not trimmed), encoded in the body's charset; {@code sign} is the base64
 * SHA256withRSA signature under Alipay's public key (支付宝公钥, not the app's). A parameter left out of
 * the signed content is unauthenticated, so the mapping treats it as absent.
 *
 * <p>Allow-list: after the signature, {@code app_id} must be one of the merchant's app ids and,
 * when seller ids are configured, {@code seller_id} one of them ({@link AlipayAllowList}, as
 * Alipay's own instructions for notifications require); any other notification is rejected, its
 * reason naming the field.
 *
 * <p>Mapping ({@code merchant_id} is {@code seller_id}, the Alipay user id of the merchant that
 * received the money: ISV acquirers key their merchants by it; amounts are yuan strings converted
 * exactly by {@link Yuan}; times are {@code yyyy-MM-dd HH:mm:ss[.SSS]} in Asia/Shanghai; currency
 * is CNY; {@code payer_ref} is the keyed hash of {@code buyer_id}, else {@code buyer_logon_id}):
 *
 * <ul>
 *   <li>TRADE_SUCCESS → DEBITED: {@code amount_minor = total_amount}, {@code payer_amount_minor =
 *       buyer_pay_amount} when given, {@code event_time = gmt_payment}, {@code provider_txn_id =
 *       trade_no};
 *   <li>TRADE_SUCCESS carrying a non-zero {@code refund_fee}, {@code gmt_refund} or {@code
 *       out_biz_no} is a partial-refund notification → REFUNDED, {@code out_refund_no =
 *       out_biz_no}, {@code refund_total_minor = refund_fee}, {@code event_time = gmt_refund} (else
 *       {@code notify_time}). Alipay's {@code refund_fee} is the <em>cumulative</em> amount
 *       refunded on the trade so far, not this refund's amount (refunds of 10 then 20 notify 10
 *       then 30), so it is the refund total of SPEC §4a.7, never a per-refund amount: the detector
 *       takes the largest total it has seen, and adding them up would over-count what came back;
 *   <li>TRADE_CLOSED with a non-zero {@code refund_fee} (closed after a full refund) → REFUNDED
 *       with {@code refund_total_minor = refund_fee} under {@code out_biz_no}, or {@code
 *       "alipay-close-" + trade_no} when absent; {@code event_time = gmt_refund}, else {@code
 *       gmt_close}, else {@code notify_time};
 *   <li>TRADE_CLOSED without {@code refund_fee} (or with {@code 0.00}: unpaid trade closed or
 *       cancelled) → CLOSED, {@code event_time = gmt_close} (else {@code notify_time});
 *   <li>WAIT_BUYER_PAY (sent only for some products: trade created, not paid) → NOT_PAID with
 *       {@code event_time = gmt_create} (else {@code notify_time}): the state began when the trade
 *       was created, so a late retry of this notification does not claim "unpaid" at a time when
 *       the buyer may already have paid;
 *   <li>TRADE_FINISHED is sent in two cases: (a) the refund period of a paid trade ended, months
 *       after the payment (no money moves); (b) the product does not allow refunds and the buyer
 *       has just paid: then it is the <em>only</em> payment notification, TRADE_SUCCESS is never
 *       sent. Hence: TRADE_FINISHED with {@code gmt_payment} and {@code notify_time − gmt_payment ≤
 *       25 h} ({@link #PAYMENT_NOTIFY_HORIZON}, the span of Alipay's re-deliveries) → DEBITED with
 *       exactly the fields of the TRADE_SUCCESS debit ({@code amount_minor = total_amount}, {@code
 *       payer_amount_minor = buyer_pay_amount} when given, {@code event_time = gmt_payment}, {@code
 *       provider_txn_id = trade_no}); otherwise (no {@code gmt_payment}, no {@code notify_time}, or
 *       later) → {@link Adapted.Notice} TRADE_FINISHED. SPEC: "Alipay TRADE_FINISHED is never a new
 *       debit" still holds: this DEBITED is the payment of the trade itself, never an additional
 *       one. Should both TRADE_SUCCESS and TRADE_FINISHED of one trade arrive (a refund period
 *       shorter than the horizon), the two DEBITED events carry the same {@code provider_txn_id},
 *       {@code amount_minor} and {@code event_time}; their {@code event_id}s differ (one per {@code
 *       notify_id}), and the detector takes an order's first DEBITED fact and ignores the others,
 *       so the debit counts once;
 *   <li>any other {@code trade_status}, or a {@code notify_type} other than trade_status_sync →
 *       rejected.
 * </ul>
 *
 * A zero {@code refund_fee} ({@code 0.00}, which Alipay puts on notifications that are not refunds,
 * e.g. TRADE_SUCCESS and TRADE_FINISHED) counts as absent, whatever the {@code trade_status}.
 *
 * <p>{@code event_id} is {@code "alin-" + notify_id + "-" + trade_status}: Alipay repeats the same
 * {@code notify_id} when it re-sends a notification, so a redelivery yields the identical event,
 * which downstream dedupes by {@code event_id}.
 *
 * <p>Instances are immutable, thread-safe and serialisable. {@link #adapt} never throws; reasons
 * never contain key material or payer identifiers.
 */
public final class AlipayNotifications implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Larger records are rejected unparsed (a real notification is about 1-2 KB). */
    public static final int MAX_RECORD_CHARS = 64 * 1024;

    private static final String CURRENCY = "CNY";
    private static final String EVENT_ID_PREFIX = "alin-";
    private static final String CLOSE_REFUND_PREFIX = "alipay-close-";
    private static final int MAX_ID = 64;
    private static final int MAX_EVENT_ID = 128;
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    /**
     * How long after {@code gmt_payment} a notification of the payment itself can be sent: Alipay
     * re-sends an unacknowledged notification 8 times within 25 hours (after 2 m, 10 m, 10 m, 1 h,
     * 2 h, 6 h, 15 h; docs.antom.com "Verifying the asynchronous notification"), its default
     * callback horizon. A TRADE_FINISHED sent within it is the payment of a product without
     * refunds; one sent later announces the end of the refund period (months after the payment).
     */
    static final Duration PAYMENT_NOTIFY_HORIZON = Duration.ofHours(25);

    private static final DateTimeFormatter ALIPAY_TIME =
            new DateTimeFormatterBuilder()
                    .appendPattern("uuuu-MM-dd HH:mm:ss")
                    .optionalStart()
                    .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
                    .optionalEnd()
                    .toFormatter(Locale.ROOT)
                    .withResolverStyle(ResolverStyle.STRICT);

    private final PublicKey alipayPublicKey;
    private final AlipayAllowList allowed;
    private final PayerIds payerIds;

    /**
     * @param alipayPublicKey Alipay's RSA public key (支付宝公钥), e.g. from {@link
     *     io.debitwatch.providers.keys.Pem#publicKeyFile}
     * @param allowed the merchant's own app ids (and seller ids): other notifications are rejected
     * @param payerIds how buyer ids are hashed (or dropped)
     */
    public AlipayNotifications(
            PublicKey alipayPublicKey, AlipayAllowList allowed, PayerIds payerIds) {
        this.alipayPublicKey = Objects.requireNonNull(alipayPublicKey, "alipayPublicKey");
        this.allowed = Objects.requireNonNull(allowed, "allowed");
        this.payerIds = Objects.requireNonNull(payerIds, "payerIds");
        if (!"RSA".equals(alipayPublicKey.getAlgorithm())) {
            throw new IllegalArgumentException(
                    "the Alipay public key must be an RSA key (RSA2 = SHA256withRSA)");
        }
    }

    @Override
    public String toString() {
        return "AlipayNotifications[RSA2, app ids "
                + allowed.appIds()
                + ", "
                + (allowed.sellerIds().isEmpty()
                        ? "any seller"
                        : allowed.sellerIds().size() + " seller ids")
                + ", "
                + payerIds
                + "]";
    }

    /** What one received notification record is; never throws. */
    public Adapted adapt(String record) {
        return RecordChecks.guarded(() -> adaptChecked(record));
    }

    private Adapted adaptChecked(String record) {
        JsonNode root = RecordChecks.readObject(record, "record", MAX_RECORD_CHARS);
        receivedAt(root);
        JsonNode bodyNode = root.get("body");
        if (bodyNode == null || bodyNode.isNull()) {
            throw new Invalid("missing field body");
        }
        if (!bodyNode.isTextual()) {
            throw new Invalid("body must be a string (the raw urlencoded body)");
        }
        if (bodyNode.textValue().isBlank()) {
            throw new Invalid("body is empty");
        }
        FormBody.Decoded decoded;
        try {
            decoded = FormBody.decode(bodyNode.textValue());
        } catch (IllegalArgumentException e) {
            throw new Invalid(e.getMessage());
        }
        Params p = new Params(decoded.params());
        verify(decoded.params(), decoded.charset());
        checkAllowed(p);

        String notifyType = p.opt("notify_type");
        if (notifyType != null && !notifyType.equals("trade_status_sync")) {
            throw new Invalid("unsupported notify_type " + Reasons.quote(notifyType));
        }
        String tradeStatus = p.req("trade_status");
        switch (tradeStatus) {
            case "TRADE_SUCCESS", "TRADE_CLOSED", "WAIT_BUYER_PAY", "TRADE_FINISHED" -> {}
            default -> throw new Invalid("unknown trade_status " + Reasons.quote(tradeStatus));
        }
        String notifyId = p.req("notify_id");
        RecordChecks.checkId(
                "notify_id",
                notifyId,
                MAX_EVENT_ID - EVENT_ID_PREFIX.length() - 1 - tradeStatus.length());
        String eventId = EVENT_ID_PREFIX + notifyId + "-" + tradeStatus;
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
     * {@code gmt_payment} and was sent at most {@link #PAYMENT_NOTIFY_HORIZON} after it.
     */
    private static boolean paidJustNow(Params p) {
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
    private static Long refundFee(Params p) {
        Long fen = p.yuan("refund_fee", false);
        return fen == null || fen == 0 ? null : fen;
    }

    private void verify(TreeMap<String, String> params, Charset charset) {
        String signType = params.get("sign_type");
        if (signType == null || signType.isEmpty()) {
            throw new Invalid("missing sign_type (must be RSA2)");
        }
        if (!signType.equals("RSA2")) {
            throw new Invalid(
                    "sign_type "
                            + Reasons.quote(signType)
                            + " not accepted: only RSA2 (SHA256withRSA)");
        }
        String sign = params.get("sign");
        if (sign == null || sign.isEmpty()) {
            throw new Invalid("missing sign");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(sign);
        } catch (IllegalArgumentException e) {
            throw new Invalid("bad signature: sign is not base64");
        }
        // As Alipay's Java SDK does for asynchronous notifications (alipay/alipay-sdk-java-all,
        // com.alipay.api.internal.util.AlipaySignature.rsaCheckV1 -> getSignCheckContentV1): drop
        // sign and sign_type, sort by name, skip every parameter whose value is empty or only
        // whitespace (StringUtils.areNotEmpty/isEmpty), append the others as k=v joined by '&',
        // values as decoded and untrimmed. Older SDK sources (e.g. commit 3d4870e) kept empty
        // values as "k="; the current one skips them, as its getSignContent does when signing.
        // TreeMap order is String.compareTo, the SDK's Collections.sort order.
        StringBuilder content = new StringBuilder(256);
        for (Map.Entry<String, String> e : params.entrySet()) {
            String name = e.getKey();
            if (name.equals("sign") || name.equals("sign_type") || unsigned(e.getValue())) {
                continue;
            }
            if (content.length() > 0) {
                content.append('&');
            }
            content.append(name).append('=').append(e.getValue());
        }
        boolean ok;
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(alipayPublicKey);
            verifier.update(content.toString().getBytes(charset));
            ok = verifier.verify(signature);
        } catch (SignatureException e) {
            ok = false;
        } catch (GeneralSecurityException e) {
            throw new Invalid("signature check impossible (" + e.getClass().getSimpleName() + ")");
        }
        if (!ok) {
            throw new Invalid("bad signature: RSA2 verification failed");
        }
    }

    /**
     * The signed {@code app_id} and {@code seller_id} must be the merchant's own. The app id is no
     * secret and is quoted; of a seller id (a merchant's Alipay user id, which can be a person's)
     * only the last four characters are shown.
     */
    private void checkAllowed(Params p) {
        String appId = RecordChecks.checkId("app_id", p.req("app_id"), MAX_ID);
        if (!allowed.allowsApp(appId)) {
            throw new Invalid(
                    "app_id "
                            + Reasons.quote(appId)
                            + " is not one of the merchant's Alipay app ids: a notification for"
                            + " another app");
        }
        if (!allowed.sellerIds().isEmpty()) {
            // A malformed id is refused as such first, so that the reason can never quote it.
            String sellerId = RecordChecks.checkId("seller_id", p.req("seller_id"), MAX_ID);
            if (!allowed.allowsSeller(sellerId)) {
                throw new Invalid(
                        "seller_id …"
                                + Reasons.oneLine(
                                        sellerId.substring(Math.max(0, sellerId.length() - 4)))
                                + " is not one of the merchant's Alipay seller ids");
            }
        }
    }

    /**
     * A value the signed content leaves out (the SDK's {@code StringUtils.isEmpty}: empty or only
     * {@link Character#isWhitespace} characters, which is {@link String#isBlank}).
     */
    private static boolean unsigned(String value) {
        return value == null || value.isBlank();
    }

    private Adapted debited(String eventId, Params p) {
        Order o = order(p);
        Instant paidAt = p.time("gmt_payment", true);
        Long payerAmount = p.yuan("buyer_pay_amount", false);
        return event(eventId, o, paidAt, ProviderStatus.DEBITED, payerAmount, null, null);
    }

    private Adapted partialRefund(String eventId, Params p, Long refundFee) {
        Order o = order(p);
        if (refundFee == null) {
            throw new Invalid(
                    "partial-refund notification (TRADE_SUCCESS with gmt_refund or out_biz_no)"
                            + " without refund_fee");
        }
        long refund = checkRefund(refundFee, o);
        if (!p.has("out_biz_no")) {
            throw new Invalid(
                    "partial-refund notification (TRADE_SUCCESS with refund_fee) without"
                            + " out_biz_no");
        }
        String outRefundNo = RecordChecks.checkId("out_biz_no", p.req("out_biz_no"), MAX_ID);
        Instant when = p.time("gmt_refund", false);
        if (when == null) {
            when = p.time("notify_time", true);
        }
        return event(eventId, o, when, ProviderStatus.REFUNDED, null, refund, outRefundNo);
    }

    private Adapted closedRefund(String eventId, Params p, long refundFee) {
        Order o = order(p);
        long refund = checkRefund(refundFee, o);
        String outRefundNo =
                p.has("out_biz_no")
                        ? RecordChecks.checkId("out_biz_no", p.req("out_biz_no"), MAX_ID)
                        : RecordChecks.checkId(
                                CLOSE_REFUND_PREFIX + "trade_no",
                                CLOSE_REFUND_PREFIX + o.tradeNo,
                                MAX_ID);
        Instant when = p.time("gmt_refund", false);
        if (when == null) {
            when = p.time("gmt_close", false);
        }
        if (when == null) {
            when = p.time("notify_time", true);
        }
        return event(eventId, o, when, ProviderStatus.REFUNDED, null, refund, outRefundNo);
    }

    private Adapted closed(String eventId, Params p) {
        Order o = order(p);
        Instant when = p.time("gmt_close", false);
        if (when == null) {
            when = p.time("notify_time", true);
        }
        return event(eventId, o, when, ProviderStatus.CLOSED, null, null, null);
    }

    private Adapted notPaid(String eventId, Params p) {
        Order o = order(p);
        Instant when = p.time("gmt_create", false);
        if (when == null) {
            when = p.time("notify_time", true);
        }
        return event(eventId, o, when, ProviderStatus.NOT_PAID, null, null, null);
    }

    private Adapted finished(Params p) {
        String merchantId = RecordChecks.checkId("seller_id", p.req("seller_id"), MAX_ID);
        String outTradeNo = RecordChecks.checkId("out_trade_no", p.req("out_trade_no"), MAX_ID);
        Long total = p.yuan("total_amount", false);
        Instant when = p.time("gmt_close", false);
        if (when == null) {
            when = p.time("notify_time", false);
        }
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

    private static long checkRefund(long refund, Order o) {
        if (refund > o.total) {
            throw new Invalid(
                    "refund_fee " + refund + " fen exceeds total_amount " + o.total + " fen");
        }
        return refund;
    }

    private Order order(Params p) {
        return new Order(
                RecordChecks.checkId("seller_id", p.req("seller_id"), MAX_ID),
                RecordChecks.checkId("out_trade_no", p.req("out_trade_no"), MAX_ID),
                RecordChecks.checkId("trade_no", p.req("trade_no"), MAX_ID),
                p.yuan("total_amount", true),
                payerIds.ref(Provider.ALIPAY.name(), payerId(p)));
    }

    /** {@code buyer_id} (2088…), else {@code buyer_logon_id}; never quoted in reasons. */
    private static String payerId(Params p) {
        String id = p.opt("buyer_id");
        return id != null && !id.isBlank() ? id : p.opt("buyer_logon_id");
    }

    private static Adapted event(
            String eventId,
            Order o,
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
                        o.merchantId,
                        o.outTradeNo,
                        o.tradeNo,
                        ProviderSource.NOTIFY,
                        status,
                        o.total,
                        CURRENCY,
                        payerAmount,
                        null,
                        outRefundNo,
                        o.payerRef,
                        null,
                        refundTotal));
    }

    private record Order(
            String merchantId, String outTradeNo, String tradeNo, long total, String payerRef) {}

    /**
     * Decoded parameters; a value the signed content leaves out (empty or only whitespace) counts
     * as absent, so a parameter added to a genuine body without signature cannot change the result.
     */
    private static final class Params {
        private final TreeMap<String, String> values;

        Params(TreeMap<String, String> values) {
            this.values = values;
        }

        boolean has(String name) {
            return opt(name) != null;
        }

        String opt(String name) {
            String v = values.get(name);
            return unsigned(v) ? null : v;
        }

        String req(String name) {
            String v = opt(name);
            if (v == null) {
                throw new Invalid("missing parameter " + name);
            }
            return v;
        }

        Long yuan(String name, boolean required) {
            String v = required ? req(name) : opt(name);
            if (v == null) {
                return null;
            }
            try {
                return Yuan.toFen(v);
            } catch (IllegalArgumentException e) {
                throw new Invalid(name + ": " + e.getMessage());
            }
        }

        Instant time(String name, boolean required) {
            String v = required ? req(name) : opt(name);
            if (v == null) {
                return null;
            }
            Instant t;
            try {
                t = LocalDateTime.parse(v, ALIPAY_TIME).atZone(SHANGHAI).toInstant();
            } catch (DateTimeParseException e) {
                throw new Invalid(
                        name
                                + " is not a time like 2026-11-25 10:00:00 (Beijing): "
                                + Reasons.quote(v));
            }
            return RecordChecks.inRange(t, name, v);
        }
    }

    // ---- record envelope and reasons ----------------------------------------------------------

    private static Instant receivedAt(JsonNode root) {
        JsonNode v = root.get("received_at");
        if (v == null || v.isNull()) {
            throw new Invalid("missing field received_at");
        }
        if (!v.isTextual()) {
            throw new Invalid("received_at must be a string");
        }
        Instant t = IsoTime.parse(v.textValue());
        if (t == null) {
            throw new Invalid(
                    "received_at is not an ISO-8601 time with offset: "
                            + Reasons.quote(v.textValue()));
        }
        return t;
    }
}
