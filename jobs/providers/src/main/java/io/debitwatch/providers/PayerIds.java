package io.debitwatch.providers;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns payer identifiers (WeChat {@code payer.openid}, Alipay {@code buyer_id} / {@code
 * buyer_logon_id}, statement payer columns) into a keyed hash before they enter state or any
 * output: {@code h1:} + the first 16 bytes of HMAC-SHA256(secret, provider + ":" + id), in hex. The
 * same payer under the same secret always gives the same reference, so operators can still see that
 * two orders were paid by one person; without the secret the reference reveals nothing.
 *
 * <p>{@link #none()} drops payer identifiers altogether (used when no secret is configured).
 * Instances are immutable and thread-safe; the secret is never printed.
 */
public final class PayerIds implements java.io.Serializable {

    private static final long serialVersionUID = 1L;
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MIN_SECRET_BYTES = 16;

    private final byte[] secret;

    private PayerIds(byte[] secret) {
        this.secret = secret;
    }

    /** Hashing with {@code secret} (at least 16 bytes). */
    public static PayerIds hmac(byte[] secret) {
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "the payer-id hash secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        return new PayerIds(secret.clone());
    }

    /** No secret: payer identifiers are dropped, never passed on. */
    public static PayerIds none() {
        return new PayerIds(null);
    }

    public boolean enabled() {
        return secret != null;
    }

    /**
     * The reference for {@code id} of {@code provider}, or null when {@code id} is null or blank or
     * no secret is configured.
     */
    public String ref(String provider, String id) {
        if (secret == null || id == null || id.isBlank()) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            mac.update(provider.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) ':');
            byte[] h = mac.doFinal(id.strip().getBytes(StandardCharsets.UTF_8));
            return "h1:" + HexFormat.of().formatHex(h, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PayerIds p && MessageDigest.isEqual(secretOrEmpty(), p.secretOrEmpty());
    }

    @Override
    public int hashCode() {
        return enabled() ? 1 : 0;
    }

    @Override
    public String toString() {
        return enabled() ? "PayerIds[HMAC-SHA256, secret hidden]" : "PayerIds[dropped]";
    }

    private byte[] secretOrEmpty() {
        return secret == null ? new byte[0] : secret;
    }
}
