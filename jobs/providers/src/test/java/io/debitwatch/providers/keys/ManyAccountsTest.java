package io.debitwatch.providers.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.providers.Adapted;
import io.debitwatch.providers.PayerIds;
import io.debitwatch.providers.alipay.AlipayNotifications;
import io.debitwatch.providers.testing.MerchantKeys;
import io.debitwatch.providers.testing.SecretVolume;
import io.debitwatch.providers.testing.SignedNotifications;
import io.debitwatch.providers.wechat.WeChatNotifications;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapters over the keys of many accounts read from a key directory: each WeChat Pay
 * notification verified by its account's platform key and decrypted by that account's APIv3 key,
 * each Alipay notification verified by its app's key; every missing key a rejection naming the
 * account and kind.
 */
class ManyAccountsTest {

    private static final OffsetDateTime AT = OffsetDateTime.parse("2026-11-25T10:00:00+08:00");
    private static final PayerIds PAYER_IDS =
            PayerIds.hmac(SignedNotifications.PAYER_SECRET.getBytes());
    private static final KeyDirectory.Log QUIET =
            new KeyDirectory.Log() {
                @Override
                public void info(String line) {}

                @Override
                public void warn(String line) {}
            };

    @TempDir Path tmp;

    private final MerchantKeys keys = new MerchantKeys();
    private final MerchantKeys.WeChatAccount a = keys.wechat("1900000001");
    private final MerchantKeys.WeChatAccount b = keys.wechat("1900000002");
    private final MerchantKeys.WeChatAccount sp = keys.wechat("1900000100");
    private final MerchantKeys.AlipayApp app1 = keys.alipay("2021000000000001");
    private final MerchantKeys.AlipayApp app2 = keys.alipay("2021000000000002", "2088101117955611");

    private ProviderKeySet published(Map<String, String> files) {
        SecretVolume volume = new SecretVolume(tmp.resolve("keys"));
        volume.publish(files);
        return KeyDirectory.open(volume.dir(), Duration.ofSeconds(10), QUIET).current();
    }

    private static WeChatNotifications wechat(ProviderKeySet set) {
        return new WeChatNotifications(set, PAYER_IDS, Duration.ofDays(3650));
    }

    private static ObjectNode payment(String mchid, String n) {
        return SignedNotifications.wechatTransaction(
                mchid, "T" + n, "42000000" + n, AT, 1230, "o-openid-" + n);
    }

    private static ProviderEvent event(Adapted adapted) {
        assertThat(adapted).isInstanceOf(Adapted.Events.class);
        return ((Adapted.Events) adapted).events().get(0);
    }

    private static String reason(Adapted adapted) {
        assertThat(adapted).isInstanceOf(Adapted.Rejected.class);
        return ((Adapted.Rejected) adapted).reason();
    }

    @Test
    void eachWeChatMerchantIsVerifiedAndDecryptedWithItsOwnKeys() {
        WeChatNotifications adapter = wechat(published(keys.files()));
        for (MerchantKeys.WeChatAccount m : new MerchantKeys.WeChatAccount[] {a, b}) {
            String record =
                    m.notification(
                                    m.current(),
                                    "n-" + m.mchid,
                                    "TRANSACTION.SUCCESS",
                                    payment(m.mchid, "1"))
                            .record();
            assertThat(event(adapter.adapt(record)).merchantId()).isEqualTo(m.mchid);
        }
        ObjectNode partner =
                MerchantKeys.partnerTransaction(
                        sp.mchid, "1900000201", "T9", "4200000009", AT, 990, "o-sp");
        String record =
                sp.notification(sp.current(), "n-sp", "TRANSACTION.SUCCESS", partner).record();
        assertThat(event(adapter.adapt(record)).merchantId()).isEqualTo("1900000201");
    }

    @Test
    void wrongSerialsKeysAndMerchantsAreRejectedNamingTheAccount() {
        WeChatNotifications adapter = wechat(published(keys.files()));
        // Signed by A, sent under B's serial.
        assertThat(
                        reason(
                                adapter.adapt(
                                        a.notification(
                                                        a.current(),
                                                        "n1",
                                                        "TRANSACTION.SUCCESS",
                                                        payment(a.mchid, "1"))
                                                .serial(b.current().serial())
                                                .record())))
                .startsWith("bad signature");
        // Verified and decrypted with A's keys, but about merchant B.
        assertThat(
                        reason(
                                adapter.adapt(
                                        a.notification(
                                                        a.current(),
                                                        "n2",
                                                        "TRANSACTION.SUCCESS",
                                                        payment(b.mchid, "2"))
                                                .record())))
                .contains("mchid \"1900000002\" is not merchant \"1900000001\"");
        // Encrypted under B's APIv3 key, signed by A.
        assertThat(
                        reason(
                                adapter.adapt(
                                        a.notification(
                                                        a.current(),
                                                        "n3",
                                                        "TRANSACTION.SUCCESS",
                                                        payment(a.mchid, "3"))
                                                .apiV3Key(b.apiV3Key)
                                                .record())))
                .startsWith("decryption failed: authentication tag mismatch")
                .contains("merchant \"1900000001\"");
        // A merchant whose files are not in the directory.
        MerchantKeys.WeChatAccount stranger = new MerchantKeys().wechat("1900000999");
        assertThat(
                        reason(
                                adapter.adapt(
                                        stranger.notification(
                                                        stranger.current(),
                                                        "n4",
                                                        "TRANSACTION.SUCCESS",
                                                        payment(stranger.mchid, "4"))
                                                .record())))
                .startsWith("unknown Wechatpay-Serial \"PUB_KEY_ID_011900000999")
                .contains("wechat.<mchid>.platform.<serial>.pem");
    }

