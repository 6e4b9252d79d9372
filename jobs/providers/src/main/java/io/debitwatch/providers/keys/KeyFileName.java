package io.debitwatch.providers.keys;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a file of the key directory holds, read from its name alone: the provider, the account and
 * the kind of key. The names are flat (a Kubernetes Secret's keys cannot contain {@code /}), made
 * of {@code [A-Za-z0-9._-]}, dot-separated:
 *
 * <ul>
 *   <li>{@code wechat.<mchid>.apiv3-key[.<label>]}: the APIv3 key of a direct merchant ({@code
 *       mchid}) or a service provider ({@code sp_mchid});
 *   <li>{@code wechat.<mchid>.platform.<serial>.pem}: a WeChat Pay platform public key ({@code
 *       PUB_KEY_ID_…}) or platform certificate (its serial in hexadecimal) that signs that
 *       account's notifications;
 *   <li>{@code alipay.<app_id>.alipay-public-key[.<label>].pem}: Alipay's public key for an app;
 *   <li>{@code alipay.<app_id>.alipay-cert[.<label>].pem}: Alipay's public-key certificate for an
 *       app (public-key certificate mode);
 *   <li>{@code alipay.<app_id>.sellers}: the app's allowed {@code seller_id}s, one a line.
 * </ul>
 *
 * A label tells apart two keys of one kind during a change (e.g. {@code .next}).
 *
 * @param provider {@code wechat} or {@code alipay}
 * @param account the mchid or app_id
 * @param kind what the file holds
 * @param serial the platform key's serial ({@link Kind#WECHAT_PLATFORM}), else null
 */
public record KeyFileName(String provider, String account, Kind kind, String serial) {

    /** The kinds of key file. */
    public enum Kind {
        WECHAT_APIV3_KEY("apiv3-key"),
        WECHAT_PLATFORM("platform"),
        ALIPAY_PUBLIC_KEY("alipay-public-key"),
        ALIPAY_CERT("alipay-cert"),
        ALIPAY_SELLERS("sellers");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The kind as its file names spell it, e.g. {@code apiv3-key}. */
        public String label() {
            return label;
        }
    }

    private static final String ID = "[A-Za-z0-9_-]{1,64}";
    private static final String LABEL = "(?:\\.[A-Za-z0-9_-]{1,32})?";

    private static final Pattern WECHAT =
            Pattern.compile(
                    "wechat\\.("
                            + ID
                            + ")\\.(?:(apiv3-key)"
                            + LABEL
                            + "|platform\\.("
                            + ID
                            + ")\\.pem)");

    private static final Pattern ALIPAY =
            Pattern.compile(
                    "alipay\\.("
                            + ID
                            + ")\\.(?:(alipay-public-key|alipay-cert)"
                            + LABEL
                            + "\\.pem|(sellers))");

    /**
     * The meaning of {@code name}; null for a name that is not a key file of either provider (see
     * {@link #isKeyLike}).
     */
    public static KeyFileName parse(String name) {
        Matcher w = WECHAT.matcher(name);
        if (w.matches()) {
            return w.group(2) != null
                    ? new KeyFileName("wechat", w.group(1), Kind.WECHAT_APIV3_KEY, null)
                    : new KeyFileName("wechat", w.group(1), Kind.WECHAT_PLATFORM, w.group(3));
        }
        Matcher a = ALIPAY.matcher(name);
        if (a.matches()) {
            Kind kind =
                    a.group(3) != null
                            ? Kind.ALIPAY_SELLERS
                            : a.group(2).equals("alipay-cert")
                                    ? Kind.ALIPAY_CERT
                                    : Kind.ALIPAY_PUBLIC_KEY;
            return new KeyFileName("alipay", a.group(1), kind, null);
        }
        return null;
    }

    /** Whether {@code name} looks meant for the key directory (it starts with a provider). */
    public static boolean isKeyLike(String name) {
        return name.startsWith("wechat.") || name.startsWith("alipay.");
    }

    /**
     * How a log line or reason names the file's account and kind, e.g. {@code wechat 190…
     * apiv3-key}.
     */
    public String describe() {
        return provider + " " + account + " " + kind.label() + (serial == null ? "" : " " + serial);
    }
}
