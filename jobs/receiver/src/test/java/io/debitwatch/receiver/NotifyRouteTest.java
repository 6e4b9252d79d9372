package io.debitwatch.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NotifyRouteTest {

    @Test
    void theProviderPathsWithAndWithoutAnAccount() {
        assertThat(NotifyRoute.of("/notify/wechat"))
                .isEqualTo(new NotifyRoute(Provider.WECHAT, null));
        assertThat(NotifyRoute.of("/notify/alipay"))
                .isEqualTo(new NotifyRoute(Provider.ALIPAY, null));
        assertThat(NotifyRoute.of("/notify/wechat/1900000100"))
                .isEqualTo(new NotifyRoute(Provider.WECHAT, "1900000100"));
        assertThat(NotifyRoute.of("/notify/alipay/2021000000000001"))
                .isEqualTo(new NotifyRoute(Provider.ALIPAY, "2021000000000001"));
    }

    @Test
    void anythingElseIsNoRoute() {
        assertThat(NotifyRoute.of("/notify/unionpay")).isNull();
        assertThat(NotifyRoute.of("/notify/wechat/")).isNull();
        assertThat(NotifyRoute.of("/notify/wechat/a/b")).isNull();
        assertThat(NotifyRoute.of("/notify/wechat/" + "9".repeat(65))).isNull();
        assertThat(NotifyRoute.of("/notify/wechat/a%2Fb")).isNull();
        assertThat(NotifyRoute.of("/notify/WECHAT")).isNull();
        assertThat(NotifyRoute.of("/metrics")).isNull();
        assertThat(NotifyRoute.of(null)).isNull();
    }
}
