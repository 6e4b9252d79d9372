package io.debitwatch.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayerIdsTest {

    private static final byte[] SECRET =
            "0123456789abcdef-test-only".getBytes(StandardCharsets.UTF_8);

    @Test
    void sameIdSameRefAndNeverTheClearId() {
        PayerIds ids = PayerIds.hmac(SECRET);
        String a = ids.ref("WECHAT", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o");
        assertThat(a).startsWith("h1:").hasSize(3 + 32).doesNotContain("oUpF8u");
        assertThat(ids.ref("WECHAT", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o")).isEqualTo(a);
        assertThat(ids.ref("ALIPAY", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o")).isNotEqualTo(a);
        assertThat(ids.ref("WECHAT", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6p")).isNotEqualTo(a);
    }

    @Test
    void anotherSecretGivesAnotherRef() {
        byte[] other = SECRET.clone();
        other[0] ^= 1;
        assertThat(PayerIds.hmac(other).ref("WECHAT", "x"))
                .isNotEqualTo(PayerIds.hmac(SECRET).ref("WECHAT", "x"));
    }

    @Test
    void withoutSecretIdsAreDropped() {
        assertThat(PayerIds.none().ref("ALIPAY", "2088102146225135")).isNull();
        assertThat(PayerIds.hmac(SECRET).ref("ALIPAY", " ")).isNull();
        assertThat(PayerIds.hmac(SECRET).ref("ALIPAY", null)).isNull();
    }

    @Test
    void shortSecretRefusedAndNeverPrinted() {
        assertThatThrownBy(() -> PayerIds.hmac(new byte[8])).hasMessageContaining("16 bytes");
        assertThat(PayerIds.hmac(SECRET).toString()).doesNotContain("0123456789");
    }
}
