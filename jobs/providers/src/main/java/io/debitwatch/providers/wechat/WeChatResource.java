package io.debitwatch.providers.wechat;

import static io.debitwatch.providers.wechat.JsonFields.optionalText;
import static io.debitwatch.providers.wechat.JsonFields.requiredText;
import static io.debitwatch.providers.wechat.WeChatNotifications.ALGORITHM;

import com.fasterxml.jackson.databind.JsonNode;
import io.debitwatch.providers.Reasons;
import io.debitwatch.providers.RecordChecks;
import io.debitwatch.providers.RecordChecks.Invalid;
import io.debitwatch.providers.keys.ApiV3Key;

/**
 * The encrypted {@code resource} of a WeChat Pay notification, decrypted with AEAD_AES_256_GCM
 * under the merchant's APIv3 key ({@link AeadAesGcm}) and read as the JSON object it holds.
 */
final class WeChatResource {

    private WeChatResource() {}

    /** The decrypted {@code resource} of {@code notification}; throws {@link Invalid}. */
    static JsonNode decrypt(JsonNode notification, ApiV3Key apiV3Key) {
        JsonNode resource = notification.get("resource");
        if (resource == null || resource.isNull()) {
            throw new Invalid("missing field resource");
        }
        if (!resource.isObject()) {
            throw new Invalid("resource must be an object");
        }
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
        byte[] plain;
        try {
            plain = AeadAesGcm.decrypt(apiV3Key, nonce, aad, ciphertext);
        } catch (IllegalArgumentException e) {
            throw new Invalid(e.getMessage());
        }
        return RecordChecks.readObject(plain, "decrypted resource");
    }
}