    @Test
    void aMerchantWithoutAnApiV3KeyIsADeadLetterNamingItAndTheKind() {
        Map<String, String> files = new TreeMap<>(keys.files());
        files.remove("wechat.1900000002.apiv3-key");
        WeChatNotifications adapter = wechat(published(files));
        String record =
                b.notification(b.current(), "n1", "TRANSACTION.SUCCESS", payment(b.mchid, "1"))
                        .record();
        assertThat(reason(adapter.adapt(record)))
                .isEqualTo(
                        "no APIv3 key for WeChat Pay merchant \"1900000002\" (kind apiv3-key, key"
                                + " file wechat.1900000002.apiv3-key): its notifications cannot be"
                                + " decrypted");
    }

    @Test
    void duringAKeyChangeEitherApiV3KeyAndEitherPlatformKeyWorks() {
        MerchantKeys.Platform old = a.current();
        MerchantKeys.Platform next = a.rotateToCertificate();
        String nextApiV3 = MerchantKeys.randomKeyText();
        Map<String, String> files = new TreeMap<>(keys.files());
        files.put("wechat.1900000001.apiv3-key.next", nextApiV3 + "\n");
        WeChatNotifications adapter = wechat(published(files));
        for (MerchantKeys.Platform p : new MerchantKeys.Platform[] {old, next}) {
            for (String key : new String[] {a.apiV3Key, nextApiV3}) {
                String record =
                        a.notification(
                                        p,
                                        "n-" + p.serial() + key.charAt(0),
                                        "TRANSACTION.SUCCESS",
                                        payment(a.mchid, "1"))
                                .apiV3Key(key)
                                .record();
                assertThat(event(adapter.adapt(record)).merchantId()).isEqualTo(a.mchid);
            }
        }
    }

    private static LinkedHashMap<String, String> trade(String n, String seller) {
        return SignedNotifications.alipayTrade(
                "notify-" + n,
                "TRADE_SUCCESS",
                seller,
                "A" + n,
                "2026112522001" + n,
                AT,
                1230,
                "2088102146225135",
                "b***@example.com");
    }

    private static String alipay(
            MerchantKeys.AlipayApp app, String n, KeyPair signer, String type) {
        return MerchantKeys.alipay(
                app, trade(n, "2088101117955611"), signer, type, Map.of(), AT.plusSeconds(2));
    }

    @Test
    void eachAlipayAppIsVerifiedWithItsOwnKeyAndSellers() {
        KeyPair old = app1.current();
        KeyPair next = app1.rotateToCertificate();
        ProviderKeySet set = published(keys.files());
        AlipayNotifications adapter = new AlipayNotifications(set, PAYER_IDS, false);

        assertThat(event(adapter.adapt(alipay(app1, "1", old, "RSA2"))).outTradeNo())
                .isEqualTo("A1");
        assertThat(event(adapter.adapt(alipay(app1, "2", next, "RSA2"))).outTradeNo())
                .isEqualTo("A2");
        assertThat(event(adapter.adapt(alipay(app2, "3", app2.current(), "RSA2"))).outTradeNo())
                .isEqualTo("A3");
        // app2's key does not sign for app1.
        assertThat(reason(adapter.adapt(alipay(app1, "4", app2.current(), "RSA2"))))
                .startsWith("bad signature: RSA2 verification failed");
        // A seller that is not app2's.
        String otherSeller =
                MerchantKeys.alipay(
                        app2,
                        trade("5", "2088000000000099"),
                        app2.current(),
                        "RSA2",
                        Map.of(),
                        AT.plusSeconds(2));
        assertThat(reason(adapter.adapt(otherSeller))).contains("seller_id …0099");
        // An app with no key file.
        MerchantKeys.AlipayApp stranger = new MerchantKeys().alipay("2021000000000099");
        assertThat(reason(adapter.adapt(alipay(stranger, "6", stranger.current(), "RSA2"))))
                .isEqualTo(
                        "app_id \"2021000000000099\" has no key file"
                                + " alipay.2021000000000099.alipay-public-key.pem (or"
                                + " .alipay-cert.pem): not one of the acquirer's apps");
    }

    @Test
    void sha1SignaturesNeedTheFlag() {
        ProviderKeySet set = published(keys.files());
        String sha1 = alipay(app1, "1", app1.current(), "RSA");
        assertThat(reason(new AlipayNotifications(set, PAYER_IDS, false).adapt(sha1)))
                .isEqualTo(
                        "sign_type \"RSA\" not accepted: only RSA2 (SHA256withRSA); SHA1withRSA is"
                                + " refused unless alipay-allow-sha1 is set");
        AlipayNotifications lenient = new AlipayNotifications(set, PAYER_IDS, true);
        assertThat(event(lenient.adapt(sha1)).outTradeNo()).isEqualTo("A1");
        assertThat(
                        reason(
                                lenient.adapt(
                                        MerchantKeys.alipay(
                                                app1,
                                                trade("2", "2088101117955611"),
                                                app1.current(),
                                                "RSA",
                                                Map.of("total_amount", "99.00"),
                                                AT.plusSeconds(2)))))
                .startsWith("bad signature: RSA verification failed");
    }
}
