package io.debitwatch.providers.alipay;

import java.io.Serializable;
import java.security.PublicKey;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Alipay's public keys by the app ({@code app_id}) they verify notifications of, with each app's
 * allowed sellers. An app without a key is not the acquirer's: its notifications are rejected, as
 * Alipay's instructions for asynchronous notifications require.
 */
public interface AlipayKeyring extends Serializable {

    /**
     * One app's keys and sellers.
     *
     * @param appId the app id
     * @param keys Alipay's public keys for the app (from a public key or an Alipay public-key
     *     certificate); several during a change, a signature verifying under any of them
     * @param sellerIds when not null, the only {@code seller_id}s accepted (empty: none); null: any
     *     seller
     * @param sellerProblem when not null, why no seller is accepted (an unreadable sellers list)
     */
    record App(String appId, List<PublicKey> keys, Set<String> sellerIds, String sellerProblem)
            implements Serializable {
        public App {
            Objects.requireNonNull(appId, "appId");
            keys = List.copyOf(keys);
            sellerIds = sellerIds == null ? null : Set.copyOf(sellerIds);
        }

        boolean allowsSeller(String sellerId) {
            return sellerProblem == null && (sellerIds == null || sellerIds.contains(sellerId));
        }
    }

    /** The app's keys, or null when the app has none. */
    App app(String appId);

    /** The reason for a notification of an app without keys, naming where its key would be. */
    String unknownApp(String appId);

    /** The single-account options: one key for every allowed app id, one seller list for all. */
    static AlipayKeyring of(PublicKey alipayPublicKey, AlipayAllowList allowed) {
        return new Single(alipayPublicKey, allowed);
    }

    /** The keyring of {@link #of}. */
    record Single(PublicKey key, AlipayAllowList allowed) implements AlipayKeyring {
        public Single {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(allowed, "allowed");
        }

        @Override
        public App app(String appId) {
            if (!allowed.allowsApp(appId)) {
                return null;
            }
            Set<String> sellers = allowed.sellerIds().isEmpty() ? null : allowed.sellerIds();
            return new App(appId, List.of(key), sellers, null);
        }

        @Override
        public String unknownApp(String appId) {
            return "is not one of the merchant's Alipay app ids: a notification for another app";
        }

        @Override
        public String toString() {
            return "app ids "
                    + allowed.appIds()
                    + ", "
                    + (allowed.sellerIds().isEmpty()
                            ? "any seller"
                            : allowed.sellerIds().size() + " seller ids");
        }
    }
}
