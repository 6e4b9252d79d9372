package io.debitwatch.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.providers.Adapted;
import io.debitwatch.providers.PayerIds;
import io.debitwatch.providers.alipay.AlipayNotifications;
import io.debitwatch.providers.testing.SignedNotifications;
import io.debitwatch.providers.wechat.WeChatNotifications;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The receiver's record is what the job's adapters read: a genuine notification, taken apart into
 * the headers and body an HTTP request carries and put together again by {@link RawNotification},
 * verifies and maps as the original record does.
 */
class RawNotificationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SignedNotifications SIGNED = new SignedNotifications();
    private static final PayerIds PAYER_IDS =
            PayerIds.hmac(SignedNotifications.PAYER_SECRET.getBytes(StandardCharsets.UTF_8));

    @Test
    void aWeChatPayRequestBecomesARecordTheJobVerifiesAndMaps() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        JsonNode original = JSON.readTree(genuineWeChat(now.atOffset(ZoneOffset.ofHours(8))));
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        fields.add(new SimpleImmutableEntry<>("Host", "notify.example.com"));
        fields.add(new SimpleImmutableEntry<>("Content-Type", "application/json"));
        fields.add(new SimpleImmutableEntry<>("Cookie", "session=secret"));
        // As a proxy may send them: lower case, which HTTP allows.
        Iterator<Map.Entry<String, JsonNode>> it = original.get("headers").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> h = it.next();
            fields.add(new SimpleImmutableEntry<>(h.getKey().toLowerCase(), h.getValue().asText()));
        }
        String body = original.get("body").asText();

        RawNotification raw =
                new RawNotification(
                        Provider.WECHAT,
                        "/notify/wechat/1900000100",
                        "1900000100",
                        now,
                        RawNotification.keptHeaders(fields),
                        body);
        String record = new String(raw.toJson(), StandardCharsets.UTF_8);

        JsonNode written = JSON.readTree(record);
        assertThat(written.get("body").asText()).isEqualTo(body);
        assertThat(Instant.parse(written.get("received_at").asText())).isEqualTo(now);
        assertThat(written.get("provider").asText()).isEqualTo("WECHAT");
        assertThat(written.get("path").asText()).isEqualTo("/notify/wechat/1900000100");
        assertThat(written.get("account").asText()).isEqualTo("1900000100");
        assertThat(written.get("headers").fieldNames())
                .toIterable()
                .containsExactly(
                        "Content-Type",
                        "wechatpay-serial",
                        "wechatpay-signature",
                        "wechatpay-timestamp",
                        "wechatpay-nonce",
                        "wechatpay-signature-type");

        WeChatNotifications job = SIGNED.wechatAdapter(PAYER_IDS);
        Adapted adapted = job.adapt(record);
        assertThat(adapted).isInstanceOf(Adapted.Events.class);
        ProviderEvent event = ((Adapted.Events) adapted).events().get(0);
        assertThat(event.amountMinor()).isEqualTo(2600);
        assertThat(adapted).isEqualTo(job.adapt(original.toString()));
    }

    @Test
    void anAlipayRequestBecomesARecordTheJobVerifiesAndMaps() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        OffsetDateTime beijing = now.atOffset(ZoneOffset.ofHours(8));
        String signed =
                SIGNED.alipay(
                        SignedNotifications.alipayTrade(
                                "2026120200222100501012345678",
                                "TRADE_SUCCESS",
                                "2088123456789012",
                                "DW20261202100100000012",
                                "2026120222001400000000000002",
                                beijing.minusSeconds(30),
                                2600,
                                "2088102146225135",
                                "abc***@example.com"),
                        beijing);
        String body = JSON.readTree(signed).get("body").asText();
        RawNotification raw =
                new RawNotification(
                        Provider.ALIPAY,
                        "/notify/alipay",
                        null,
                        now,
                        RawNotification.keptHeaders(
                                List.of(
                                        new SimpleImmutableEntry<>(
                                                "Content-Type",
                                                "application/x-www-form-urlencoded;"
                                                        + " charset=utf-8"))),
                        body);
        String record = new String(raw.toJson(), StandardCharsets.UTF_8);

        assertThat(JSON.readTree(record).has("account")).isFalse();
        AlipayNotifications job = SIGNED.alipayAdapter(PAYER_IDS);
        Adapted adapted = job.adapt(record);
        assertThat(adapted).isInstanceOf(Adapted.Events.class);
        assertThat(((Adapted.Events) adapted).events().get(0).amountMinor()).isEqualTo(2600);
    }

    @Test
    void repeatedHeadersAreJoinedUnderOneNameSoTheJobSeesNoDuplicateKey() throws Exception {
        Map<String, String> headers =
                RawNotification.keptHeaders(
                        List.of(
                                new SimpleImmutableEntry<>("Wechatpay-Nonce", "a"),
                                new SimpleImmutableEntry<>("wechatpay-nonce", "b"),
                                new SimpleImmutableEntry<>("X-Forwarded-For", "10.0.0.1")));
        assertThat(headers).containsExactly(Map.entry("Wechatpay-Nonce", "a, b"));
    }

    @Test
    void aBodyWithQuotesNewlinesAndChineseSurvivesExactly() throws Exception {
        String body = "{\"summary\":\"支付成功\",\n\"x\":\"\\\"\\u0001\"}\r\n";
        RawNotification raw =
                new RawNotification(
                        Provider.WECHAT, "/notify/wechat", null, Instant.EPOCH, Map.of(), body);
        JsonNode written = JSON.readTree(raw.toJson());
        assertThat(written.get("body").asText()).isEqualTo(body);
        assertThat(written.get("received_at").asText()).isEqualTo("1970-01-01T00:00:00.000Z");
    }

    @Test
    void theRecordLimitIsTheJobs() {
        assertThat(ReceiverSettings.MAX_RECORD_BYTES)
                .isEqualTo(WeChatNotifications.MAX_RECORD_CHARS)
                .isEqualTo(AlipayNotifications.MAX_RECORD_CHARS);
    }

    private static String genuineWeChat(OffsetDateTime receivedAt) {
        return SIGNED.wechat(
                        "EV-2026120210014900001",
                        "TRANSACTION.SUCCESS",
                        SignedNotifications.wechatTransaction(
                                "1900000100",
                                "DW20261202100100000001",
                                "4200000000202612020000000001",
                                receivedAt.minusSeconds(3),
                                2600,
                                "oTESTonlyFAKEpayer00000001"))
                .receivedAt(receivedAt)
                .record();
    }
}
