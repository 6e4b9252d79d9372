package io.debitwatch.providers.alipay;

import java.io.Serializable;
import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The merchant's own Alipay app ids and, optionally, seller ids. Alipay's instructions for its
 * asynchronous notifications (异步通知验签) say to check, after the signature, that {@code app_id} (and
 * {@code seller_id}) are the merchant's own: a genuine notification signed by Alipay for another
 * app or seller is not about this merchant's sales.
 *
 * @param appIds at least one app id; a notification of any other {@code app_id} is rejected
 * @param sellerIds when not empty, a notification of any other {@code seller_id} is rejected
 */
public record AlipayAllowList(Set<String> appIds, Set<String> sellerIds) implements Serializable {

    public AlipayAllowList {
        appIds = clean("app id", appIds);
        sellerIds = clean("seller id", sellerIds);
        if (appIds.isEmpty()) {
            throw new IllegalArgumentException(
                    "at least one Alipay app id (app_id) is required: notifications of other apps"
                            + " are not the merchant's");
        }
    }

    /** The allow-list of {@code appIds} and {@code sellerIds} (null or empty: any seller). */
    public static AlipayAllowList of(Collection<String> appIds, Collection<String> sellerIds) {
        return new AlipayAllowList(
                appIds == null ? Set.of() : new TreeSet<>(appIds),
                sellerIds == null ? Set.of() : new TreeSet<>(sellerIds));
    }

    boolean allowsApp(String appId) {
        return appIds.contains(appId);
    }

    boolean allowsSeller(String sellerId) {
        return sellerIds.isEmpty() || sellerIds.contains(sellerId);
    }

    private static Set<String> clean(String what, Collection<String> ids) {
        TreeSet<String> out = new TreeSet<>();
        if (ids != null) {
            for (String id : ids) {
                if (id == null || id.isBlank()) {
                    throw new IllegalArgumentException("an Alipay " + what + " must not be blank");
                }
                out.add(id.strip());
            }
        }
        return Collections.unmodifiableSet(out);
    }
}
