package io.debitwatch.providers.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wechat.pay.java.core.certificate.InMemoryCertificateProvider;
import com.wechat.pay.java.core.cipher.AeadAesCipher;
import com.wechat.pay.java.core.cipher.RSAVerifier;
import com.wechat.pay.java.core.cipher.Verifier;
import com.wechat.pay.java.core.notification.NotificationParser;
import com.wechat.pay.java.core.notification.RequestParam;
import io.debitwatch.core.json.Json;
import io.debitwatch.providers.Adapted;
import io.debitwatch.providers.PayerIds;
import io.debitwatch.providers.keys.KeyDirectory;
import io.debitwatch.providers.keys.ProviderKeySet;
import io.debitwatch.providers.keys.TestKeys;
import io.debitwatch.providers.testing.MerchantKeys;
import io.debitwatch.providers.testing.SecretVolume;
import io.debitwatch.providers.testing.SignedNotifications;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WeChat Pay's official Java SDK ({@code wechatpay-java}'s {@link NotificationParser}: signature
 * under the platform key of {@code Wechatpay-Serial}, then AEAD_AES_256_GCM under the APIv3 key)
 * and debitwatch's adapter judge the same signed fixtures, genuine and tampered, and must agree on
 * each. The SDK is configured as its README says, one parser per merchant account (and per platform
 * key, for a rotation); a notification is the SDK's if any account's parser accepts it.
 *
 * <p>Only authenticity is compared: checks the SDK leaves to its caller (the signed timestamp's
 * freshness, that the decrypted {@code mchid} is the account's) are not exercised here.
 */
class WeChatSdkCrossCheckTest {

    private static final OffsetDateTime AT = OffsetDateTime.parse("2026-11-25T10:00:00+08:00");
    private static final String SIGN_TYPE = "WECHATPAY2-SHA256-RSA2048";

    @TempDir Path tmp;

    @Test
    void theOfficialSdkAndDebitwatchAgreeOnEveryGenuineAndTamperedNotification() throws Exception {
        MerchantKeys keys = new MerchantKeys();
        MerchantKeys.WeChatAccount a = keys.wechat("1900000001");
        MerchantKeys.WeChatAccount b = keys.wechat("1900000002");
        MerchantKeys.WeChatAccount sp = keys.wechat("1900000100");
        MerchantKeys.Platform aOld = a.current();
        MerchantKeys.Platform aNew = a.rotateToCertificate();
        MerchantKeys.WeChatAccount stranger = new MerchantKeys().wechat("1900000999");

        Map<String, String> genuine = new LinkedHashMap<>();
        genuine.put("A old key", pay(a, aOld, "1").record());
        genuine.put("A certificate", pay(a, aNew, "2").record());
        genuine.put("B", pay(b, b.current(), "3").record());
        genuine.put(
                "service provider",
                sp.notification(
                                sp.current(),
                                "n-sp",
                                "TRANSACTION.SUCCESS",
                                MerchantKeys.partnerTransaction(
                                        sp.mchid, "1900000201", "T9", "4200000009", AT, 990, "o"))
                        .record());
        genuine.put(
                "refund",
                a.notification(
                                aNew,
                                "n-r",
                                "REFUND.SUCCESS",
                                SignedNotifications.wechatRefund(
                                        a.mchid, "T1", "42000001", "R1", "SUCCESS", AT, 1230, 230))
                        .record());

        Map<String, String> tampered = new LinkedHashMap<>();
        tampered.put("body changed", pay(a, aNew, "4").tamperedBody("支付成功!").record());
        tampered.put("B's serial", pay(a, aNew, "5").serial(b.current().serial()).record());
        tampered.put(
                "stranger's signature",
                pay(a, aNew, "6").signer(TestKeys.OTHER.getPrivate()).record());
        tampered.put("B's APIv3 key", pay(a, aNew, "7").apiV3Key(b.apiV3Key).record());
        tampered.put("unknown merchant", pay(stranger, stranger.current(), "8").record());
        tampered.put(
                "signature truncated",
                withHeader(pay(b, b.current(), "9").record(), "Wechatpay-Signature", "AAAA"));

        SecretVolume volume = new SecretVolume(tmp.resolve("keys"));
        volume.publish(keys.files());
        ProviderKeySet set =
                KeyDirectory.open(volume.dir(), Duration.ofSeconds(10), QUIET).current();
        WeChatNotifications ours =
                new WeChatNotifications(set, PayerIds.none(), Duration.ofDays(3650));
        List<NotificationParser> sdk = new ArrayList<>();
        for (MerchantKeys.WeChatAccount m : List.of(a, b, sp)) {
            for (MerchantKeys.Platform p : m.platforms) {
                sdk.add(parser(m, p));
            }
        }

        for (Map.Entry<String, String> e : genuine.entrySet()) {
            assertThat(sdkAccepts(sdk, e.getValue())).as("SDK, genuine " + e.getKey()).isTrue();
            assertThat(ours.adapt(e.getValue()))
                    .as("debitwatch, genuine " + e.getKey())
                    .isNotInstanceOf(Adapted.Rejected.class);
        }
        for (Map.Entry<String, String> e : tampered.entrySet()) {
            assertThat(sdkAccepts(sdk, e.getValue())).as("SDK, " + e.getKey()).isFalse();
            assertThat(ours.adapt(e.getValue()))
                    .as("debitwatch, " + e.getKey())
                    .isInstanceOf(Adapted.Rejected.class);
        }
    }

    private static MerchantKeys.WeChatRecord pay(
            MerchantKeys.WeChatAccount m, MerchantKeys.Platform p, String n) {
        ObjectNode plain =
                SignedNotifications.wechatTransaction(
                        m.mchid, "T" + n, "42000000" + n, AT, 1230, "o-" + n);
        return m.notification(p, "n-" + m.mchid + "-" + n, "TRANSACTION.SUCCESS", plain)
                .receivedAt(AT.plusSeconds(3));
    }

    /** The SDK's parser for one account and platform key. */
    private static NotificationParser parser(MerchantKeys.WeChatAccount m, MerchantKeys.Platform p)
            throws Exception {
        Verifier verifier;
        if (p.pem().contains("CERTIFICATE")) {
            X509Certificate cert =
                    (X509Certificate)
                            CertificateFactory.getInstance("X.509")
                                    .generateCertificate(
                                            new ByteArrayInputStream(
                                                    p.pem().getBytes(StandardCharsets.US_ASCII)));
            verifier = new RSAVerifier(new InMemoryCertificateProvider(List.of(cert)));
        } else {
            verifier = new RSAVerifier(p.pair().getPublic(), p.serial());
        }
        return new NotificationParser(
                Map.of(SIGN_TYPE, verifier),
                Map.of(
                        "AEAD_AES_256_GCM",
                        new AeadAesCipher(m.apiV3Key.getBytes(StandardCharsets.US_ASCII))));
    }

    /** Whether any of the SDK's parsers verifies and decrypts the record's request. */
    private static boolean sdkAccepts(List<NotificationParser> parsers, String record) {
        JsonNode r = Json.read(record, JsonNode.class);
        JsonNode h = r.get("headers");
        RequestParam request =
                new RequestParam.Builder()
                        .serialNumber(h.get("Wechatpay-Serial").textValue())
                        .nonce(h.get("Wechatpay-Nonce").textValue())
                        .signature(h.get("Wechatpay-Signature").textValue())
                        .timestamp(h.get("Wechatpay-Timestamp").textValue())
                        .signType(h.get("Wechatpay-Signature-Type").textValue())
                        .body(r.get("body").textValue())
                        .build();
        for (NotificationParser parser : parsers) {
            try {
                parser.parse(request, Map.class);
                return true;
            } catch (RuntimeException rejected) {
                // this account's keys do not verify or decrypt it
            }
        }
        return false;
    }

    private static String withHeader(String record, String name, String value) {
        ObjectNode r = Json.read(record, ObjectNode.class);
        ((ObjectNode) r.get("headers")).put(name, value);
        return Json.write(r);
    }

    private static final KeyDirectory.Log QUIET =
            new KeyDirectory.Log() {
                @Override
                public void info(String line) {}

                @Override
                public void warn(String line) {}
            };
}
