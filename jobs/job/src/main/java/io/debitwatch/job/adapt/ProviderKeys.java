package io.debitwatch.job.adapt;

import static io.debitwatch.job.DebitwatchOptions.ALIPAY_APP_IDS;
import static io.debitwatch.job.DebitwatchOptions.ALIPAY_NOTIFICATIONS_TOPIC;
import static io.debitwatch.job.DebitwatchOptions.ALIPAY_PUBLIC_KEY_FILE;
import static io.debitwatch.job.DebitwatchOptions.ALIPAY_SELLER_IDS;
import static io.debitwatch.job.DebitwatchOptions.PROVIDER_KEYS_DIR;
import static io.debitwatch.job.DebitwatchOptions.PROVIDER_KEYS_POLL_INTERVAL;
import static io.debitwatch.job.DebitwatchOptions.WECHAT_APIV3_KEY_FILE;
import static io.debitwatch.job.DebitwatchOptions.WECHAT_NOTIFICATIONS_TOPIC;
import static io.debitwatch.job.DebitwatchOptions.WECHAT_PLATFORM_PUBLIC_KEY_FILES;

import io.debitwatch.providers.PayerIds;
import io.debitwatch.providers.alipay.AlipayAllowList;
import io.debitwatch.providers.alipay.AlipayKeyring;
import io.debitwatch.providers.alipay.AlipayNotifications;
import io.debitwatch.providers.keys.ApiV3Key;
import io.debitwatch.providers.keys.KeyDirectory;
import io.debitwatch.providers.keys.Pem;
import io.debitwatch.providers.keys.WeChatPlatformKeys;
import io.debitwatch.providers.wechat.WeChatNotifications;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the adapters of raw provider notifications from key files or a key directory, for {@code
 * replay} and {@code run} alike: the adapters in the job graph hold paths only and read the keys
 * where they run ({@link KeyLoadingAdapter}), and so the payer-id secret ({@link PayerIdSecret}).
 * Every failure is an {@link IllegalArgumentException} with a one-line message that names the file
 * or setting and the problem, never key material or the secret.
 */
