package io.debitwatch.providers.wechat;

import static io.debitwatch.providers.wechat.WeChatNotifications.PROBE_PREFIX;
import static io.debitwatch.providers.wechat.WeChatNotifications.SIGNATURE_TYPE;

import com.fasterxml.jackson.databind.JsonNode;
import io.debitwatch.providers.Reasons;
import io.debitwatch.providers.RecordChecks.Invalid;
import io.debitwatch.providers.keys.WeChatPlatformKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * The authenticity of a WeChat Pay notification, from its {@code Wechatpay-*} headers: not a
 * signature probe, signed recently enough, under a configured platform key, with a valid
 * SHA256withRSA signature over {@code timestamp\nnonce\nbody\n}.
 */
final class WeChatSignature {

    private WeChatSignature() {}

    /**
     * Checks the headers of a notification against its body; throws {@link Invalid} with the first
     * failure (see {@link WeChatNotifications}, "Checks", steps 2 to 5).
     */
    static void check(
            JsonNode headers,
            String body,
            Instant receivedAt,
            WeChatPlatformKeys platformKeys,
            Duration maxClockSkew) {
        String signature = header(headers, "Wechatpay-Signature");
        if (signature.startsWith(PROBE_PREFIX)) {
            throw new Invalid("signature probe (" + PROBE_PREFIX + "), not a payment notification");
        }
        String serial = header(headers, "Wechatpay-Serial");
        String timestamp = header(headers, "Wechatpay-Timestamp");
        String nonce = header(headers, "Wechatpay-Nonce");
        String signatureType = optionalHeader(headers, "Wechatpay-Signature-Type");
        if (signatureType != null && !SIGNATURE_TYPE.equals(signatureType)) {
            throw new Invalid(
                    "unsupported Wechatpay-Signature-Type "
                            + Reasons.quote(signatureType)
                            + ", expected "
                            + SIGNATURE_TYPE);
        }
        checkFresh(timestamp, receivedAt, maxClockSkew);
        PublicKey key = platformKeys.get(serial);
        if (key == null) {
            throw new Invalid(
                    "unknown Wechatpay-Serial "
                            + Reasons.quote(serial)
                            + ": no platform certificate or public key configured for it");
        }
        verify(key, serial, signature, String.join("\n", timestamp, nonce, body) + "\n");
    }

    private static void checkFresh(String timestamp, Instant receivedAt, Duration maxClockSkew) {
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

    /** Verifies {@code signature} over {@code message}, signed in UTF-8. */
    private static void verify(PublicKey key, String serial, String signature, String message) {
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
            verifier.update(message.getBytes(StandardCharsets.UTF_8));
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
}
