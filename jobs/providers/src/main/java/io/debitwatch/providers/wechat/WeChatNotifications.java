package io.debitwatch.providers.wechat;

import com.fasterxml.jackson.databind.JsonNode;
import io.debitwatch.providers.Adapted;
import io.debitwatch.providers.PayerIds;
import io.debitwatch.providers.Reasons;
import io.debitwatch.providers.RecordChecks;
import io.debitwatch.providers.RecordChecks.Invalid;
import io.debitwatch.providers.keys.ApiV3Key;
import io.debitwatch.providers.keys.WeChatPlatformKeys;
import io.debitwatch.providers.wechat.WeChatMapping.Kind;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Turns WeChat Pay APIv3 payment and refund notifications (支付通知, 退款结果通知), as the acquirer's
 * callback endpoint received them, into provider events.
 *
 * <p>Input: one NDJSON line per notification:
 *
 * <pre>{@code
 * {"received_at": "2026-11-25T10:00:03.120+08:00",
 *  "headers": {"Wechatpay-Serial": "…", "Wechatpay-Signature": "…",
 *              "Wechatpay-Timestamp": "1764036003", "Wechatpay-Nonce": "…"},
 *  "body": "<the raw HTTP body, byte for byte as received, as a JSON string>"}
 * }</pre>
 *
 * Header names are matched without regard to case (HTTP); {@code Wechatpay-Signature-Type}, when
 * present, must be {@code WECHATPAY2-SHA256-RSA2048}.
 *
 * <p>Checks, in order, each failure giving {@link Adapted.Rejected} with a one-line reason:
 *
 * <ol>
 *   <li>the record is one JSON object with {@code received_at} (ISO-8601 with offset), {@code
 *       headers} and {@code body};
 *   <li>a signature starting {@code WECHATPAY/SIGNTEST/} is WeChat Pay's probe that checks that the
 *       merchant verifies signatures: rejected as such;
 *   <li>{@code Wechatpay-Timestamp} (epoch seconds) at most {@link #DEFAULT_MAX_CLOCK_SKEW} (or the
 *       configured skew; exactly the limit is accepted) from {@code received_at}: older ones are
 *       replays;
 *   <li>{@code Wechatpay-Serial} names a configured platform certificate or public key;
 *   <li>SHA256withRSA over {@code timestamp\nnonce\nbody\n}; the key that verifies it names the
 *       account (a direct merchant's {@code mchid} or a service provider's {@code sp_mchid}, see
 *       {@link WeChatKeyring});
 *   <li>{@code event_type} is one of TRANSACTION.SUCCESS, REFUND.SUCCESS, REFUND.ABNORMAL,
 *       REFUND.CLOSED (WeChat Pay v3 sends no other payment or refund notification; e.g. there is
 *       no TRANSACTION.CLOSED notification);
 *   <li>{@code resource} decrypts with AEAD_AES_256_GCM under that account's APIv3 key (nonce and
 *       associated_data as UTF-8; the last 16 bytes of the ciphertext are the tag); an account
 *       without an APIv3 key is rejected, the reason naming the account;
 *   <li>the decrypted {@code sp_mchid} (service provider) or else {@code mchid} is that account: a
 *       notification decrypted under one merchant's keys but naming another is rejected;
 *   <li>the decrypted object has the fields of its type, with valid amounts, times and ids.
 * </ol>
 *
 * <p>Mapping:
 *
 * <ul>
 *   <li>TRANSACTION.SUCCESS (trade_state SUCCESS) → DEBITED: {@code amount_minor} is {@code
 *       amount.total}, the order amount, never {@code payer_total} (which is lower when a coupon
 *       paid part); {@code payer_amount_minor} is {@code payer_total}; {@code merchant_id} is
 *       {@code sub_mchid} in service-provider mode, else {@code mchid}; {@code event_time} is
 *       {@code success_time}; {@code payer_ref} the keyed hash of {@code payer.openid} (or {@code
 *       sub_openid}, {@code sp_openid});
 *   <li>REFUND.SUCCESS → REFUNDED with {@code out_refund_no} and {@code refund_amount_minor =
 *       amount.refund} (which must be positive and at most {@code amount.total});
 *   <li>REFUND.ABNORMAL, REFUND.CLOSED → {@link Adapted.Notice} REFUND_ABNORMAL / REFUND_CLOSED: no
 *       money moved, operators must act.
 * </ul>
 *
 * The currency is {@code amount.currency}, CNY when absent (refund notifications carry none).
 * {@code event_id} is {@code "wxn-" + id} of the notification, so WeChat Pay's redeliveries of one
 * notification (same id) give identical events, which downstream dedupes. An invalid optional
 * {@code scene_info.device_id} is dropped rather than failing a genuine debit; every id the core
 * requires must pass the core's own limits (non-blank, no control characters, at most 64
 * characters, event ids 128), or the record is rejected.
 *
 * <p>Instances are immutable, thread-safe and serialisable. {@link #adapt} never throws; reasons
 * never contain key material, decrypted content or payer identifiers.
 */
public final class WeChatNotifications implements Serializable {

    private static final long serialVersionUID = 1L;

    /** WeChat Pay's own recommendation for the signed timestamp's tolerance. */
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    /** Larger records are rejected unparsed (a real notification is 1-3 KB). */
    public static final int MAX_RECORD_CHARS = 64 * 1024;

    /** Signature prefix of WeChat Pay's signature-verification probes. */
    public static final String PROBE_PREFIX = "WECHATPAY/SIGNTEST/";

    static final String SIGNATURE_TYPE = "WECHATPAY2-SHA256-RSA2048";
    static final String ALGORITHM = "AEAD_AES_256_GCM";

    private static final String EVENT_ID_PREFIX = "wxn-";
    private static final int MAX_EVENT_ID = 128;

    private final WeChatKeyring keys;
    private final PayerIds payerIds;
    private final Duration maxClockSkew;

    /** One account's keys (any mchid), with the default clock skew of 5 minutes. */
    public WeChatNotifications(
            WeChatPlatformKeys platformKeys, ApiV3Key apiV3Key, PayerIds payerIds) {
        this(WeChatKeyring.single(platformKeys, apiV3Key), payerIds, DEFAULT_MAX_CLOCK_SKEW);
    }

    /** One account's keys (any mchid). */
    public WeChatNotifications(
            WeChatPlatformKeys platformKeys,
            ApiV3Key apiV3Key,
            PayerIds payerIds,
            Duration maxClockSkew) {
        this(WeChatKeyring.single(platformKeys, apiV3Key), payerIds, maxClockSkew);
    }

    /** The keys of many accounts. */
    public WeChatNotifications(WeChatKeyring keys, PayerIds payerIds, Duration maxClockSkew) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.payerIds = Objects.requireNonNull(payerIds, "payerIds");
        Objects.requireNonNull(maxClockSkew, "maxClockSkew");
        if (maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("maxClockSkew must not be negative");
        }
        this.maxClockSkew = maxClockSkew;
    }

    /** A copy with another tolerance between {@code Wechatpay-Timestamp} and receipt. */
    public WeChatNotifications withMaxClockSkew(Duration skew) {
        return new WeChatNotifications(keys, payerIds, skew);
    }

    public Duration maxClockSkew() {
        return maxClockSkew;
    }

    /** What one received notification record is; never throws. */
    public Adapted adapt(String record) {
        return RecordChecks.guarded(() -> adaptChecked(record));
    }

    private Adapted adaptChecked(String record) {
        // 1. The envelope.
        JsonNode root = RecordChecks.readObject(record, "record", MAX_RECORD_CHARS);
        Instant receivedAt = JsonFields.isoTime(root, "received_at", "received_at", true);
        JsonNode headers = JsonFields.object(root, "headers", "headers", true);
        String body = RecordChecks.body(root, "the raw HTTP body");

        // 2. Probe, replay window, key, signature.
        List<String> accounts =
                WeChatSignature.check(headers, body, receivedAt, keys, maxClockSkew);

        // 3. The notification.
        JsonNode notification = RecordChecks.readObject(body, "body", MAX_RECORD_CHARS);
        String id = JsonFields.requiredText(notification, "id", "id");
        RecordChecks.checkId("id", id, MAX_EVENT_ID - EVENT_ID_PREFIX.length());
        String eventType = JsonFields.requiredText(notification, "event_type", "event_type");
        Kind kind = Kind.of(eventType);
        if (kind == null) {
            throw new Invalid("unknown event_type " + Reasons.quote(eventType));
        }
        WeChatResource.Decrypted decrypted = WeChatResource.decrypt(notification, keys, accounts);
        JsonNode plain = decrypted.plain();
        WeChatResource.checkAccount(decrypted.account(), plain);
        return WeChatMapping.map(kind, EVENT_ID_PREFIX + id, notification, plain, payerIds);
    }

    @Override
    public String toString() {
        return "WeChatNotifications["
                + keys
                + ", "
                + payerIds
                + ", maxClockSkew="
                + maxClockSkew
                + "]";
    }
}
