package io.debitwatch.providers.wechat;

import io.debitwatch.providers.keys.ApiV3Key;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AEAD_AES_256_GCM as WeChat Pay APIv3 uses it for notification resources: AES-256 in GCM mode with
 * the APIv3 key, a 12-byte nonce and the associated data given as UTF-8 text, and a 128-bit tag
 * appended to the ciphertext; the whole is base64. Failures are {@link IllegalArgumentException}s
 * whose messages start with "decryption failed:" and contain no key material and no plaintext.
 */
final class AeadAesGcm {

    static final int TAG_BYTES = 16;
    static final int NONCE_BYTES = 12;

    private AeadAesGcm() {}

    /** The plaintext bytes; {@code associatedData} may be null or empty (no AAD). */
    static byte[] decrypt(
            ApiV3Key key, String nonce, String associatedData, String ciphertextBase64) {
        byte[] nonceBytes = nonce.getBytes(StandardCharsets.UTF_8);
        if (nonceBytes.length != NONCE_BYTES) {
            throw new IllegalArgumentException(
                    "decryption failed: resource.nonce must be "
                            + NONCE_BYTES
                            + " bytes, got "
                            + nonceBytes.length);
        }
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(ciphertextBase64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "decryption failed: resource.ciphertext is not base64");
        }
        if (sealed.length < TAG_BYTES) {
            throw new IllegalArgumentException(
                    "decryption failed: resource.ciphertext is "
                            + sealed.length
                            + " bytes, shorter than the "
                            + TAG_BYTES
                            + "-byte tag (truncated)");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE,
                    key.aesKey(),
                    new GCMParameterSpec(TAG_BYTES * 8, nonceBytes));
            if (associatedData != null && !associatedData.isEmpty()) {
                cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            }
            return cipher.doFinal(sealed);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException(
                    "decryption failed: authentication tag mismatch (wrong APIv3 key, or"
                            + " ciphertext, nonce or associated_data altered or truncated)");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "decryption failed: " + e.getClass().getSimpleName());
        }
    }
}
