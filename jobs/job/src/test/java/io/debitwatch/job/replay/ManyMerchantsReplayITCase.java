package io.debitwatch.job.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.debitwatch.core.detect.DetectorConfig;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.job.TestClusters;
import io.debitwatch.job.adapt.KeySource;
import io.debitwatch.job.adapt.PayerIdSecret;
import io.debitwatch.job.adapt.ProviderKeys;
import io.debitwatch.job.adapt.RawFormat;
import io.debitwatch.providers.keys.TestKeys;
import io.debitwatch.providers.testing.MerchantKeys;
import io.debitwatch.providers.testing.SecretVolume;
import io.debitwatch.providers.testing.SignedNotifications;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance of issue 12's key store: one replay over the notifications of 3 WeChat Pay direct
 * merchants, 1 service provider with 2 sub-merchants and 2 Alipay apps, read with one key directory
 * (laid out as a Kubernetes Secret volume), in which one WeChat Pay platform key and one Alipay key
 * were rotated midway (old and new keys both present, notifications signed by each), verifies every
 * genuine record and dead-letters every tampered one with its reason. All keys and certificates are
 * generated for the run.
 */
class ManyMerchantsReplayITCase {

    @RegisterExtension static final MiniClusterExtension CLUSTER = TestClusters.miniCluster();

    private static final OffsetDateTime T0 = OffsetDateTime.parse("2026-11-25T10:00:00+08:00");

    @TempDir Path dir;

    private final MerchantKeys keys = new MerchantKeys();
    private final List<String> terminal = new ArrayList<>();
    private final List<String> wechat = new ArrayList<>();
    private final List<String> alipay = new ArrayList<>();

    /** merchant + order of each genuine debit: each must become an alert. */
    private final Set<String> genuine = new TreeSet<>();

    /** The tampered records, with the reason their dead letter must give. */
    private final Map<String, String> tampered = new TreeMap<>();

    private int orders;

