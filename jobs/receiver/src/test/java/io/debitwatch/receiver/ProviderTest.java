package io.debitwatch.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProviderTest {

    @Test
    void weChatPayIsToldReceivedWith204AndNoBody() {
        Provider.Answer a = Provider.WECHAT.received();
        assertThat(a.status()).isEqualTo(204);
        assertThat(a.body()).isEmpty();
    }

    @Test
    void weChatPayIsAskedToRetryWithItsFailJson() throws Exception {
        Provider.Answer a = Provider.WECHAT.retry(503, "not \"stored\"");
        assertThat(a.status()).isEqualTo(503);
        assertThat(a.contentType()).isEqualTo("application/json");
        JsonNode json = new ObjectMapper().readTree(a.body());
        assertThat(json.get("code").asText()).isEqualTo("FAIL");
        assertThat(json.get("message").asText()).isEqualTo("not 'stored'");
    }

    @Test
    void alipayIsToldSuccessOrFailInPlainText() {
        assertThat(new String(Provider.ALIPAY.received().body(), StandardCharsets.US_ASCII))
                .isEqualTo("success");
        assertThat(Provider.ALIPAY.received().status()).isEqualTo(200);
        Provider.Answer retry = Provider.ALIPAY.retry(503, "whatever");
        assertThat(new String(retry.body(), StandardCharsets.US_ASCII)).isEqualTo("fail");
        assertThat(retry.status()).isEqualTo(503);
    }
}
