package io.debitwatch.providers.alipay;

import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.api.AlipayApiException;
import com.alipay.api.internal.util.AlipaySignature;
import io.debitwatch.core.json.Json;
import io.debitwatch.providers.Adapted;
import io.debitwatch.providers.PayerIds;
import io.debitwatch.providers.keys.KeyDirectory;
import io.debitwatch.providers.keys.ProviderKeySet;
import io.debitwatch.providers.keys.TestKeys;
import io.debitwatch.providers.testing.MerchantKeys;
import io.debitwatch.providers.testing.SecretVolume;
import io.debitwatch.providers.testing.SignedNotifications;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alipay's official Java SDK ({@code alipay-sdk-java}: {@code AlipaySignature.rsaCheckV1}, and
 * {@code rsaCertCheckV1} in public-key certificate mode) and debitwatch's adapter judge the same
 * signed notifications, genuine and tampered, and must agree on each. The SDK is given the key of
 * the notification's {@code app_id}, as an acquirer using it would; an app without a key is
 * rejected by both.
 *
 * <p>SHA1withRSA ({@code sign_type=RSA}) is compared with debitwatch's {@code alipay-allow-sha1}
 * set: the SDK accepts it unconditionally, and debitwatch's refusal by default is a policy on top
 * of a valid signature, checked separately here.
 */
class AlipaySdkCrossCheckTest {

    private static final OffsetDateTime AT = OffsetDateTime.parse("2026-11-25T10:00:00+08:00");

    @TempDir Path tmp;

    @Test
    void theOfficialSdkAndDebitwatchAgreeOnEveryGenuineAndTamperedNotification() throws Exception {
        MerchantKeys keys = new MerchantKeys();
        MerchantKeys.AlipayApp app1 = keys.alipay("2021000000000001");
        KeyPair app1Old = app1.current();
        KeyPair app1New = app1.rotate();
        MerchantKeys.AlipayApp app2 = keys.alipay("2021000000000002");
        app2.keys.clear();
        KeyPair app2Cert = app2.rotateToCertificate();
        MerchantKeys.AlipayApp stranger = new MerchantKeys().alipay("2021000000000099");

        Map<String, String> genuine = new LinkedHashMap<>();
        genuine.put("app1 old key", record(app1, "1", app1Old, "RSA2", Map.of()));
        genuine.put("app1 new key", record(app1, "2", app1New, "RSA2", Map.of()));
        genuine.put("app2 certificate", record(app2, "3", app2Cert, "RSA2", Map.of()));
        genuine.put("app1 SHA1", record(app1, "4", app1New, "RSA", Map.of()));

        Map<String, String> tampered = new LinkedHashMap<>();
        tampered.put(
                "amount changed",
                record(app1, "5", app1New, "RSA2", Map.of("total_amount", "1.00")));
        tampered.put("app2's key for app1", record(app1, "6", app2Cert, "RSA2", Map.of()));
        tampered.put("stranger's key", record(app1, "7", TestKeys.OTHER, "RSA2", Map.of()));
        tampered.put("unknown app", record(stranger, "8", stranger.current(), "RSA2", Map.of()));
        tampered.put(
                "RSA2 signature declared RSA",
                record(app1, "9", app1New, "RSA2", Map.of("sign_type", "RSA")));
        tampered.put(
                "seller changed",
                record(app2, "10", app2Cert, "RSA2", Map.of("seller_id", "2088000000000001")));

        SecretVolume volume = new SecretVolume(tmp.resolve("keys"));
        Map<String, String> files = keys.files();
        volume.publish(files);
        ProviderKeySet set =
                KeyDirectory.open(volume.dir(), Duration.ofSeconds(10), QUIET).current();
        AlipayNotifications ours = new AlipayNotifications(set, PayerIds.none(), true);
        Path app2CertFile =
                Files.writeString(
                        tmp.resolve("alipayCertPublicKey_RSA2.crt"),
                        files.get("alipay.2021000000000002.alipay-cert.pem"));
        Sdk sdk =
                new Sdk(
                        Map.of(app1.appId, List.of(base64(app1Old), base64(app1New))),
                        Map.of(app2.appId, app2CertFile.toString()));

        for (Map.Entry<String, String> e : genuine.entrySet()) {
            assertThat(sdk.accepts(e.getValue())).as("SDK, genuine " + e.getKey()).isTrue();
            assertThat(ours.adapt(e.getValue()))
                    .as("debitwatch, genuine " + e.getKey())
                    .isNotInstanceOf(Adapted.Rejected.class);
        }
        for (Map.Entry<String, String> e : tampered.entrySet()) {
            assertThat(sdk.accepts(e.getValue())).as("SDK, " + e.getKey()).isFalse();
            assertThat(ours.adapt(e.getValue()))
                    .as("debitwatch, " + e.getKey())
                    .isInstanceOf(Adapted.Rejected.class);
        }
        // The policy on top: without the flag, a valid SHA1 signature is still refused.
        assertThat(
                        new AlipayNotifications(set, PayerIds.none(), false)
                                .adapt(genuine.get("app1 SHA1")))
                .isInstanceOf(Adapted.Rejected.class);
    }

    private static String record(
            MerchantKeys.AlipayApp app,
            String n,
            KeyPair signer,
            String signType,
            Map<String, String> changes) {
        LinkedHashMap<String, String> p =
                SignedNotifications.alipayTrade(
                        "notify-" + n,
                        "TRADE_SUCCESS",
                        "2088101117955611",
                        "A" + n,
                        "2026112522001" + n,
                        AT,
                        1230,
                        "2088102146225135",
                        "b***@example.com");
        return MerchantKeys.alipay(app, p, signer, signType, changes, AT.plusSeconds(2));
    }

    private static String base64(KeyPair pair) {
        return Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
    }

    /** The SDK with the keys (base64) or certificate files of each app. */
    private record Sdk(Map<String, List<String>> publicKeys, Map<String, String> certFiles) {

        boolean accepts(String record) {
            String body =
                    Json.read(record, com.fasterxml.jackson.databind.JsonNode.class)
                            .get("body")
                            .textValue();
            FormBody.Decoded decoded = FormBody.decode(body);
            String appId = decoded.params().get("app_id");
            String charset = decoded.charset().name();
            String signType = decoded.params().get("sign_type");
            try {
                if (certFiles.containsKey(appId)) {
                    return AlipaySignature.rsaCertCheckV1(
                            new HashMap<>(decoded.params()),
                            certFiles.get(appId),
                            charset,
                            signType);
                }
                for (String key : publicKeys.getOrDefault(appId, List.of())) {
                    if (AlipaySignature.rsaCheckV1(
                            new HashMap<>(decoded.params()), key, charset, signType)) {
                        return true;
                    }
                }
                return false;
            } catch (AlipayApiException e) {
                return false;
            }
        }
    }

    private static final KeyDirectory.Log QUIET =
            new KeyDirectory.Log() {
                @Override
                public void info(String line) {}

                @Override
                public void warn(String line) {}
            };
}
