package io.debitwatch.app;

import static io.debitwatch.job.DebitwatchOptions.ALIPAY_ALLOW_SHA1;
import static io.debitwatch.job.DebitwatchOptions.ALIPAY_APP_IDS;
import static io.debitwatch.job.DebitwatchOptions.ALIPAY_PUBLIC_KEY_FILE;
import static io.debitwatch.job.DebitwatchOptions.ALIPAY_SELLER_IDS;
import static io.debitwatch.job.DebitwatchOptions.PAYER_ID_SECRET_FILE;
import static io.debitwatch.job.DebitwatchOptions.PROVIDER_KEYS_DIR;
import static io.debitwatch.job.DebitwatchOptions.PROVIDER_KEYS_POLL_INTERVAL;
import static io.debitwatch.job.DebitwatchOptions.WECHAT_APIV3_KEY_FILE;
import static io.debitwatch.job.DebitwatchOptions.WECHAT_PLATFORM_PUBLIC_KEY_FILES;

import io.debitwatch.job.adapt.KeySource;
import io.debitwatch.job.adapt.PayerIdSecret;
import io.debitwatch.job.adapt.ProviderKeys;
import io.debitwatch.job.adapt.RawFormat;
import io.debitwatch.job.adapt.StatementParser;
import io.debitwatch.job.replay.Replay;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The input files of {@code debitwatch replay} and the keys that read the raw ones: checked
 * together, before Flink starts, and turned into the replay's {@link Replay.Inputs}.
 */
final class ReplayInputOptions {

    @Option(
            names = "--terminal-events",
            required = true,
            paramLabel = "FILE",
            description = "NDJSON file of terminal events.")
    Path terminalEvents;

    @Option(
            names = "--provider-events",
            paramLabel = "FILE",
            description =
                    "NDJSON file of provider events. Optional when raw notifications are given.")
    Path providerEvents;

    @Option(
            names = "--wechat-notifications",
            paramLabel = "FILE",
            description =
                    "NDJSON file of raw WeChat Pay v3 notifications as received (received_at,"
                            + " headers, body), one per line; needs --wechat-apiv3-key-file and"
                            + " --wechat-platform-public-key-file.")
    Path wechatNotifications;

    @Option(
            names = "--alipay-notifications",
            paramLabel = "FILE",
            description =
                    "NDJSON file of raw Alipay notifications as received (received_at, body), one"
                            + " per line; needs --provider-keys-dir, or --alipay-public-key-file and"
                            + " --alipay-app-id.")
    Path alipayNotifications;

    @Option(
            names = "--wechat-bill",
            paramLabel = "FILE",
            description =
                    "WeChat Pay tradebill CSV (bill_type ALL or REFUND, as downloaded; the header"
                            + " tells which): each row becomes a provider event with source"
                            + " STATEMENT. Repeat for several merchants or days.")
    List<Path> wechatBills = new ArrayList<>();

    @Option(
            names = "--alipay-bill",
            paramLabel = "[MERCHANT_ID=]FILE",
            description =
                    "Alipay business-detail statement CSV (业务明细, GBK, as downloaded): each row"
                            + " becomes a provider event with source STATEMENT, of the seller its"
                            + " #账号 line names (or MERCHANT_ID). Repeat for several sellers.")
    List<String> alipayBills = new ArrayList<>();

    @Option(
            names = "--alipay-bill-merchant-id",
            paramLabel = "ID",
            description =
                    "Merchant id for the rows of the one Alipay statement given (default: the"
                            + " account in its #账号 line, without Alipay's 0156 suffix); with"
                            + " several, write MERCHANT_ID=FILE.")
    String alipayBillMerchantId;

