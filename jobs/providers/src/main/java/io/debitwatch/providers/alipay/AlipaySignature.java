package io.debitwatch.providers.alipay;

import io.debitwatch.providers.Reasons;
import io.debitwatch.providers.RecordChecks.Invalid;
import java.nio.charset.Charset;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The RSA2 (or, when allowed, RSA) signature of an Alipay asynchronous notification, checked over
 * the content Alipay's own SDK builds from the decoded parameters (see {@link AlipayNotifications},
 * "Signature").
 */
final class AlipaySignature {

    private AlipaySignature() {}

    /**
     * Checks {@code sign_type} and {@code sign} of the decoded parameters against any of {@code
     * keys}; throws {@link Invalid} with the first failure.
     *
     * @param charset the body's charset, in which the signed content is encoded
     * @param allowSha1 whether {@code sign_type=RSA} (SHA1withRSA) is accepted
     */
    static void verify(
            TreeMap<String, String> params,
            Charset charset,
            List<PublicKey> keys,
            boolean allowSha1) {
        String algorithm = algorithm(params.get("sign_type"), allowSha1);
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
        byte[] content = signedContent(params).getBytes(charset);
        for (PublicKey key : keys) {
            if (verifies(algorithm, key, content, signature)) {
                return;
            }
        }
        throw new Invalid(
                "bad signature: "
                        + params.get("sign_type")
                        + " verification failed"
                        + (keys.size() > 1
                                ? " under each of the app's " + keys.size() + " keys"
                                : ""));
    }

    /** The JCA algorithm of {@code signType}: RSA2, or RSA when allowed; else {@link Invalid}. */
    static String algorithm(String signType, boolean allowSha1) {
        if (signType == null || signType.isEmpty()) {
            throw new Invalid("missing sign_type (must be RSA2)");
        }
        if (signType.equals("RSA2")) {
            return "SHA256withRSA";
        }
        if (signType.equals("RSA")) {
            if (allowSha1) {
                return "SHA1withRSA";
            }
            throw new Invalid(
                    "sign_type \"RSA\" not accepted: only RSA2 (SHA256withRSA); SHA1withRSA is"
                            + " refused unless alipay-allow-sha1 is set");
        }
        throw new Invalid(
                "sign_type "
                        + Reasons.quote(signType)
                        + " not accepted: only RSA2 (SHA256withRSA)");
    }

    private static boolean verifies(
            String algorithm, PublicKey key, byte[] content, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(key);
            verifier.update(content);
            return verifier.verify(signature);
        } catch (SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new Invalid("signature check impossible (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * The signed content, as Alipay's Java SDK builds it for asynchronous notifications
     * (alipay/alipay-sdk-java-all, com.alipay.api.internal.util.AlipaySignature.rsaCheckV1 ->
     * getSignCheckContentV1): drop sign and sign_type, sort by name, skip every parameter whose
     * value is empty or only whitespace (StringUtils.areNotEmpty/isEmpty), append the others as k=v
     * joined by '&', values as decoded and untrimmed. Older SDK sources (e.g. commit 3d4870e) kept
     * empty values as "k="; the current one skips them, as its getSignContent does when signing.
     * TreeMap order is String.compareTo, the SDK's Collections.sort order.
     */
    private static String signedContent(TreeMap<String, String> params) {
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
        return content.toString();
    }

    /**
     * A value the signed content leaves out (the SDK's {@code StringUtils.isEmpty}: empty or only
     * {@link Character#isWhitespace} characters, which is {@link String#isBlank}).
     */
    static boolean unsigned(String value) {
        return value == null || value.isBlank();
    }
}
