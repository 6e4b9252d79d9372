package io.debitwatch.providers.wechat;

import static io.debitwatch.providers.wechat.WeChatNotifications.PROBE_PREFIX;
import static io.debitwatch.providers.wechat.WeChatNotifications.SIGNATURE_TYPE;

import com.fasterxml.jackson.databind.JsonNode;
import io.debitwatch.providers.Reasons;
import io.debitwatch.providers.RecordChecks.Invalid;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
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
     *
     * @return the accounts of the keys that verify the signature (at least one; an account may be
     *     null, see {@link WeChatKeyring.PlatformKey})
     */
    static List<String> check(
            JsonNode headers,
            String body,
            Instant receivedAt,
            WeChatKeyring keys,
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
        List<WeChatKeyring.PlatformKey> candidates = keys.platformKeys(serial);
        if (candidates.isEmpty()) {
            throw new Invalid(
                    "unknown Wechatpay-Serial "
                            + Reasons.quote(serial)
                            + ": "
                            + keys.unknownSerial(serial));
        }
        byte[] sig = base64(signature);
        byte[] message =
                (String.join("\n", timestamp, nonce, body) + "\n").getBytes(StandardCharsets.UTF_8);
        // One serial may be configured for several accounts (a certificate they share): each
        // account whose key verifies may own the notification; decryption decides.
        List<String> accounts = new ArrayList<>(1);
        for (WeChatKeyring.PlatformKey candidate : candidates) {
            if (verifies(candidate.key(), serial, sig, message)) {
                accounts.add(candidate.account());
            }
        }
        if (accounts.isEmpty()) {
            throw new Invalid(
                    "bad signature: SHA256withRSA verification failed for Wechatpay-Serial "
                            + Reasons.quote(serial));
        }
        return accounts;
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

    private static byte[] base64(String signature) {
        try {
            return Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            throw new Invalid("bad signature: Wechatpay-Signature is not base64");
        }
    }

    /** Whether {@code sig} is a valid signature of {@code message} under {@code key}. */
    private static boolean verifies(PublicKey key, String serial, byte[] sig, byte[] message) {
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(sig);
        } catch (java.security.SignatureException e) {
            return false; // e.g. a signature of the wrong length
        } catch (GeneralSecurityException e) {
            throw new Invalid(
                    "signature check impossible for Wechatpay-Serial "
                            + Reasons.quote(serial)
                            + " ("
                            + e.getClass().getSimpleName()
                            + ")");
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