    /**
     * The keys of the raw inputs, options of the job too: their names (or, given one at a time, the
     * singular of them) and types are the job's.
     */
    final JobOptionArgs keys =
            new JobOptionArgs()
                    .add(
                            PROVIDER_KEYS_DIR,
                            String.class,
                            "DIR",
                            "Directory of the keys of many merchant accounts, one file per key"
                                    + " (wechat.MCHID.apiv3-key, wechat.MCHID.platform.SERIAL.pem,"
                                    + " alipay.APPID.alipay-public-key.pem, ...; docs/formats.md);"
                                    + " instead of the single-account key options.")
                    .add(
                            PROVIDER_KEYS_POLL_INTERVAL,
                            Duration.class,
                            "DURATION",
                            "How often the key directory is checked for changes (default:"
                                    + " ${DEFAULT-VALUE}).")
                    .add(
                            ALIPAY_ALLOW_SHA1,
                            Boolean.class,
                            null,
                            "Accept Alipay notifications with sign_type=RSA (SHA1withRSA);"
                                    + " refused by default.")
                    .repeatable(
                            WECHAT_PLATFORM_PUBLIC_KEY_FILES,
                            "--wechat-platform-public-key-file",
                            "[SERIAL=]FILE",
                            "WeChat Pay platform certificate (FILE) or platform public key"
                                    + " (SERIAL=FILE, SERIAL being the Wechatpay-Serial it signs with),"
                                    + " PEM; repeat for several.")
                    .repeatable(
                            ALIPAY_APP_IDS,
                            "--alipay-app-id",
                            "APPID",
                            "The merchant's own Alipay app id (app_id); repeat for several. Required with"
                                    + " --alipay-notifications: a notification of any other app_id is a"
                                    + " dead letter.")
                    .repeatable(
                            ALIPAY_SELLER_IDS,
                            "--alipay-seller-id",
                            "ID",
                            "The merchant's Alipay seller id (seller_id, 2088…); repeat for several. When"
                                    + " given, a notification of any other seller_id is a dead letter"
                                    + " (default: any seller of the allowed apps).")
                    .add(
                            WECHAT_APIV3_KEY_FILE,
                            String.class,
                            "FILE",
                            "File holding the WeChat Pay APIv3 key (32 characters).")
                    .add(
                            ALIPAY_PUBLIC_KEY_FILE,
                            String.class,
                            "FILE",
                            "File holding Alipay's public key (支付宝公钥), PEM or bare base64.")
                    .add(
                            PAYER_ID_SECRET_FILE,
                            String.class,
                            "FILE",
                            "File holding the secret (at least 16 bytes) that payer ids of raw"
                                    + " notifications and statement rows are hashed with; else"
                                    + " the environment variable "
                                    + ProviderKeys.PAYER_ID_SECRET_ENV
                                    + ". Without either, payer ids are dropped.");

    /**
     * The replay's inputs, with the adapters of the raw notification files built from their keys.
     * Each raw input needs its keys, and at least one provider input is needed: else an {@link
     * IllegalArgumentException} with a one-line message naming the options.
     */
    Replay.Inputs inputs(PayerIdSecret payerIds) {
        if (providerEvents == null && !readsRaw()) {
            throw new IllegalArgumentException(
                    "no provider input: give --provider-events FILE, --wechat-notifications FILE,"
                            + " --alipay-notifications FILE, --wechat-bill FILE or --alipay-bill"
                            + " FILE");
        }
        if (alipayBillMerchantId != null && alipayBills.size() != 1) {
            throw new IllegalArgumentException(
                    alipayBills.isEmpty()
                            ? "--alipay-bill-merchant-id needs --alipay-bill FILE"
                            : "--alipay-bill-merchant-id is for one --alipay-bill; with several,"
                                    + " give each its own as --alipay-bill MERCHANT_ID=FILE");
        }
        boolean dir = keys.get(PROVIDER_KEYS_DIR) != null;
        if (dir && (wechatNotifications != null || alipayNotifications != null)) {
            refuseSingleAccountKeys();
        }
        if (wechatNotifications != null && !dir) {
            requireKeys(
                    "--wechat-notifications",
                    keys.get(WECHAT_APIV3_KEY_FILE) == null ? "--wechat-apiv3-key-file FILE" : null,
                    keys.list(WECHAT_PLATFORM_PUBLIC_KEY_FILES).isEmpty()
                            ? "--wechat-platform-public-key-file [SERIAL=]FILE"
                            : null);
        }
        if (alipayNotifications != null && !dir) {
            requireKeys(
                    "--alipay-notifications",
                    keys.get(ALIPAY_PUBLIC_KEY_FILE) == null
                            ? "--alipay-public-key-file FILE (Alipay's public key, 支付宝公钥)"
                            : null,
                    keys.list(ALIPAY_APP_IDS).isEmpty()
                            ? "--alipay-app-id APPID (the merchant's own Alipay app id)"
                            : null);
        }
        return new Replay.Inputs(terminalEvents, providerEvents, rawInputs(payerIds));
    }

