package io.debitwatch.providers.keys;

import java.io.Serializable;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The WeChat Pay keys that may sign notifications, by the value WeChat Pay sends in the {@code
 * Wechatpay-Serial} header.
 *
 * <p>Two modes exist and may be mixed (during a migration WeChat Pay signs with either):
 *
 * <ul>
 *   <li>platform certificates (平台证书): the serial is the certificate's serial number, in upper-case
 *       hexadecimal; a spec {@code PATH} to the certificate PEM is enough, the serial is read from
 *       the certificate;
 *   <li>platform public key (微信支付公钥): the serial is the public key id shown in the merchant
 *       platform, e.g. {@code PUB_KEY_ID_0112…}; a bare public key carries no id, so the spec must
 *       be {@code SERIAL=PATH}.
 * </ul>
 *
 * <p>Hexadecimal serials are compared without regard to case or leading zeros (a certificate serial
 * may be written either way); other ids exactly. Immutable and serialisable.
 */
public final class WeChatPlatformKeys implements Serializable {

    private static final long serialVersionUID = 1L;

    /** What may stand before {@code =} in a spec: a certificate serial or a public key id. */
    private static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]+");

    /** Normalised serial -> key; insertion-ordered for stable printing. */
    private final LinkedHashMap<String, PublicKey> keys;

    private WeChatPlatformKeys(LinkedHashMap<String, PublicKey> keys) {
        this.keys = keys;
    }

    /**
     * Keys from specs, each {@code PATH} (a platform certificate) or {@code SERIAL=PATH} (a
     * platform public key, or a certificate whose serial must then match). At least one spec.
     */
    public static WeChatPlatformKeys fromSpecs(List<String> specs) {
        if (specs == null || specs.isEmpty()) {
            throw new IllegalArgumentException(
                    "no WeChat Pay platform keys given: give PATH (platform certificate) or"
                            + " SERIAL=PATH (platform public key, e.g. PUB_KEY_ID_…=pub_key.pem)");
        }
        LinkedHashMap<String, PublicKey> map = new LinkedHashMap<>();
        for (String spec : specs) {
            Entry e = entry(spec);
            put(map, e.serial, e.key, spec);
        }
        return new WeChatPlatformKeys(map);
    }

    /** Keys from one spec (see {@link #fromSpecs}). */
    public static WeChatPlatformKeys fromSpec(String spec) {
        return fromSpecs(List.of(spec));
    }

    /** Keys given directly: serial (or public key id) -> RSA public key. */
    public static WeChatPlatformKeys of(Map<String, PublicKey> keys) {
        if (keys == null || keys.isEmpty()) {
            throw new IllegalArgumentException("no WeChat Pay platform keys given");
        }
        LinkedHashMap<String, PublicKey> map = new LinkedHashMap<>();
        for (Map.Entry<String, PublicKey> e : keys.entrySet()) {
            String serial = e.getKey() == null ? "" : e.getKey().strip();
            if (!SERIAL.matcher(serial).matches()) {
                throw new IllegalArgumentException(
                        "bad WeChat Pay serial: expected 1-64 characters of [A-Za-z0-9_-]");
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("no key for serial " + serial);
            }
            put(map, serial, e.getValue(), serial);
        }
        return new WeChatPlatformKeys(map);
    }

    /** The key for a {@code Wechatpay-Serial} value, or null when none is configured. */
    public PublicKey get(String serial) {
        if (serial == null) {
            return null;
        }
        String s = serial.strip();
        if (s.isEmpty() || s.length() > 128) {
            return null;
        }
        return keys.get(normalise(s));
    }

    /** The configured serials (normalised: hexadecimal ones upper case without leading zeros). */
    public Set<String> serials() {
        return Collections.unmodifiableSet(keys.keySet());
    }

    public int size() {
        return keys.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeChatPlatformKeys k && keys.equals(k.keys);
    }

    @Override
    public int hashCode() {
        return keys.hashCode();
    }

    /** Serials only: they are public (sent in every notification), keys are not printed. */
    @Override
    public String toString() {
        return "WeChatPlatformKeys" + keys.keySet();
    }

    private static Entry entry(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty WeChat Pay platform key spec");
        }
        String s = spec.strip();
        int eq = s.indexOf('=');
        // A path may itself contain '='; only a serial-shaped prefix is taken as SERIAL=.
        if (eq > 0 && SERIAL.matcher(s.substring(0, eq)).matches()) {
            String serial = s.substring(0, eq);
            String path = s.substring(eq + 1);
            if (path.isBlank()) {
                throw new IllegalArgumentException("spec " + serial + "= has no PATH");
            }
            Pem.Loaded loaded = Pem.readFile(Path.of(path));
            if (loaded.fromCertificate() && !normalise(loaded.serial()).equals(normalise(serial))) {
                throw new IllegalArgumentException(
                        path
                                + ": certificate serial "
                                + loaded.serial()
                                + " differs from the serial "
                                + serial
                                + " given for it; give PATH alone to use the certificate's"
                                + " serial");
            }
            return new Entry(serial, loaded.publicKey());
        }
        Pem.Loaded loaded = Pem.readFile(Path.of(s));
        if (!loaded.fromCertificate()) {
            throw new IllegalArgumentException(
                    s
                            + ": a public key carries no serial; give it as SERIAL=PATH, with the"
                            + " public key id WeChat Pay sends as Wechatpay-Serial (e.g."
                            + " PUB_KEY_ID_0112…="
                            + s
                            + ")");
        }
        return new Entry(loaded.serial(), loaded.publicKey());
    }

    private static void put(
            LinkedHashMap<String, PublicKey> map, String serial, PublicKey key, String spec) {
        String n = normalise(serial);
        PublicKey before = map.putIfAbsent(n, key);
        if (before != null) {
            throw new IllegalArgumentException(
                    "WeChat Pay serial " + n + " given twice (" + spec + ")");
        }
    }

    /** Hexadecimal serials upper case without leading zeros; other ids as they are. */
    static String normalise(String serial) {
        if (!HEX.matcher(serial).matches()) {
            return serial;
        }
        int i = 0;
        while (i < serial.length() - 1 && serial.charAt(i) == '0') {
            i++;
        }
        return serial.substring(i).toUpperCase(Locale.ROOT);
    }

    private record Entry(String serial, PublicKey key) {}
}