    @Test
    void verifiesEveryGenuineRecordAndDeadLettersEveryTamperedOne() throws Exception {
        MerchantKeys.WeChatAccount m1 = keys.wechat("1900000001");
        MerchantKeys.WeChatAccount m2 = keys.wechat("1900000002");
        MerchantKeys.WeChatAccount m3 = keys.wechat("1900000003");
        MerchantKeys.WeChatAccount sp = keys.wechat("1900000100");
        MerchantKeys.AlipayApp app1 = keys.alipay("2021000000000001");
        MerchantKeys.AlipayApp app2 =
                keys.alipay("2021000000000002", "2088101117950002", "2088101117950003");

        // Before the rotation.
        MerchantKeys.Platform m1Old = m1.current();
        KeyPair app1Old = app1.current();
        for (MerchantKeys.WeChatAccount m : List.of(m1, m2, m3)) {
            wechatDebit(m, m.current(), m.mchid, direct(m.mchid));
        }
        wechatDebit(sp, sp.current(), "1900000201", partner(sp.mchid, "1900000201"));
        wechatDebit(sp, sp.current(), "1900000202", partner(sp.mchid, "1900000202"));
        alipayDebit(app1, app1Old, "2088101117950001");
        alipayDebit(app2, app2.current(), "2088101117950002");

        // Midway: m1's platform key and app1's Alipay key rotate; both old and new stay present.
        MerchantKeys.Platform m1New = m1.rotateToCertificate();
        KeyPair app1New = app1.rotate();
        wechatDebit(m1, m1New, m1.mchid, direct(m1.mchid));
        wechatDebit(m1, m1Old, m1.mchid, direct(m1.mchid)); // a late retry, old key
        wechatDebit(m2, m2.current(), m2.mchid, direct(m2.mchid));
        wechatDebit(sp, sp.current(), "1900000202", partner(sp.mchid, "1900000202"));
        alipayDebit(app1, app1New, "2088101117950001");
        alipayDebit(app1, app1Old, "2088101117950001");
        alipayDebit(app2, app2.current(), "2088101117950003");

        // Tampered, each a dead letter.
        String order = nextOrder();
        wechat.add(
                tampered(
                        m3.notification(
                                        m3.current(),
                                        "EV-" + order,
                                        "TRANSACTION.SUCCESS",
                                        direct(m3.mchid).apply(order))
                                .receivedAt(at(order, 3))
                                .tamperedBody("支付成功 (edited)")
                                .record(),
                        "bad signature: SHA256withRSA verification failed"));
        order = nextOrder();
        wechat.add(
                tampered(
                        m2.notification(
                                        m2.current(),
                                        "EV-" + order,
                                        "TRANSACTION.SUCCESS",
                                        direct(m2.mchid).apply(order))
                                .receivedAt(at(order, 3))
                                .serial(m3.current().serial())
                                .record(),
                        "bad signature: SHA256withRSA verification failed for Wechatpay-Serial"));
        MerchantKeys.WeChatAccount unknown = new MerchantKeys().wechat("1900000999");
        order = nextOrder();
        wechat.add(
                tampered(
                        unknown.notification(
                                        unknown.current(),
                                        "EV-" + order,
                                        "TRANSACTION.SUCCESS",
                                        direct(unknown.mchid).apply(order))
                                .receivedAt(at(order, 3))
                                .record(),
                        "unknown Wechatpay-Serial \"PUB_KEY_ID_011900000999"));
        order = nextOrder();
        wechat.add(
                tampered(
                        m1.notification(
                                        m1New,
                                        "EV-" + order,
                                        "TRANSACTION.SUCCESS",
                                        direct(m2.mchid).apply(order))
                                .receivedAt(at(order, 3))
                                .record(),
                        "decrypted mchid \"1900000002\" is not merchant \"1900000001\""));
        alipay.add(
                tampered(
                        alipayRecord(
                                app1,
                                app1New,
                                "2088101117950001",
                                "RSA2",
                                Map.of("total_amount", "0.01")),
                        "bad signature: RSA2 verification failed"));
        alipay.add(
                tampered(
                        alipayRecord(app1, app1New, "2088101117950001", "RSA", Map.of()),
                        "SHA1withRSA is refused unless alipay-allow-sha1 is set"));
        MerchantKeys.AlipayApp stranger = new MerchantKeys().alipay("2021000000000099");
        alipay.add(
                tampered(
                        alipayRecord(
                                stranger, stranger.current(), "2088101117950001", "RSA2", Map.of()),
                        "app_id \"2021000000000099\" has no key file"));
        alipay.add(
                tampered(
                        alipayRecord(app2, TestKeys.OTHER, "2088101117950002", "RSA2", Map.of()),
                        "bad signature: RSA2 verification failed"));
        alipay.add(
                tampered(
                        alipayRecord(app2, app2.current(), "2088101117959999", "RSA2", Map.of()),
                        "seller_id …9999 is not one of the merchant's Alipay seller ids"));

        SecretVolume volume = new SecretVolume(dir.resolve("provider-keys"));
        volume.publish(keys.files());
        KeySource source = new KeySource.Directory(volume.dir().toString(), Duration.ofSeconds(10));
        PayerIdSecret payerIds =
                new PayerIdSecret.File(
                        Files.writeString(
                                        dir.resolve("payer-id-secret"),
                                        SignedNotifications.PAYER_SECRET)
                                .toString());
        Path wechatFile = Files.write(dir.resolve("wechat.ndjson"), wechat);
        Path alipayFile = Files.write(dir.resolve("alipay.ndjson"), alipay);
        Replay.Inputs inputs =
                new Replay.Inputs(
                        Files.write(dir.resolve("terminal.ndjson"), terminal),
                        null,
                        List.of(
                                new Replay.RawInput(
                                        RawFormat.WECHAT_NOTIFICATIONS,
                                        wechatFile,
                                        ProviderKeys.wechatAdapter(source, payerIds)),
                                new Replay.RawInput(
                                        RawFormat.ALIPAY_NOTIFICATIONS,
                                        alipayFile,
                                        ProviderKeys.alipayAdapter(source, false, payerIds))));
        Path out = dir.resolve("out");
        Replay.Summary summary =
                Replay.run(
                        inputs,
                        out,
                        DetectorConfig.defaults(),
                        AsOf.horizon(),
                        TestClusters.loopbackConf());

        Map<String, String> dead = new TreeMap<>();
        for (DeadLetter d : read(out.resolve(ReplayIO.DEAD_LETTERS_FILE), DeadLetter.class)) {
            assertThat(dead.put(d.source() + ":" + d.line(), d.reason())).isNull();
        }
        Map<String, String> expected = new TreeMap<>();
        tampered.forEach(
                (record, reason) -> {
                    boolean isWeChat = wechat.contains(record);
                    int line = (isWeChat ? wechat : alipay).indexOf(record) + 1;
                    Path file = isWeChat ? wechatFile : alipayFile;
                    expected.put(file.getFileName() + ":" + line, reason);
                });
        assertThat(dead.keySet()).isEqualTo(expected.keySet());
        expected.forEach((where, reason) -> assertThat(dead.get(where)).as(where).contains(reason));
        Set<String> alerted = new TreeSet<>();
        for (Alert a : read(out.resolve(ReplayIO.ALERTS_FILE), Alert.class)) {
            alerted.add(a.merchantId() + " " + a.outTradeNo());
        }
        assertThat(alerted).isEqualTo(genuine).hasSize(14);
        assertThat(summary.deadLetters()).isEqualTo(9);
        assertThat(summary.rawRecords())
                .containsEntry(RawFormat.WECHAT_NOTIFICATIONS, (long) wechat.size())
                .containsEntry(RawFormat.ALIPAY_NOTIFICATIONS, (long) alipay.size());
    }