    /** The key directory replaces the single-account key options: both would be ambiguous. */
    private void refuseSingleAccountKeys() {
        if (keys.get(WECHAT_APIV3_KEY_FILE) != null
                || keys.get(ALIPAY_PUBLIC_KEY_FILE) != null
                || !keys.list(WECHAT_PLATFORM_PUBLIC_KEY_FILES).isEmpty()
                || !keys.list(ALIPAY_APP_IDS).isEmpty()
                || !keys.list(ALIPAY_SELLER_IDS).isEmpty()) {
            throw new IllegalArgumentException(
                    "--provider-keys-dir replaces the single-account key options (--wechat-apiv3-key-file,"
                            + " --wechat-platform-public-key-file, --alipay-public-key-file,"
                            + " --alipay-app-id, --alipay-seller-id): give one or the other");
        }
    }

    /** Refuses {@code input} when a key it needs is missing (the non-null of {@code missing}). */
    private static void requireKeys(String input, String... missing) {
        List<String> absent = new ArrayList<>();
        for (String m : missing) {
            if (m != null) {
                absent.add(m);
            }
        }
        if (!absent.isEmpty()) {
            throw new IllegalArgumentException(
                    input + " needs --provider-keys-dir DIR, or " + String.join(" and ", absent));
        }
    }

    /** The raw inputs given, each with the adapter or parser that reads it. */
    private List<Replay.RawInput> rawInputs(PayerIdSecret payerIds) {
        List<Replay.RawInput> raw = new ArrayList<>();
        if (wechatNotifications != null) {
            KeySource source =
                    directory() != null
                            ? directory()
                            : new KeySource.WeChatFiles(
                                    keys.get(WECHAT_APIV3_KEY_FILE),
                                    keys.list(WECHAT_PLATFORM_PUBLIC_KEY_FILES));
            ProviderKeys.check(source);
            raw.add(
                    new Replay.RawInput(
                            RawFormat.WECHAT_NOTIFICATIONS,
                            wechatNotifications,
                            ProviderKeys.wechatAdapter(source, payerIds)));
        }
        if (alipayNotifications != null) {
            KeySource source =
                    directory() != null
                            ? directory()
                            : new KeySource.AlipayFiles(
                                    keys.get(ALIPAY_PUBLIC_KEY_FILE),
                                    keys.list(ALIPAY_APP_IDS),
                                    keys.list(ALIPAY_SELLER_IDS));
            ProviderKeys.check(source);
            raw.add(
                    new Replay.RawInput(
                            RawFormat.ALIPAY_NOTIFICATIONS,
                            alipayNotifications,
                            ProviderKeys.alipayAdapter(
                                    source, keys.get(ALIPAY_ALLOW_SHA1), payerIds)));
        }
        for (Path bill : wechatBills) {
            raw.add(
                    Replay.RawInput.statement(
                            RawFormat.WECHAT_BILL, bill, StatementParser.wechatBill(payerIds)));
        }
        for (String arg : alipayBills) {
            AlipayBillArg bill = AlipayBillArg.parse(arg, alipayBillMerchantId);
            raw.add(
                    Replay.RawInput.statement(
                            RawFormat.ALIPAY_BILL,
                            bill.file(),
                            StatementParser.alipayStatement(payerIds, bill.merchantId())));
        }
        return raw;
    }

    /** The key directory given, or null. */
    private KeySource.Directory directory() {
        String dir = keys.get(PROVIDER_KEYS_DIR);
        return dir == null
                ? null
                : new KeySource.Directory(dir, keys.get(PROVIDER_KEYS_POLL_INTERVAL));
    }

    /** Whether any raw input (notifications or statements) is given. */
    private boolean readsRaw() {
        return wechatNotifications != null
                || alipayNotifications != null
                || !wechatBills.isEmpty()
                || !alipayBills.isEmpty();
    }

    /**
     * Where payer ids' secret is read from: the secret file, else the environment variable (when
     * {@code envSecret}, its value, is set), else none. The secret is read here once, so that a
     * missing or short one is refused before Flink starts, and forgotten: the adapters and parsers
     * hold the reference and read it again where they run.
     */
    PayerIdSecret payerIdSecret(String envSecret) {
        if (!readsRaw()) {
            return PayerIdSecret.none(); // nothing to hash: a secret is not even read
        }
        PayerIdSecret secret = PayerIdSecret.of(keys.get(PAYER_ID_SECRET_FILE), envSecret);
        ProviderKeys.payerIdsIn(secret, name -> envSecret);
        return secret;
    }

    static String payerIdsLine(PayerIdSecret payerIds) {
        return !(payerIds instanceof PayerIdSecret.None)
                ? "hashed (HMAC-SHA256)"
                : "dropped: no --payer-id-secret-file or " + ProviderKeys.PAYER_ID_SECRET_ENV;
    }
}
