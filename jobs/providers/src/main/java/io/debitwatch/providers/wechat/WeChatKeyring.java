package io.debitwatch.providers.wechat;

import io.debitwatch.providers.keys.ApiV3Key;
import io.debitwatch.providers.keys.WeChatPlatformKeys;
import java.io.Serializable;
import java.security.PublicKey;
import java.util.List;
import java.util.Objects;

/**
 * The WeChat Pay keys of the accounts (商户号) whose notifications the job reads: the platform keys
 * that sign them, by the {@code Wechatpay-Serial} they sign under, each belonging to an account,
 * and each account's APIv3 key(s).
 *
 * <p>A notification names its merchant only inside the encrypted {@code resource}, so the account
 * is found before decryption from the serial: the account of the platform key that verifies the
 * signature is the one whose APIv3 key decrypts the resource (see {@link WeChatNotifications}).
 */
public interface WeChatKeyring extends Serializable {

    /**
     * A platform key and the account it belongs to: a direct merchant's {@code mchid} or a service
     * provider's {@code sp_mchid}; null for the single account of {@link #single}, whose
     * notifications may name any merchant.
     */
    record PlatformKey(String account, PublicKey key) implements Serializable {
        public PlatformKey {
            Objects.requireNonNull(key, "key");
        }
    }

    /** The keys configured for a {@code Wechatpay-Serial} value; empty when none. */
    List<PlatformKey> platformKeys(String serial);

    /** The APIv3 keys of {@code account} (several during a key change); empty when none. */
    List<ApiV3Key> apiV3Keys(String account);

    /**
     * Why no key is configured for {@code serial}, for the reason of a notification signed under
     * it.
     */
    default String unknownSerial(String serial) {
        return "no platform certificate or public key configured for it";
    }

    /**
     * Where the APIv3 key of {@code account} would be configured, for the reason of a notification
     * that has none (e.g. {@code key file wechat.1900000001.apiv3-key}).
     */
    default String apiV3KeySource(String account) {
        return "an APIv3 key";
    }

    /** One account's keys (the single-account options): its notifications may name any mchid. */
    static WeChatKeyring single(WeChatPlatformKeys platformKeys, ApiV3Key apiV3Key) {
        return new Single(platformKeys, apiV3Key);
    }

    /** The keyring of {@link #single}. */
    record Single(WeChatPlatformKeys platformKeys, ApiV3Key apiV3Key) implements WeChatKeyring {
        public Single {
            Objects.requireNonNull(platformKeys, "platformKeys");
            Objects.requireNonNull(apiV3Key, "apiV3Key");
        }

        @Override
        public List<PlatformKey> platformKeys(String serial) {
            PublicKey key = platformKeys.get(serial);
            return key == null ? List.of() : List.of(new PlatformKey(null, key));
        }

        @Override
        public List<ApiV3Key> apiV3Keys(String account) {
            return List.of(apiV3Key);
        }

        @Override
        public String toString() {
            return platformKeys + ", " + apiV3Key;
        }
    }
}
