package io.debitwatch.providers.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debitwatch.providers.keys.ApiV3Key;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AeadAesGcmTest {

    /*
     * Public test vector of WeChat Pay's official Java SDK (test data, used literally):
     * repository wechatpay-apiv3/wechatpay-java,
     * core/src/test/java/com/wechat/pay/java/core/cipher/AeadAesCipherTest.java (MESSAGE,
     * ASSOCIATED_DATA, NONCE, CIPHERTEXT) with the key API_V3_KEY of
     * core/src/test/java/com/wechat/pay/java/core/model/TestConfig.java.
     */
    private static final String SDK_KEY = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";
    private static final String SDK_NONCE = "uluk4a9R25RW";
    private static final String SDK_AAD = "associatedData";
    private static final String SDK_CIPHERTEXT = "ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=";
    private static final String SDK_PLAINTEXT = "message";

    @Test
    void decryptsTheOfficialSdkVector() {
        byte[] plain = AeadAesGcm.decrypt(ApiV3Key.of(SDK_KEY), SDK_NONCE, SDK_AAD, SDK_CIPHERTEXT);
        assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo(SDK_PLAINTEXT);
    }

    @Test
    void testFixtureEncryptsLikeTheOfficialSdk() {
        // The fixture that builds the other tests' notifications reproduces WeChat Pay's vector.
        byte[] sealed =
                WeChatFixture.encrypt(
                        SDK_KEY,
                        SDK_NONCE,
                        SDK_AAD,
                        SDK_PLAINTEXT.getBytes(StandardCharsets.UTF_8));
        assertThat(Base64.getEncoder().encodeToString(sealed)).isEqualTo(SDK_CIPHERTEXT);
    }

    @Test
    void anyChangeToKeyNonceAadOrCiphertextFails() {
        ApiV3Key key = ApiV3Key.of(SDK_KEY);
        ApiV3Key otherKey = ApiV3Key.of("b" + SDK_KEY.substring(1));
        byte[] sealed = Base64.getDecoder().decode(SDK_CIPHERTEXT);
        byte[] flipped = sealed.clone();
        flipped[flipped.length - 1] ^= 1;
        String tampered = Base64.getEncoder().encodeToString(flipped);
        String truncated =
                Base64.getEncoder()
                        .encodeToString(java.util.Arrays.copyOf(sealed, sealed.length - 1));
        String tooShort = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(sealed, 15));
        assertFails(() -> AeadAesGcm.decrypt(otherKey, SDK_NONCE, SDK_AAD, SDK_CIPHERTEXT), "tag");
        assertFails(() -> AeadAesGcm.decrypt(key, "uluk4a9R25RX", SDK_AAD, SDK_CIPHERTEXT), "tag");
        assertFails(
                () -> AeadAesGcm.decrypt(key, SDK_NONCE, "associatedDatA", SDK_CIPHERTEXT), "tag");
        assertFails(() -> AeadAesGcm.decrypt(key, SDK_NONCE, "", SDK_CIPHERTEXT), "tag");
        assertFails(() -> AeadAesGcm.decrypt(key, SDK_NONCE, SDK_AAD, tampered), "tag");
        assertFails(() -> AeadAesGcm.decrypt(key, SDK_NONCE, SDK_AAD, truncated), "tag");
        assertFails(() -> AeadAesGcm.decrypt(key, SDK_NONCE, SDK_AAD, tooShort), "truncated");
        assertFails(() -> AeadAesGcm.decrypt(key, "short", SDK_AAD, SDK_CIPHERTEXT), "12 bytes");
        assertFails(() -> AeadAesGcm.decrypt(key, SDK_NONCE, SDK_AAD, "not base64!"), "base64");
    }

    private static void assertFails(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String reason) {
        assertThatThrownBy(call)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("decryption failed: ")
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SDK_KEY, "message"));
    }
}
