package io.debitwatch.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OrderKeyTest {

    @Test
    void encodeDecodeRoundTripsIdsWithSeparators() {
        List<OrderKey> keys =
                List.of(
                        new OrderKey(Provider.WECHAT, "1900000109", "o-1"),
                        new OrderKey(Provider.ALIPAY, "a|b", "c"),
                        new OrderKey(Provider.ALIPAY, "a", "b|c"),
                        new OrderKey(Provider.UNIONPAY, "m:12:x", "o:3:y"),
                        new OrderKey(Provider.WECHAT, "12", "34"),
                        new OrderKey(Provider.WECHAT, "商户/1", "订单/1"),
                        new OrderKey(Provider.WECHAT, "m", ""));

        for (OrderKey key : keys) {
            assertThat(OrderKey.decode(key.encode())).as(key.encode()).isEqualTo(key);
        }
        assertThat(keys.stream().map(OrderKey::encode)).doesNotHaveDuplicates();
    }

    @Test
    void encodingsDifferWhereSeparatorsWouldMakeThemCollide() {
        assertThat(new OrderKey(Provider.WECHAT, "a|b", "c").encode())
                .isNotEqualTo(new OrderKey(Provider.WECHAT, "a", "b|c").encode());
        assertThat(new OrderKey(Provider.WECHAT, "ab", "c").encode())
                .isNotEqualTo(new OrderKey(Provider.WECHAT, "a", "bc").encode());
    }

    @Test
    void decodeRejectsWhatIsNotAnEncodedKey() {
        assertThatThrownBy(() -> OrderKey.decode("WECHAT/m/o"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringIsReadable() {
        assertThat(new OrderKey(Provider.WECHAT, "m1", "order-1")).hasToString("WECHAT/m1/order-1");
    }
}
