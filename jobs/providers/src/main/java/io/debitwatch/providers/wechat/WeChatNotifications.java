package io.debitwatch.providers.wechat;

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
import io.debitwatch.providers.keys.ApiV3Key;
import io.debitwatch.providers.keys.WeChatPlatformKeys;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
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
 *   <li>SHA256withRSA over {@code timestamp\nnonce\nbody\n};
 *   <li>{@code event_type} is one of TRANSACTION.SUCCESS, REFUND.SUCCESS, REFUND.ABNORMAL,
 *       REFUND.CLOSED (WeChat Pay v3 sends no other payment or refund notification; e.g. there is
 *       no TRANSACTION.CLOSED notification);
 *   <li>{@code resource} decrypts with AEAD_AES_256_GCM under the APIv3 key (nonce and
 *       associated_data as UTF-8; the last 16 bytes of the ciphertext are the tag);
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

    private static final String DEFAULT_CURRENCY = "CNY";
    private static final String EVENT_ID_PREFIX = "wxn-";
    private static final int MAX_ID = 64;
    private static final int MAX_EVENT_ID = 128;

    private final WeChatPlatformKeys platformKeys;
    private final ApiV3Key apiV3Key;
    private final PayerIds payerIds;
    private final Duration maxClockSkew;

    /** With the default clock skew of 5 minutes. */
    public WeChatNotifications(
            WeChatPlatformKeys platformKeys, ApiV3Key apiV3Key, PayerIds payerIds) {
        this(platformKeys, apiV3Key, payerIds, DEFAULT_MAX_CLOCK_SKEW);
    }

    public WeChatNotifications(
            WeChatPlatformKeys platformKeys,
            ApiV3Key apiV3Key,
            PayerIds payerIds,
            Duration maxClockSkew) {
        this.platformKeys = Objects.requireNonNull(platformKeys, "platformKeys");
        this.apiV3Key = Objects.requireNonNull(apiV3Key, "apiV3Key");
        this.payerIds = Objects.requireNonNull(payerIds, "payerIds");
        Objects.requireNonNull(maxClockSkew, "maxClockSkew");
        if (maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("maxClockSkew must not be negative");
        }
        this.maxClockSkew = maxClockSkew;
    }

    /** A copy with another tolerance between {@code Wechatpay-Timestamp} and receipt. */
    public WeChatNotifications withMaxClockSkew(Duration skew) {
        return new WeChatNotifications(platformKeys, apiV3Key, payerIds, skew);
    }

    public WeChatPlatformKeys platformKeys() {
        return platformKeys;
    }

    public Duration maxClockSkew() {
        return maxClockSkew;
    }

    @Override
    public String toString() {
        return "WeChatNotifications["
                + platformKeys
                + ", "
                + apiV3Key
                + ", "
                + payerIds
                + ", maxClockSkew="
                + maxClockSkew
                + "]";
    }

    /** What one received notification record is; never throws. */
    public Adapted adapt(String record) {
        return RecordChecks.guarded(() -> adaptChecked(record));
    }

    private Adapted adaptChecked(String record) {
        // 1. The envelope.
        JsonNode root = RecordChecks.readObject(record, "record", MAX_RECORD_CHARS);
        Instant receivedAt = isoTime(root, "received_at", "received_at", true);
        JsonNode headerNode = root.get("headers");
        if (headerNode == null || headerNode.isNull()) {
            throw new Invalid("missing field headers");
        }
        if (!headerNode.isObject()) {
            throw new Invalid("headers must be an object");
        }
        JsonNode bodyNode = root.get("body");
        if (bodyNode == null || bodyNode.isNull()) {
            throw new Invalid("missing field body");
        }
        if (!bodyNode.isTextual()) {
            throw new Invalid("body must be a string (the raw HTTP body)");
        }
        String body = bodyNode.textValue();

        // 2. Probe, replay window, key, signature.
        String signature = header(headerNode, "Wechatpay-Signature");
        if (signature.startsWith(PROBE_PREFIX)) {
            throw new Invalid("signature probe (" + PROBE_PREFIX + "), not a payment notification");
        }
        String serial = header(headerNode, "Wechatpay-Serial");
        String timestamp = header(headerNode, "Wechatpay-Timestamp");
        String nonce = header(headerNode, "Wechatpay-Nonce");
        String signatureType = optionalHeader(headerNode, "Wechatpay-Signature-Type");
        if (signatureType != null && !SIGNATURE_TYPE.equals(signatureType)) {
            throw new Invalid(
                    "unsupported Wechatpay-Signature-Type "
                            + Reasons.quote(signatureType)
                            + ", expected "
                            + SIGNATURE_TYPE);
        }
        checkFresh(timestamp, receivedAt);
        PublicKey key = platformKeys.get(serial);
        if (key == null) {
            throw new Invalid(
                    "unknown Wechatpay-Serial "
                            + Reasons.quote(serial)
                            + ": no platform certificate or public key configured for it");
        }
        verify(key, serial, signature, timestamp, nonce, body);

        // 3. The notification.
        JsonNode notification = RecordChecks.readObject(body, "body", MAX_RECORD_CHARS);
        String id = requiredText(notification, "id", "id");
        RecordChecks.checkId("id", id, MAX_EVENT_ID - EVENT_ID_PREFIX.length());
        String eventType = requiredText(notification, "event_type", "event_type");
        Kind kind = Kind.of(eventType);
        if (kind == null) {
            throw new Invalid("unknown event_type " + Reasons.quote(eventType));
        }
        JsonNode resource = notification.get("resource");
        if (resource == null || resource.isNull()) {
            throw new Invalid("missing field resource");
        }
        if (!resource.isObject()) {
            throw new Invalid("resource must be an object");
        }
        JsonNode plain = RecordChecks.readObject(decrypt(resource), "decrypted resource");
        String eventId = EVENT_ID_PREFIX + id;
        return switch (kind) {
            case TRANSACTION_SUCCESS -> transaction(eventId, plain);
            case REFUND_SUCCESS -> refund(eventId, plain);
            case REFUND_ABNORMAL, REFUND_CLOSED -> refundNotice(kind, notification, plain);
        };
    }

    private void checkFresh(String timestamp, Instant receivedAt) {
        if (timestamp.isEmpty() || timestamp.length() > 12 || !Reasons.digits(timestamp)) {
            throw new Invalid(
                    "Wechatpay-Timestamp must be epoch seconds, got " + Reasons.quote(timestamp));
        }
        Instant signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
        Duration skew = Duration.between(signedAt, receivedAt).abs();
        if (skew.compareTo(maxClockSkew) > 0) {
            throw new Invalid(
                    "stale notification: Wechatpay-Timestamp is "
                            + skew.toSeconds()
                            + " s "
                            + (signedAt.isBefore(receivedAt) ? "before" : "after")
                            + " received_at, limit "
                            + maxClockSkew.toSeconds()
                            + " s (replayed or clock wrong)");
        }
    }

    private static void verify(
            PublicKey key,
            String serial,
            String signature,
            String timestamp,
            String nonce,
            String body) {
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            throw new Invalid("bad signature: Wechatpay-Signature is not base64");
        }
        boolean ok;
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            // Signed message: timestamp \n nonce \n body \n, in UTF-8.
            verifier.update(timestamp.getBytes(StandardCharsets.UTF_8));
            verifier.update((byte) '\n');
            verifier.update(nonce.getBytes(StandardCharsets.UTF_8));
            verifier.update((byte) '\n');
            verifier.update(body.getBytes(StandardCharsets.UTF_8));
            verifier.update((byte) '\n');
            ok = verifier.verify(sig);
        } catch (java.security.SignatureException e) {
            ok = false; // e.g. a signature of the wrong length
        } catch (GeneralSecurityException e) {
            throw new Invalid(
                    "signature check impossible for Wechatpay-Serial "
                            + Reasons.quote(serial)
                            + " ("
                            + e.getClass().getSimpleName()
                            + ")");
        }
        if (!ok) {
            throw new Invalid(
                    "bad signature: SHA256withRSA verification failed for Wechatpay-Serial "
                            + Reasons.quote(serial));
        }
    }

    private byte[] decrypt(JsonNode resource) {
        String algorithm = requiredText(resource, "algorithm", "resource.algorithm");
        if (!ALGORITHM.equals(algorithm)) {
            throw new Invalid(
                    "unsupported resource.algorithm "
                            + Reasons.quote(algorithm)
                            + ", expected "
                            + ALGORITHM);
        }
        String ciphertext = requiredText(resource, "ciphertext", "resource.ciphertext");
        String nonce = requiredText(resource, "nonce", "resource.nonce");
        String aad = optionalText(resource, "associated_data", "resource.associated_data");
        try {
            return AeadAesGcm.decrypt(apiV3Key, nonce, aad, ciphertext);
        } catch (IllegalArgumentException e) {
            throw new Invalid(e.getMessage());
        }
    }

    private Adapted transaction(String eventId, JsonNode t) {
        String tradeState = requiredText(t, "trade_state", "trade_state");
        if (!"SUCCESS".equals(tradeState)) {
            throw new Invalid("TRANSACTION.SUCCESS with trade_state " + Reasons.quote(tradeState));
        }
        String merchantId = merchantId(t);
        String outTradeNo = id(t, "out_trade_no", "out_trade_no");
        String txnId = id(t, "transaction_id", "transaction_id");
        Instant successTime = isoTime(t, "success_time", "success_time", true);
        JsonNode amount = object(t, "amount", "amount", true);
        long total = amount(amount, "total", "amount.total", true);
        Long payerTotal = amount(amount, "payer_total", "amount.payer_total", false);
        String currency = currency(amount);
        String payerRef = payerIds.ref(Provider.WECHAT.name(), payerId(t));
        String deviceId = deviceId(t);
        return Adapted.Events.of(
                new ProviderEvent(
                        eventId,
                        successTime,
                        Provider.WECHAT,
                        merchantId,
                        outTradeNo,
                        txnId,
                        ProviderSource.NOTIFY,
                        ProviderStatus.DEBITED,
                        total,
                        currency,
                        payerTotal,
                        null,
                        null,
                        payerRef,
                        deviceId));
    }

    private Adapted refund(String eventId, JsonNode r) {
        String status = optionalText(r, "refund_status", "refund_status");
        if (status != null && !"SUCCESS".equals(status)) {
            throw new Invalid("REFUND.SUCCESS with refund_status " + Reasons.quote(status));
        }
        String merchantId = merchantId(r);
        String outTradeNo = id(r, "out_trade_no", "out_trade_no");
        String txnId = id(r, "transaction_id", "transaction_id");
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
                new ProviderEvent(
                        eventId,
                        successTime,
                        Provider.WECHAT,
                        merchantId,
                        outTradeNo,
                        txnId,
                        ProviderSource.NOTIFY,
                        ProviderStatus.REFUNDED,
                        total,
                        currency(amount),
                        null,
                        refund,
                        outRefundNo,
                        null,
                        null));
    }

    private Adapted refundNotice(Kind kind, JsonNode notification, JsonNode r) {
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

    // ---- JSON helpers -------------------------------------------------------------------------

    private static String header(JsonNode headers, String name) {
        String v = optionalHeader(headers, name);
        if (v == null) {
            throw new Invalid("missing header " + name);
        }
        if (v.isEmpty()) {
            throw new Invalid("empty header " + name);
        }
        return v;
    }

    /** Case-insensitive; the same header twice (in any case) is ambiguous. */
    private static String optionalHeader(JsonNode headers, String name) {
        String found = null;
        boolean seen = false;
        for (Map.Entry<String, JsonNode> e : headers.properties()) {
            if (!e.getKey().equalsIgnoreCase(name)) {
                continue;
            }
            if (seen) {
                throw new Invalid("header " + name + " given twice");
            }
            seen = true;
            JsonNode v = e.getValue();
            if (v == null || v.isNull()) {
                continue;
            }
            if (!v.isTextual()) {
                throw new Invalid("header " + name + " must be a string");
            }
            found = v.textValue();
        }
        return found;
    }

    /** The field's value, or null when it is absent (an error if {@code required}). */
    private static JsonNode present(JsonNode o, String field, String shown, boolean required) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new Invalid("missing field " + shown);
            }
            return null;
        }
        return v;
    }

    private static JsonNode object(JsonNode o, String field, String shown, boolean required) {
        JsonNode v = present(o, field, shown, required);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            throw new Invalid(shown + " must be an object");
        }
        return v;
    }

    private static String optionalText(JsonNode o, String field, String shown) {
        JsonNode v = present(o, field, shown, false);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw new Invalid(shown + " must be a string");
        }
        return v.textValue();
    }

    private static String requiredText(JsonNode o, String field, String shown) {
        String v = optionalText(o, field, shown);
        if (v == null) {
            throw new Invalid("missing field " + shown);
        }
        if (v.isBlank()) {
            throw new Invalid(shown + " must not be empty");
        }
        return v;
    }

    private static String id(JsonNode o, String field, String shown) {
        return RecordChecks.checkId(shown, requiredText(o, field, shown), MAX_ID);
    }

    private static Long amount(JsonNode o, String field, String shown, boolean required) {
        JsonNode v = present(o, field, shown, required);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber()) {
            throw new Invalid(shown + " must be an integer number of fen");
        }
        if (!v.canConvertToLong() || v.longValue() > Yuan.MAX_FEN) {
            throw new Invalid(shown + " absurdly large (above " + Yuan.MAX_FEN + " fen)");
        }
        if (v.longValue() < 0) {
            throw new Invalid(shown + " must not be negative, got " + v.longValue());
        }
        return v.longValue();
    }

    private static Instant isoTime(JsonNode o, String field, String shown, boolean required) {
        present(o, field, shown, required);
        String v = optionalText(o, field, shown);
        if (v == null) {
            return null;
        }
        Instant t = IsoTime.parse(v);
        if (t == null) {
            throw new Invalid(shown + " is not an ISO-8601 time with offset: " + Reasons.quote(v));
        }
        return RecordChecks.inRange(t, shown, v);
    }

    // ---- reasons ------------------------------------------------------------------------------

    private enum Kind {
        TRANSACTION_SUCCESS,
        REFUND_SUCCESS,
        REFUND_ABNORMAL,
        REFUND_CLOSED;

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
}
