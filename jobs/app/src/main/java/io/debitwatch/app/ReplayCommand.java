package io.debitwatch.app;

import io.debitwatch.core.detect.DetectorConfig;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.job.adapt.ProviderKeys;
import io.debitwatch.job.adapt.RawFormat;
import io.debitwatch.job.adapt.StatementParser;
import io.debitwatch.job.io.ClockSkew;
import io.debitwatch.job.replay.AsOf;
import io.debitwatch.job.replay.Replay;
import io.debitwatch.job.replay.ReplayIO;
import io.debitwatch.providers.PayerIds;
import io.debitwatch.providers.alipay.AlipayNotifications;
import io.debitwatch.providers.wechat.WeChatNotifications;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code debitwatch replay}: the job, bounded, over NDJSON files. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description =
                "Run the detector over NDJSON files (terminal events; provider events and/or raw"
                        + " WeChat Pay and Alipay notifications) and write alerts.ndjson,"
                        + " refund-requests.ndjson, notifications.ndjson and dead-letters.ndjson.")
final class ReplayCommand implements Callable<Integer> {

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
                            + " per line; needs --alipay-public-key-file and --alipay-app-id.")
    Path alipayNotifications;

    @Option(
            names = "--wechat-bill",
            paramLabel = "FILE",
            description =
                    "WeChat Pay tradebill CSV (bill_type ALL, as downloaded): each row becomes a"
                            + " provider event with source STATEMENT.")
    Path wechatBill;

    @Option(
            names = "--alipay-bill",
            paramLabel = "FILE",
            description =
                    "Alipay business-detail statement CSV (业务明细, GBK, as downloaded): each row"
                            + " becomes a provider event with source STATEMENT.")
    Path alipayBill;

    @Option(
            names = "--alipay-bill-merchant-id",
            paramLabel = "ID",
            description =
                    "Merchant id for the Alipay statement's rows (default: the account in its"
                            + " #账号 line, without Alipay's 0156 suffix).")
    String alipayBillMerchantId;

    @Option(
            names = "--wechat-apiv3-key-file",
            paramLabel = "FILE",
            description = "File holding the WeChat Pay APIv3 key (32 characters).")
    Path wechatApiV3KeyFile;

    @Option(
            names = "--wechat-platform-public-key-file",
            paramLabel = "[SERIAL=]FILE",
            description =
                    "WeChat Pay platform certificate (FILE) or platform public key"
                            + " (SERIAL=FILE, SERIAL being the Wechatpay-Serial it signs with),"
                            + " PEM; repeat for several.")
    List<String> wechatPlatformKeys = new ArrayList<>();

    @Option(
            names = "--alipay-public-key-file",
            paramLabel = "FILE",
            description = "File holding Alipay's public key (支付宝公钥), PEM or bare base64.")
    Path alipayPublicKeyFile;

    @Option(
            names = "--alipay-app-id",
            paramLabel = "APPID",
            description =
                    "The merchant's own Alipay app id (app_id); repeat for several. Required with"
                            + " --alipay-notifications: a notification of any other app_id is a"
                            + " dead letter.")
    List<String> alipayAppIds = new ArrayList<>();

    @Option(
            names = "--alipay-seller-id",
            paramLabel = "ID",
            description =
                    "The merchant's Alipay seller id (seller_id, 2088…); repeat for several. When"
                            + " given, a notification of any other seller_id is a dead letter"
                            + " (default: any seller of the allowed apps).")
    List<String> alipaySellerIds = new ArrayList<>();

    @Option(
            names = "--payer-id-secret-file",
            paramLabel = "FILE",
            description =
                    "File holding the secret (at least 16 bytes) that payer ids of raw"
                            + " notifications and statement rows are hashed with; else the"
                            + " environment variable "
                            + ProviderKeys.PAYER_ID_SECRET_ENV
                            + ". Without either, payer ids are dropped.")
    Path payerIdSecretFile;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Output folder (created if missing; the four files are overwritten).")
    Path out;

    @Option(
            names = "--as-of",
            paramLabel = "TIME|horizon",
            description =
                    "Decide only decision points up to this event time (ISO-8601 with offset);"
                            + " orders cut by it go to open-orders.ndjson, for the next replay to"
                            + " decide. Default: the latest event time among the accepted records,"
                            + " so that a day's input replayed alone never refunds an order whose"
                            + " result is in the next day's input. 'horizon' decides every point"
                            + " up to every order's horizon (complete inputs, benchmarks, tests).")
    String asOf = "latest";

    @Option(
            names = "--max-clock-skew",
            paramLabel = "DURATION",
            description =
                    "A record dated further ahead of the wall clock is a dead letter and moves no"
                            + " event time (default: 5m).")
    Duration maxClockSkew = ClockSkew.DEFAULT_MAX_SKEW;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            description = "Parallelism of the detector (default: ${DEFAULT-VALUE}).")
    int parallelism = 2;

    @Mixin DetectorOptions detector = new DetectorOptions();

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Replay.Inputs inputs;
        PayerIds payerIds;
        AsOf until;
        ClockSkew skew;
        try {
            // Everything about inputs and keys is checked before Flink starts.
            until = AsOf.parse(asOf);
            skew = clockSkew();
            payerIds = payerIds(System.getenv(ProviderKeys.PAYER_ID_SECRET_ENV));
            inputs = inputs(payerIds);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("debitwatch replay: " + e.getMessage());
            return 2;
        }
        Replay.Summary s = run(inputs, out, detector.toConfig(), until, skew, parallelism);
        print(s, out, System.out, inputs.raw().isEmpty() ? null : payerIdsLine(payerIds));
        return 0;
    }

    private ClockSkew clockSkew() {
        if (maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("--max-clock-skew must not be negative");
        }
        return ClockSkew.of(maxClockSkew);
    }

    /**
     * The replay's inputs, with the adapters of the raw notification files built from their keys.
     * Each raw input needs its keys, and at least one provider input is needed: else an {@link
     * IllegalArgumentException} with a one-line message naming the options.
     */
    Replay.Inputs inputs(PayerIds payerIds) {
        if (providerEvents == null
                && wechatNotifications == null
                && alipayNotifications == null
                && wechatBill == null
                && alipayBill == null) {
            throw new IllegalArgumentException(
                    "no provider input: give --provider-events FILE, --wechat-notifications FILE,"
                            + " --alipay-notifications FILE, --wechat-bill FILE or --alipay-bill"
                            + " FILE");
        }
        if (alipayBillMerchantId != null && alipayBill == null) {
            throw new IllegalArgumentException(
                    "--alipay-bill-merchant-id needs --alipay-bill FILE");
        }
        List<String> missing = new ArrayList<>();
        if (wechatNotifications != null) {
            if (wechatApiV3KeyFile == null) {
                missing.add("--wechat-apiv3-key-file FILE");
            }
            if (wechatPlatformKeys.isEmpty()) {
                missing.add("--wechat-platform-public-key-file [SERIAL=]FILE");
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException(
                        "--wechat-notifications needs " + String.join(" and ", missing));
            }
        }
        if (alipayNotifications != null) {
            if (alipayPublicKeyFile == null) {
                missing.add("--alipay-public-key-file FILE (Alipay's public key, 支付宝公钥)");
            }
            if (alipayAppIds.isEmpty()) {
                missing.add("--alipay-app-id APPID (the merchant's own Alipay app id)");
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException(
                        "--alipay-notifications needs " + String.join(" and ", missing));
            }
        }
        List<Replay.RawInput> raw = new ArrayList<>();
        if (wechatNotifications != null) {
            WeChatNotifications wechat =
                    ProviderKeys.wechat(wechatApiV3KeyFile, wechatPlatformKeys, payerIds);
            raw.add(
                    new Replay.RawInput(
                            RawFormat.WECHAT_NOTIFICATIONS, wechatNotifications, wechat::adapt));
        }
        if (alipayNotifications != null) {
            AlipayNotifications alipay =
                    ProviderKeys.alipay(
                            alipayPublicKeyFile, alipayAppIds, alipaySellerIds, payerIds);
            raw.add(
                    new Replay.RawInput(
                            RawFormat.ALIPAY_NOTIFICATIONS, alipayNotifications, alipay::adapt));
        }
        if (wechatBill != null) {
            raw.add(
                    Replay.RawInput.statement(
                            RawFormat.WECHAT_BILL,
                            wechatBill,
                            StatementParser.wechatBill(payerIds)));
        }
        if (alipayBill != null) {
            raw.add(
                    Replay.RawInput.statement(
                            RawFormat.ALIPAY_BILL,
                            alipayBill,
                            StatementParser.alipayStatement(payerIds, alipayBillMerchantId)));
        }
        return new Replay.Inputs(terminalEvents, providerEvents, raw);
    }

    /** Payer ids are hashed with the secret file's secret, else the environment's, else dropped. */
    PayerIds payerIds(String envSecret) {
        if (wechatNotifications == null
                && alipayNotifications == null
                && wechatBill == null
                && alipayBill == null) {
            return PayerIds.none(); // nothing to hash: a secret is not even read
        }
        return ProviderKeys.payerIds(payerIdSecretFile, envSecret);
    }

    static String payerIdsLine(PayerIds payerIds) {
        return payerIds.enabled()
                ? "hashed (HMAC-SHA256)"
                : "dropped: no --payer-id-secret-file or " + ProviderKeys.PAYER_ID_SECRET_ENV;
    }

    static Replay.Summary run(
            Path terminal,
            Path provider,
            Path out,
            DetectorConfig config,
            AsOf asOf,
            int parallelism)
            throws Exception {
        return run(Replay.Inputs.of(terminal, provider), out, config, asOf, parallelism);
    }

    static Replay.Summary run(
            Replay.Inputs inputs, Path out, DetectorConfig config, AsOf asOf, int parallelism)
            throws Exception {
        return run(inputs, out, config, asOf, ClockSkew.defaults(), parallelism);
    }

    static Replay.Summary run(
            Replay.Inputs inputs,
            Path out,
            DetectorConfig config,
            AsOf asOf,
            ClockSkew clockSkew,
            int parallelism)
            throws Exception {
        Path work = Files.createTempDirectory("debitwatch-replay");
        try {
            return Replay.run(
                    inputs,
                    out,
                    config,
                    asOf,
                    clockSkew,
                    LocalFlink.configuration(parallelism, work));
        } finally {
            WorkDirs.deleteQuietly(work);
        }
    }

    static void print(Replay.Summary s, Path out, PrintStream o) {
        print(s, out, o, null);
    }

    /**
     * The summary; {@code payerIds}, when not null, says what became of the payer ids of raw
     * notifications.
     */
    static void print(Replay.Summary s, Path out, PrintStream o, String payerIds) {
        o.printf(Locale.ROOT, "debitwatch replay — %s%n", out);
        StringBuilder perInput = new StringBuilder();
        perInput.append(String.format(Locale.ROOT, "terminal %,d", s.terminalRecords()));
        if (s.providerRecords() > 0 || s.rawRecords().isEmpty()) {
            perInput.append(String.format(Locale.ROOT, ", provider %,d", s.providerRecords()));
        }
        s.rawRecords()
                .forEach(
                        (format, n) ->
                                perInput.append(
                                        String.format(Locale.ROOT, ", %s %,d", format.label(), n)));
        o.printf(Locale.ROOT, "  records read      %,d (%s)%n", s.recordsRead(), perInput);
        if (payerIds != null) {
            o.printf(Locale.ROOT, "  payer ids         %s%n", payerIds);
        }
        o.printf(Locale.ROOT, "  dead letters      %,d%n", s.deadLetters());
        o.printf(Locale.ROOT, "  alerts            %,d%n", s.alerts());
        for (AlertType t : AlertType.values()) {
            o.printf(Locale.ROOT, "    %-19s %,d%n", t, s.alertsByType().get(t));
        }
        o.printf(Locale.ROOT, "  refund requests   %,d%n", s.refundRequests());
        o.printf(
                Locale.ROOT,
                "  open orders       %,d (%s; in %s)%n",
                s.openOrders(),
                s.asOfMillis() == Long.MAX_VALUE
                        ? "as of every order's horizon"
                        : s.asOfMillis() == Long.MIN_VALUE
                                ? "no accepted record: nothing decided"
                                : "decided as of " + Instant.ofEpochMilli(s.asOfMillis()),
                ReplayIO.OPEN_ORDERS_FILE);
        o.printf(
                Locale.ROOT,
                "  notifications     %,d (early warnings %,d%s)%n",
                s.notifications(),
                s.earlyWarnings(),
                s.rawRecords().isEmpty()
                        ? ""
                        : String.format(
                                Locale.ROOT, ", provider notices %,d", s.providerNotices()));
        o.printf(
                Locale.ROOT,
                "  elapsed           %.2f s, %,.0f events/s (input out of order by up to %s)%n",
                s.elapsed().toMillis() / 1000.0,
                s.eventsPerSecond(),
                Durations.format(java.time.Duration.ofMillis(s.maxLatenessMillis())));
        if (s.lateEvents() > 0) {
            o.printf(
                    Locale.ROOT,
                    "  WARNING: %,d events arrived behind the watermark; their orders may not"
                            + " follow the event-time definitions exactly%n",
                    s.lateEvents());
        }
    }
}