public final class ProviderKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderKeys.class);

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

    /**
     * How payer ids are replaced where this runs: the secret {@code secret} refers to, read now (on
     * a task manager: when the adapter or parser first needs it). An {@link
     * IllegalArgumentException} names the file or variable and the problem, never the secret.
     */
    public static PayerIds payerIds(PayerIdSecret secret) {
        return payerIdsIn(secret, System::getenv);
    }

    /** As {@link #payerIds(PayerIdSecret)}, with {@code environment} as the environment. */
    public static PayerIds payerIdsIn(PayerIdSecret secret, UnaryOperator<String> environment) {
        if (secret instanceof PayerIdSecret.File f) {
            return payerIds(Path.of(f.path()), null);
        }
        if (secret instanceof PayerIdSecret.Env e) {
            String value = environment.apply(e.variable());
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException(
                        e.variable()
                                + " is not set here: no payer-id secret to hash payer ids with");
            }
            return payerIds(null, value);
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
     * SERIAL=PATH} of a platform public key). The keys are in the adapter: for tests and tools, not
     * for the job graph (see {@link #wechatAdapter}).
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
     * merchant's own {@code appIds} (at least one) and {@code sellerIds} (empty: any seller). The
     * key is in the adapter: for tests and tools, not for the job graph (see {@link
     * #alipayAdapter}).
     */
    public static AlipayNotifications alipay(
            Path publicKeyFile, List<String> appIds, List<String> sellerIds, PayerIds payerIds) {
        AlipayAllowList allowed = AlipayAllowList.of(appIds, sellerIds);
        return new AlipayNotifications(Pem.publicKeyFile(publicKeyFile), allowed, payerIds);
    }

    /**
     * The adapter of raw WeChat Pay notifications for the job: it reads its keys from {@code
     * source} and the payer-id secret from {@code payerIdSecret} where it runs (see {@link
     * KeyLoadingAdapter}); serialised, it holds paths and names only.
     */
    public static RecordAdapter wechatAdapter(KeySource source, PayerIdSecret payerIdSecret) {
        return new KeyLoadingAdapter(() -> loadWeChat(source, payerIds(payerIdSecret)));
    }

    /** The adapter of raw Alipay notifications for the job (see {@link #wechatAdapter}). */
    public static RecordAdapter alipayAdapter(
            KeySource source, boolean allowSha1, PayerIdSecret payerIdSecret) {
        return new KeyLoadingAdapter(() -> loadAlipay(source, allowSha1, payerIds(payerIdSecret)));
    }

    private static RecordAdapter loadWeChat(KeySource source, PayerIds payerIds) {
        if (source instanceof KeySource.Directory d) {
            KeyDirectory dir = directory(d);
            return record ->
                    new WeChatNotifications(
                                    dir.current(),
                                    payerIds,
                                    WeChatNotifications.DEFAULT_MAX_CLOCK_SKEW)
                            .adapt(record);
        }
        if (source instanceof KeySource.WeChatFiles f) {
            return wechat(Path.of(f.apiV3KeyFile()), f.platformKeySpecs(), payerIds)::adapt;
        }
        throw new IllegalArgumentException("no WeChat Pay keys in " + source);
    }

    private static RecordAdapter loadAlipay(
            KeySource source, boolean allowSha1, PayerIds payerIds) {
        if (source instanceof KeySource.Directory d) {
            KeyDirectory dir = directory(d);
            return record ->
                    new AlipayNotifications(dir.current(), payerIds, allowSha1).adapt(record);
        }
        if (source instanceof KeySource.AlipayFiles f) {
            AlipayKeyring keys =
                    AlipayKeyring.of(
                            Pem.publicKeyFile(Path.of(f.publicKeyFile())),
                            AlipayAllowList.of(f.appIds(), f.sellerIds()));
            return new AlipayNotifications(keys, payerIds, allowSha1)::adapt;
        }
        throw new IllegalArgumentException("no Alipay keys in " + source);
    }

    /**
     * Reads the keys of {@code source} once and forgets them, so that a missing or bad key fails
     * the submission with one line; returns a summary without key material. A key directory that
     * cannot be listed here is only reported: the task managers may see it where this process does
     * not.
     */
    public static String check(KeySource source) {
        if (source instanceof KeySource.Directory d) {
            Path path = Path.of(d.path());
            if (!Files.isDirectory(path)) {
                return "key directory " + path + " not visible here (read on the task managers)";
            }
            List<String> problems = new ArrayList<>();
            KeyDirectory dir = KeyDirectory.open(path, d.pollInterval(), collect(problems));
            return "keys from " + path + ": " + dir.current() + problemsLine(problems);
        }
        if (source instanceof KeySource.WeChatFiles f) {
            wechat(Path.of(f.apiV3KeyFile()), f.platformKeySpecs(), PayerIds.none());
            return "WeChat Pay keys from " + f.apiV3KeyFile();
        }
        KeySource.AlipayFiles f = (KeySource.AlipayFiles) source;
        alipay(Path.of(f.publicKeyFile()), f.appIds(), f.sellerIds(), PayerIds.none());
        return "Alipay key from " + f.publicKeyFile();
    }

    private static String problemsLine(List<String> problems) {
        return problems.isEmpty() ? "" : "; problems: " + String.join("; ", problems);
    }

    private static KeyDirectory.Log collect(List<String> problems) {
        return new KeyDirectory.Log() {
            @Override
            public void info(String line) {}

            @Override
            public void warn(String line) {
                problems.add(line);
            }
        };
    }

    /**
     * The key directory at {@code d}, one per directory and poll interval in this JVM (a task
     * manager's parallel sources share it, and poll it once).
     */
    static KeyDirectory directory(KeySource.Directory d) {
        return DIRECTORIES.computeIfAbsent(
                d, k -> KeyDirectory.open(Path.of(k.path()), k.pollInterval(), LOGGED));
    }

    private static final Map<KeySource.Directory, KeyDirectory> DIRECTORIES =
            new ConcurrentHashMap<>();

    private static final KeyDirectory.Log LOGGED =
            new KeyDirectory.Log() {
                @Override
                public void info(String line) {
                    LOG.info(line);
                }

                @Override
                public void warn(String line) {
                    LOG.warn(line);
                }
            };

    /**
     * The WeChat Pay key source of the job's options: the key directory, else the single-account
     * options; an {@link IllegalArgumentException} naming what is missing or conflicting.
     */
    public static KeySource wechatSource(Configuration conf) {
        boolean single =
                present(conf, WECHAT_APIV3_KEY_FILE)
                        || !list(conf, WECHAT_PLATFORM_PUBLIC_KEY_FILES).isEmpty();
        KeySource dir =
                directorySource(
                        conf,
                        single,
                        "--"
                                + WECHAT_APIV3_KEY_FILE.key()
                                + " and --"
                                + WECHAT_PLATFORM_PUBLIC_KEY_FILES.key());
        if (dir != null) {
            return dir;
        }
        List<String> missing = new ArrayList<>();
        if (!present(conf, WECHAT_APIV3_KEY_FILE)) {
            missing.add("--" + WECHAT_APIV3_KEY_FILE.key() + " FILE");
        }
        List<String> platformKeys = list(conf, WECHAT_PLATFORM_PUBLIC_KEY_FILES);
        if (platformKeys.isEmpty()) {
            missing.add("--" + WECHAT_PLATFORM_PUBLIC_KEY_FILES.key() + " [SERIAL=]FILE[;...]");
        }
        requireAll("--" + WECHAT_NOTIFICATIONS_TOPIC.key(), missing);
        return new KeySource.WeChatFiles(conf.get(WECHAT_APIV3_KEY_FILE).strip(), platformKeys);
    }

    /** The Alipay key source of the job's options (see {@link #wechatSource}). */
    public static KeySource alipaySource(Configuration conf) {
        boolean single =
                present(conf, ALIPAY_PUBLIC_KEY_FILE) || !list(conf, ALIPAY_APP_IDS).isEmpty();
        KeySource dir =
                directorySource(
                        conf,
                        single,
                        "--" + ALIPAY_PUBLIC_KEY_FILE.key() + " and --" + ALIPAY_APP_IDS.key());
        if (dir != null) {
            return dir;
        }
        List<String> missing = new ArrayList<>();
        if (!present(conf, ALIPAY_PUBLIC_KEY_FILE)) {
            missing.add("--" + ALIPAY_PUBLIC_KEY_FILE.key() + " FILE (Alipay's public key, 支付宝公钥)");
        }
        List<String> appIds = list(conf, ALIPAY_APP_IDS);
        if (appIds.isEmpty()) {
            missing.add(
                    "--"
                            + ALIPAY_APP_IDS.key()
                            + " APPID[;APPID...] (the merchant's own Alipay app ids)");
        }
        requireAll("--" + ALIPAY_NOTIFICATIONS_TOPIC.key(), missing);
        return new KeySource.AlipayFiles(
                conf.get(ALIPAY_PUBLIC_KEY_FILE).strip(), appIds, list(conf, ALIPAY_SELLER_IDS));
    }

    /** The key directory when given; null when not; refused together with single-account keys. */
    private static KeySource directorySource(
            Configuration conf, boolean single, String singleOptions) {
        if (!present(conf, PROVIDER_KEYS_DIR)) {
            return null;
        }
        if (single) {
            throw new IllegalArgumentException(
                    "--"
                            + PROVIDER_KEYS_DIR.key()
                            + " replaces "
                            + singleOptions
                            + ": give either the key directory or the single-account key options");
        }
        Duration poll = conf.get(PROVIDER_KEYS_POLL_INTERVAL);
        if (poll.isNegative() || poll.isZero()) {
            throw new IllegalArgumentException(
                    "--" + PROVIDER_KEYS_POLL_INTERVAL.key() + " must be positive");
        }
        return new KeySource.Directory(conf.get(PROVIDER_KEYS_DIR).strip(), poll);
    }

    private static void requireAll(String input, List<String> missing) {
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(
                    input
                            + " needs --"
                            + PROVIDER_KEYS_DIR.key()
                            + " DIR, or "
                            + String.join(" and ", missing));
        }
    }

    private static boolean present(Configuration conf, ConfigOption<String> option) {
        return conf.getOptional(option).map(String::strip).filter(v -> !v.isEmpty()).isPresent();
    }

    private static List<String> list(Configuration conf, ConfigOption<List<String>> option) {
        List<String> values = new ArrayList<>();
        for (String v : conf.getOptional(option).orElse(List.of())) {
            if (v != null && !v.isBlank()) {
                values.add(v.strip());
            }
        }
        return values;
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
