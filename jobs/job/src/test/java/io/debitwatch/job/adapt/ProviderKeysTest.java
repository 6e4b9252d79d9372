package io.debitwatch.job.adapt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debitwatch.providers.PayerIds;
import io.debitwatch.providers.testing.SignedNotifications;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderKeysTest {

    private static final String SECRET = "a-secret-of-more-than-16-bytes";

    @TempDir Path dir;

    @Test
    void payerIdsAreHashedWithTheFileElseTheEnvironmentElseDropped() throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), SECRET + "\r\n");
        PayerIds fromFile = ProviderKeys.payerIds(file, "another-secret-of-16-bytes-or-more");
        assertThat(fromFile).isEqualTo(PayerIds.hmac(SECRET.getBytes(StandardCharsets.UTF_8)));
        assertThat(ProviderKeys.payerIds(null, SECRET + "\n")).isEqualTo(fromFile);
        assertThat(ProviderKeys.payerIds(null, null).enabled()).isFalse();
        assertThat(ProviderKeys.payerIds(null, "").enabled()).isFalse();
    }

    @Test
    void aBadSecretIsNamedButNeverShown() throws Exception {
        Path shortSecret = Files.writeString(dir.resolve("short"), "tooshort\n");
        assertThatThrownBy(() -> ProviderKeys.payerIds(shortSecret, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(shortSecret.toString())
                .hasMessageContaining("at least 16 bytes")
                .hasMessageNotContaining("tooshort");
        assertThatThrownBy(() -> ProviderKeys.payerIds(null, "tooshort"))
                .hasMessageContaining(ProviderKeys.PAYER_ID_SECRET_ENV)
                .hasMessageNotContaining("tooshort");
        assertThatThrownBy(() -> ProviderKeys.payerIds(dir.resolve("nope"), null))
                .hasMessageContaining("nope")
                .hasMessageContaining("not found");
    }

    @Test
    void adaptersComeFromTheKeyFilesAndNeverPrintThem() {
        SignedNotifications signed = new SignedNotifications();
        SignedNotifications.KeyFiles keys = signed.writeKeyFiles(dir);
        PayerIds payerIds = ProviderKeys.payerIds(keys.payerSecret(), null);
        String wechat =
                ProviderKeys.wechat(
                                keys.apiV3Key(), List.of(keys.wechatPlatformKeySpec()), payerIds)
                        .toString();
        String alipay =
                ProviderKeys.alipay(
                                keys.alipayPublicKey(),
                                List.of(SignedNotifications.ALIPAY_APP_ID),
                                List.of(),
                                payerIds)
                        .toString();
        assertThat(wechat + alipay)
                .doesNotContain(signed.apiV3KeyText())
                .doesNotContain(SignedNotifications.PAYER_SECRET)
                .contains("hidden");
        assertThatThrownBy(
                        () ->
                                ProviderKeys.wechat(
                                        dir.resolve("missing.key"),
                                        List.of(keys.wechatPlatformKeySpec()),
                                        payerIds))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing.key");
        assertThatThrownBy(
                        () ->
                                ProviderKeys.alipay(
                                        keys.apiV3Key(),
                                        List.of(SignedNotifications.ALIPAY_APP_ID),
                                        List.of(),
                                        payerIds))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(keys.apiV3Key().toString())
                .hasMessageNotContaining(signed.apiV3KeyText());
    }
}
