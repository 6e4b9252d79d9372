package io.debitwatch.providers.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.providers.keys.KeyFileName.Kind;
import org.junit.jupiter.api.Test;

class KeyFileNameTest {

    @Test
    void readsAccountAndKindFromTheName() {
        assertThat(KeyFileName.parse("wechat.1900000001.apiv3-key"))
                .isEqualTo(new KeyFileName("wechat", "1900000001", Kind.WECHAT_APIV3_KEY, null));
        assertThat(KeyFileName.parse("wechat.1900000001.apiv3-key.next"))
                .isEqualTo(new KeyFileName("wechat", "1900000001", Kind.WECHAT_APIV3_KEY, null));
        assertThat(KeyFileName.parse("wechat.1900000001.platform.PUB_KEY_ID_0119000000012025.pem"))
                .isEqualTo(
                        new KeyFileName(
                                "wechat",
                                "1900000001",
                                Kind.WECHAT_PLATFORM,
                                "PUB_KEY_ID_0119000000012025"));
        assertThat(KeyFileName.parse("wechat.1900000001.platform.7A3F0C11D2E4B596.pem").serial())
                .isEqualTo("7A3F0C11D2E4B596");
        assertThat(KeyFileName.parse("alipay.2021000000000001.alipay-public-key.pem").kind())
                .isEqualTo(Kind.ALIPAY_PUBLIC_KEY);
        assertThat(KeyFileName.parse("alipay.2021000000000001.alipay-public-key.k2.pem").kind())
                .isEqualTo(Kind.ALIPAY_PUBLIC_KEY);
        assertThat(KeyFileName.parse("alipay.2021000000000001.alipay-cert.pem").kind())
                .isEqualTo(Kind.ALIPAY_CERT);
        assertThat(KeyFileName.parse("alipay.2021000000000001.sellers"))
                .isEqualTo(
                        new KeyFileName("alipay", "2021000000000001", Kind.ALIPAY_SELLERS, null));
    }

    @Test
    void refusesNamesThatAreNotKeyFiles() {
        assertThat(KeyFileName.parse("README")).isNull();
        assertThat(KeyFileName.isKeyLike("README")).isFalse();
        for (String bad :
                new String[] {
                    "wechat.1900000001.apiv3key",
                    "wechat..apiv3-key",
                    "wechat.1900000001.platform.pem",
                    "wechat.1900000001.platform.SERIAL",
                    "wechat.19000/00001.apiv3-key",
                    "alipay.2021000000000001.public-key.pem",
                    "alipay.2021000000000001.sellers.txt",
                    "wechat.1900000001.apiv3-key.",
                }) {
            assertThat(KeyFileName.parse(bad)).as(bad).isNull();
            assertThat(KeyFileName.isKeyLike(bad)).as(bad).isTrue();
        }
    }
}
