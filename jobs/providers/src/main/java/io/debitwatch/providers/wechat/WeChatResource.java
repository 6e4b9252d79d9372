package io.debitwatch.providers.wechat;

import static io.debitwatch.providers.wechat.JsonFields.optionalText;
import static io.debitwatch.providers.wechat.JsonFields.requiredText;
import static io.debitwatch.providers.wechat.WeChatNotifications.ALGORITHM;

import com.fasterxml.jackson.databind.JsonNode;
import io.debitwatch.providers.Reasons;
import io.debitwatch.providers.RecordChecks;
import io.debitwatch.providers.RecordChecks.Invalid;
import io.debitwatch.providers.keys.ApiV3Key;
import java.util.List;

/**
 * The encrypted {@code resource} of a WeChat Pay notification, decrypted with AEAD_AES_256_GCM
 * under the APIv3 key of the account whose platform key signed it ({@link AeadAesGcm}) and read as
 * the JSON object it holds.
 */
final class WeChatResource {

    private WeChatResource() {}

    /** A decrypted resource and the account whose APIv3 key decrypted it (null: any). */
    record Decrypted(String account, JsonNode plain) {}

    /**
     * The {@code resource} of {@code notification} decrypted under the APIv3 key(s) of the first of
     * {@code accounts} that has one that decrypts it; throws {@link Invalid}.
     */
    static Decrypted decrypt(JsonNode notification, WeChatKeyring keys, List<String> accounts) {
        IllegalArgumentException failure = null;
        String keyless = null;
        for (String account : accounts) {
            List<ApiV3Key> apiV3Keys = keys.apiV3Keys(account);
            if (apiV3Keys.isEmpty()) {
                keyless = keyless == null ? account : keyless;
                continue;
            }
            for (ApiV3Key key : apiV3Keys) {
                try {
                    return new Decrypted(account, decrypt(notification, key));
                } catch (Undecryptable e) {
                    failure = e.cause;
                }
            }
        }
        if (failure == null) {
            throw new Invalid(
                    "no APIv3 key for WeChat Pay merchant "
                            + Reasons.quote(String.valueOf(keyless))
                            + " (kind apiv3-key, "
                            + keys.apiV3KeySource(keyless)
                            + "): its notifications cannot be decrypted");
        }
        throw new Invalid(
                failure.getMessage()
                        + (accounts.size() == 1 && accounts.get(0) == null
                                ? ""
                                : " under the APIv3 key of merchant "
                                        + Reasons.quote(String.valueOf(accounts.get(0)))));
    }

    /** A decryption that failed: under another key it might not. */
    private static final class Undecryptable extends RuntimeException {
        private final IllegalArgumentException cause;

        Undecryptable(IllegalArgumentException cause) {
            super(null, null, false, false);
            this.cause = cause;
        }
    }

    /**
     * The merchant the decrypted resource is about ({@code sp_mchid} of a service provider's
     * notification, else {@code mchid}) must be {@code account}, the owner of the keys that
     * verified and decrypted it (null: any).
     */
    static void checkAccount(String account, JsonNode plain) {
        if (account == null) {
            return;
        }
        String sp = optionalText(plain, "sp_mchid", "sp_mchid");
        String field = sp != null ? "sp_mchid" : "mchid";
        String named = sp != null ? sp : optionalText(plain, "mchid", "mchid");
        if (!account.equals(named)) {
            throw new Invalid(
                    "decrypted "
                            + field
                            + " "
                            + (named == null ? "missing" : Reasons.quote(named))
                            + " is not merchant "
                            + Reasons.quote(account)
                            + ", whose platform key and APIv3 key verified and decrypted it");
        }
    }

    /** The decrypted {@code resource} under one key; throws {@link Invalid}. */
    private static JsonNode decrypt(JsonNode notification, ApiV3Key apiV3Key) {
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
            throw new Undecryptable(e);
        }
        return RecordChecks.readObject(plain, "decrypted resource");
    }
}
