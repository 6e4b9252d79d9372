package io.debitwatch.providers.keys;

import io.debitwatch.providers.alipay.AlipayKeyring;
import io.debitwatch.providers.keys.KeyFileName.Kind;
import io.debitwatch.providers.wechat.WeChatKeyring;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The keys of every account read from the key directory at one time ({@link KeyDirectory}): the
 * WeChat Pay platform keys by serial (each with its account) and APIv3 keys by account, Alipay's
 * public keys and sellers by app. Immutable; built with {@link Builder}. Printing it shows accounts
 * and counts, never keys.
 */
public final class ProviderKeySet implements WeChatKeyring, AlipayKeyring {

    private static final long serialVersionUID = 1L;

    /** An empty set: every notification is rejected for want of a key. */
    public static final ProviderKeySet EMPTY = new Builder().build();

    private final Map<String, List<PlatformKey>> platformBySerial;
    private final Map<String, List<ApiV3Key>> apiV3ByAccount;
    private final Map<String, App> apps;
    private final Set<String> wechatAccounts;

    private ProviderKeySet(Builder b) {
        this.platformBySerial = frozen(b.platformBySerial);
        this.apiV3ByAccount = frozen(b.apiV3ByAccount);
        Map<String, App> apps = new TreeMap<>();
        Set<String> appIds = new TreeSet<>(b.alipayKeys.keySet());
        appIds.addAll(b.sellers.keySet());
        appIds.addAll(b.sellerProblems.keySet());
        for (String appId : appIds) {
            apps.put(
                    appId,
                    new App(
                            appId,
                            b.alipayKeys.getOrDefault(appId, List.of()),
                            b.sellers.get(appId),
                            b.sellerProblems.get(appId)));
        }
        this.apps = Collections.unmodifiableMap(apps);
        this.wechatAccounts = Collections.unmodifiableSet(new TreeSet<>(b.wechatAccounts));
    }

    private static <T> Map<String, List<T>> frozen(Map<String, List<T>> in) {
        Map<String, List<T>> out = new HashMap<>();
        in.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(out);
    }

    @Override
    public List<PlatformKey> platformKeys(String serial) {
        if (serial == null || serial.isBlank() || serial.length() > 128) {
            return List.of();
        }
        return platformBySerial.getOrDefault(
                WeChatPlatformKeys.normalise(serial.strip()), List.of());
    }

    @Override
    public List<ApiV3Key> apiV3Keys(String account) {
        return account == null ? List.of() : apiV3ByAccount.getOrDefault(account, List.of());
    }

    @Override
    public String unknownSerial(String serial) {
        return "no merchant has a platform key file (wechat.<mchid>.platform.<serial>.pem) for it";
    }

    @Override
    public String apiV3KeySource(String account) {
        return "key file wechat." + account + "." + Kind.WECHAT_APIV3_KEY.label();
    }

    @Override
    public App app(String appId) {
        return appId == null ? null : apps.get(appId);
    }

    @Override
    public String unknownApp(String appId) {
        return "has no key file alipay."
                + appId
                + ".alipay-public-key.pem (or .alipay-cert.pem): not one of the acquirer's apps";
    }

    /** The WeChat Pay accounts with at least one key file. */
    public Set<String> wechatAccounts() {
        return wechatAccounts;
    }

    /** The Alipay app ids with at least one file. */
    public Set<String> alipayApps() {
        return apps.keySet();
    }

    /** Accounts and counts only. */
    @Override
    public String toString() {
        int platform = 0;
        for (List<PlatformKey> keys : platformBySerial.values()) {
            platform += keys.size();
        }
        return "ProviderKeySet["
                + wechatAccounts.size()
                + " WeChat Pay accounts with "
                + platform
                + " platform keys, "
                + apps.size()
                + " Alipay apps]";
    }

    /** Collects the keys of one reading of the directory. */
    public static final class Builder {
        private final Map<String, List<PlatformKey>> platformBySerial = new HashMap<>();
        private final Map<String, List<ApiV3Key>> apiV3ByAccount = new HashMap<>();
        private final Map<String, List<PublicKey>> alipayKeys = new HashMap<>();
        private final Map<String, Set<String>> sellers = new HashMap<>();
        private final Map<String, String> sellerProblems = new HashMap<>();
        private final Set<String> wechatAccounts = new TreeSet<>();

        /** A platform key of {@code account} signing under {@code serial}. */
        public Builder platformKey(String account, String serial, PublicKey key) {
            wechatAccounts.add(account);
            platformBySerial
                    .computeIfAbsent(WeChatPlatformKeys.normalise(serial), s -> new ArrayList<>())
                    .add(new PlatformKey(account, key));
            return this;
        }

        /** An APIv3 key of {@code account}. */
        public Builder apiV3Key(String account, ApiV3Key key) {
            wechatAccounts.add(account);
            apiV3ByAccount.computeIfAbsent(account, a -> new ArrayList<>()).add(key);
            return this;
        }

        /** A public key of Alipay for {@code appId}. */
        public Builder alipayKey(String appId, PublicKey key) {
            alipayKeys.computeIfAbsent(appId, a -> new ArrayList<>()).add(key);
            return this;
        }

        /** The allowed sellers of {@code appId}. */
        public Builder sellers(String appId, Set<String> sellerIds) {
            sellers.put(appId, Set.copyOf(sellerIds));
            return this;
        }

        /** {@code appId}'s sellers list is unusable: no seller is accepted, for {@code problem}. */
        public Builder sellersProblem(String appId, String problem) {
            sellerProblems.put(appId, problem);
            return this;
        }

        public ProviderKeySet build() {
            return new ProviderKeySet(this);
        }
    }
}
