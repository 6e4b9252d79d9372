package io.debitwatch.providers.alipay;

import com.fasterxml.jackson.databind.JsonNode;
import io.debitwatch.core.json.IsoTime;
import io.debitwatch.providers.Adapted;
import io.debitwatch.providers.PayerIds;
import io.debitwatch.providers.Reasons;
import io.debitwatch.providers.RecordChecks;
import io.debitwatch.providers.RecordChecks.Invalid;
import io.debitwatch.providers.Yuan;
import java.io.Serializable;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Turns Alipay asynchronous notifications (异步通知, {@code notify_type=trade_status_sync}), as the
 * acquirer's callback endpoint received them, into provider events.
 *
 * <p>Input: one NDJSON line per notification: {@code {"received_at": "<ISO-8601 with offset>",
 * "body": "<the raw application/x-www-form-urlencoded body>"}}. The body is decoded with the
 * charset named by its own {@code charset} parameter (utf-8 when absent; GBK/GB2312/GB18030).
 *
 * <p>Key: the {@code app_id} selects Alipay's public key(s) for that app ({@link AlipayKeyring});
 * an app without a key is rejected, the reason naming the app id.
 *
 * <p>Signature (RSA2): {@code sign_type} must be {@code RSA2} ({@code RSA}, SHA1withRSA, only when
 * explicitly allowed); the signed content is built as Alipay's own SDK builds it for asynchronous
 * notifications ({@code AlipaySignature.rsaCheckV1} → {@code getSignCheckContentV1}): every
 * parameter but {@code sign} and {@code sign_type}, those whose value is empty or only whitespace
 * left out, sorted by name, joined as {@code k=v&k=v} with the decoded values (not trimmed),
 * encoded in the body's charset; {@code sign} is the base64 SHA256withRSA signature under Alipay's
 * public key (支付宝公钥, not the app's). A parameter left out of the signed content is unauthenticated,
 * so the mapping treats it as absent.
 *
 * <p>Allow-list: {@code app_id} must be one of the keyring's apps and, after the signature, when
 * the app has seller ids, {@code seller_id} one of them ({@link AlipayKeyring}, as Alipay's own
 * instructions for notifications require); any other notification is rejected, its reason naming
 * the field.
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

    private static final String EVENT_ID_PREFIX = "alin-";
    static final int MAX_ID = 64;
    private static final int MAX_EVENT_ID = 128;

    /**
     * How long after {@code gmt_payment} a notification of the payment itself can be sent: Alipay
     * re-sends an unacknowledged notification 8 times within 25 hours (after 2 m, 10 m, 10 m, 1 h,
     * 2 h, 6 h, 15 h; docs.antom.com "Verifying the asynchronous notification"), its default
     * callback horizon. A TRADE_FINISHED sent within it is the payment of a product without
     * refunds; one sent later announces the end of the refund period (months after the payment).
     */
    static final Duration PAYMENT_NOTIFY_HORIZON = Duration.ofHours(25);

    private final AlipayKeyring keys;
    private final PayerIds payerIds;
    private final boolean allowSha1;

    /**
     * @param alipayPublicKey Alipay's RSA public key (支付宝公钥), e.g. from {@link
     *     io.debitwatch.providers.keys.Pem#publicKeyFile}
     * @param allowed the merchant's own app ids (and seller ids): other notifications are rejected
     * @param payerIds how buyer ids are hashed (or dropped)
     */
    public AlipayNotifications(
            PublicKey alipayPublicKey, AlipayAllowList allowed, PayerIds payerIds) {
        this(AlipayKeyring.of(rsa(alipayPublicKey), allowed), payerIds, false);
    }

    /**
     * @param keys Alipay's public keys by app id, with each app's sellers
     * @param payerIds how buyer ids are hashed (or dropped)
     * @param allowSha1 whether {@code sign_type=RSA} (SHA1withRSA) is accepted besides RSA2
     */
    public AlipayNotifications(AlipayKeyring keys, PayerIds payerIds, boolean allowSha1) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.payerIds = Objects.requireNonNull(payerIds, "payerIds");
        this.allowSha1 = allowSha1;
    }

    private static PublicKey rsa(PublicKey key) {
        Objects.requireNonNull(key, "alipayPublicKey");
        if (!"RSA".equals(key.getAlgorithm())) {
            throw new IllegalArgumentException(
                    "the Alipay public key must be an RSA key (RSA2 = SHA256withRSA)");
        }
        return key;
    }

    /** What one received notification record is; never throws. */
    public Adapted adapt(String record) {
        return RecordChecks.guarded(() -> adaptChecked(record));
    }

    private Adapted adaptChecked(String record) {
        JsonNode root = RecordChecks.readObject(record, "record", MAX_RECORD_CHARS);
        receivedAt(root);
        String body = RecordChecks.body(root, "the raw urlencoded body");
        if (body.isBlank()) {
            throw new Invalid("body is empty");
        }
        FormBody.Decoded decoded;
        try {
            decoded = FormBody.decode(body);
        } catch (IllegalArgumentException e) {
            throw new Invalid(e.getMessage());
        }
        AlipayParams p = new AlipayParams(decoded.params());
        AlipaySignature.algorithm(decoded.params().get("sign_type"), allowSha1);
        // The app id selects the key; the signature then authenticates it.
        String appId = p.id("app_id");
        AlipayKeyring.App app = keys.app(appId);
        if (app == null || app.keys().isEmpty()) {
            throw new Invalid("app_id " + Reasons.quote(appId) + " " + keys.unknownApp(appId));
        }
        AlipaySignature.verify(decoded.params(), decoded.charset(), app.keys(), allowSha1);
        checkSeller(app, p);

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
        return new AlipayMapping(payerIds).map(tradeStatus, eventId, p);
    }

    /**
     * The signed {@code seller_id} must be one of the app's sellers, when it has a list. Of a
     * seller id (a merchant's Alipay user id, which can be a person's) only the last four
     * characters are shown.
     */
    private static void checkSeller(AlipayKeyring.App app, AlipayParams p) {
        if (app.sellerProblem() != null) {
            throw new Invalid(
                    "app_id "
                            + Reasons.quote(app.appId())
                            + ": no seller accepted, "
                            + app.sellerProblem());
        }
        if (app.sellerIds() != null) {
            // A malformed id is refused as such first, so that the reason can never quote it.
            String sellerId = p.id("seller_id");
            if (!app.allowsSeller(sellerId)) {
                throw new Invalid(
                        "seller_id …"
                                + Reasons.oneLine(
                                        sellerId.substring(Math.max(0, sellerId.length() - 4)))
                                + " is not one of the merchant's Alipay seller ids");
            }
        }
    }

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

    @Override
    public String toString() {
        return "AlipayNotifications[RSA2"
                + (allowSha1 ? " and RSA" : "")
                + ", "
                + keys
                + ", "
                + payerIds
                + "]";
    }
}