    private String tampered(String record, String reason) {
        tampered.put(record, reason);
        return record;
    }

    private interface Plain {
        ObjectNode apply(String order);
    }

    private Plain direct(String mchid) {
        return order ->
                SignedNotifications.wechatTransaction(
                        mchid, order, "4200" + order, at(order, 1), 1230, "o-" + order);
    }

    private Plain partner(String spMchid, String subMchid) {
        return order ->
                MerchantKeys.partnerTransaction(
                        spMchid, subMchid, order, "4200" + order, at(order, 1), 1230, "o-" + order);
    }

    /** A debit while the terminal timed out: an alert when verified, nothing when not. */
    private void wechatDebit(
            MerchantKeys.WeChatAccount account,
            MerchantKeys.Platform signer,
            String merchant,
            Plain plain) {
        String order = nextOrder();
        terminalTimeout("WECHAT", merchant, order);
        wechat.add(
                account.notification(
                                signer, "EV-" + order, "TRANSACTION.SUCCESS", plain.apply(order))
                        .receivedAt(at(order, 3))
                        .record());
        genuine.add(merchant + " " + order);
    }

    private void alipayDebit(MerchantKeys.AlipayApp app, KeyPair signer, String seller) {
        String order = nextOrder();
        terminalTimeout("ALIPAY", seller, order);
        alipay.add(alipayRecord(app, signer, seller, order, "RSA2", Map.of()));
        genuine.add(seller + " " + order);
    }

    private String alipayRecord(
            MerchantKeys.AlipayApp app,
            KeyPair signer,
            String seller,
            String signType,
            Map<String, String> changes) {
        return alipayRecord(app, signer, seller, nextOrder(), signType, changes);
    }

    private String alipayRecord(
            MerchantKeys.AlipayApp app,
            KeyPair signer,
            String seller,
            String order,
            String signType,
            Map<String, String> changes) {
        return MerchantKeys.alipay(
                app,
                SignedNotifications.alipayTrade(
                        "notify-" + order,
                        "TRADE_SUCCESS",
                        seller,
                        order,
                        "2026112522001" + order,
                        at(order, 1),
                        1230,
                        "2088102146225135",
                        "b***@example.com"),
                signer,
                signType,
                changes,
                at(order, 3));
    }

    private void terminalTimeout(String provider, String merchant, String order) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("event_id", "te-" + order);
        n.put("event_time", at(order, 0).toString());
        n.put("provider", provider);
        n.put("merchant_id", merchant);
        n.put("terminal_id", "POS-0001");
        n.put("out_trade_no", order);
        n.put("type", "PAY_RESULT");
        n.put("result", "TIMEOUT");
        n.put("amount_minor", 1230);
        n.put("currency", "CNY");
        terminal.add(n.toString());
    }

    private String nextOrder() {
        return String.format("MM%04d", ++orders);
    }

    /** Order n's times: 60 s apart, {@code second} into its minute. */
    private static OffsetDateTime at(String order, int second) {
        return T0.plusSeconds(60L * Integer.parseInt(order.substring(2)) + second);
    }

    private static <T> List<T> read(Path file, Class<T> type) throws IOException {
        List<T> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                out.add(Json.read(line, type));
            }
        }
        return out;
    }
}
