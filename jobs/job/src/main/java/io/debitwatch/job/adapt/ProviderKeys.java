package io.debitwatch.job.adapt;

import io.debitwatch.providers.PayerIds;
import io.debitwatch.providers.alipay.AlipayAllowList;
import io.debitwatch.providers.alipay.AlipayNotifications;
import io.debitwatch.providers.keys.ApiV3Key;
import io.debitwatch.providers.keys.Pem;
import io.debitwatch.providers.keys.WeChatPlatformKeys;
import io.debitwatch.providers.wechat.WeChatNotifications;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the adapters of raw provider notifications from key files, for {@code replay} and {@code
 * run} alike. Every failure is an {@link IllegalArgumentException} with a one-line message that
 * names the file or setting and the problem, never key material or the secret.
 */
public final class ProviderKeys {

    /** Environment variable with the payer-id hash secret, when no secret file is given. */
    public static final String PAYER_ID_SECRET_ENV = "DEBITWATCH_PAYER_ID_SECRET";

    /** A larger file is certainly not a secret meant for this. */
    private static final int MAX_SECRET_BYTES = 4096;

    private ProviderKeys() {}

    /**
     * How payer ids (openid, buyer_id) are replaced before they enter the job: a keyed hash under
     * the secret in {@code secretFile} (one trailing newline ignored), else under {@code envSecret}
     * (the value of {@link #PAYER_ID_SECRET_ENV}), else dropped. A secret needs at least 16 bytes.
     */
    public static PayerIds payerIds(Path secretFile, String envSecret) {
        if (secretFile != null) {
            byte[] raw;
            try {
                if (Files.size(secretFile) > MAX_SECRET_BYTES) {
                    throw new IllegalArgumentException(
                            secretFile + ": too large for a payer-id secret");
                }
                raw = Files.readAllBytes(secretFile);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException(secretFile + ": payer-id secret file not found");
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        secretFile
                                + ": cannot read payer-id secret file ("
                                + e.getClass().getSimpleName()
                                + ")");
            }
            byte[] secret = withoutTrailingNewline(raw);
            Arrays.fill(raw, (byte) 0);
            return hmac(secret, secretFile.toString());
        }
        if (envSecret != null && !envSecret.isEmpty()) {
            return hmac(
                    withoutTrailingNewline(envSecret.getBytes(StandardCharsets.UTF_8)),
                    PAYER_ID_SECRET_ENV);
        }
        return PayerIds.none();
    }

    /** The hashing of {@code secret}, read from {@code origin}; the secret is wiped after. */
    private static PayerIds hmac(byte[] secret, String origin) {
        try {
            return PayerIds.hmac(secret);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(origin + ": " + e.getMessage());
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * The adapter of WeChat Pay v3 notifications: the APIv3 key from {@code apiV3KeyFile}, the
     * platform keys from {@code platformKeySpecs} ({@code PATH} of a platform certificate or {@code
     * SERIAL=PATH} of a platform public key).
     */
    public static WeChatNotifications wechat(
            Path apiV3KeyFile, List<String> platformKeySpecs, PayerIds payerIds) {
        return new WeChatNotifications(
                WeChatPlatformKeys.fromSpecs(platformKeySpecs),
                ApiV3Key.fromFile(apiV3KeyFile),
                payerIds);
    }

    /**
     * The adapter of Alipay notifications, with Alipay's public key (支付宝公钥) from a file, for the
     * merchant's own {@code appIds} (at least one) and {@code sellerIds} (empty: any seller).
     */
    public static AlipayNotifications alipay(
            Path publicKeyFile, List<String> appIds, List<String> sellerIds, PayerIds payerIds) {
        AlipayAllowList allowed = AlipayAllowList.of(appIds, sellerIds);
        return new AlipayNotifications(Pem.publicKeyFile(publicKeyFile), allowed, payerIds);
    }

    private static byte[] withoutTrailingNewline(byte[] raw) {
        int n = raw.length;
        if (n > 0 && raw[n - 1] == '\n') {
            n--;
            if (n > 0 && raw[n - 1] == '\r') {
                n--;
            }
        }
        return Arrays.copyOf(raw, n);
    }
}
