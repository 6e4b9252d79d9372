package io.debitwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.debitwatch.core.json.Json;
import io.debitwatch.embeddedkafka.EmbeddedKafka;
import io.debitwatch.providers.testing.SignedNotifications;
import io.debitwatch.receiver.NotificationReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: signed notifications sent over HTTP to {@code receive} (as its options configure it)
 * land in the raw notification topics, and the job's raw notification path ({@code replay
 * --wechat-notifications / --alipay-notifications}, the same adapters as {@code run}'s topics)
 * verifies what the receiver wrote: genuine ones become debits, a forged one a dead letter.
 */
class ReceiveCommandITCase {

    private static final String OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o";
    private static final String BUYER_ID = "2088102146225135";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir Path dir;

    @Test
    void whatTheReceiverWritesIsWhatTheJobVerifies() throws Exception {
        SignedNotifications signed = new SignedNotifications();
        SignedNotifications.KeyFiles keys = signed.writeKeyFiles(dir.resolve("keys"));
        OffsetDateTime now =
                OffsetDateTime.now(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.SECONDS);
        OffsetDateTime t0 = now.minusSeconds(10);
        Path terminal =
                Files.write(
                        dir.resolve("terminal.ndjson"),
                        List.of(
                                terminal("DW-RCV-1", "WECHAT", "1900000109", t0),
                                terminal("DW-RCV-2", "ALIPAY", "2088101117955611", t0)));
        Path wechat = dir.resolve("wechat.ndjson");
        Path alipay = dir.resolve("alipay.ndjson");
        try (EmbeddedKafka kafka =
                EmbeddedKafka.builder()
                        .topic("wechat-notifications", 1)
                        .topic("alipay-notifications", 1)
                        .build()
                        .start()) {
            ReceiveCommand cmd =
                    ReceiveCommandTest.receive(
                            "--bootstrap-servers", kafka.bootstrapServers(), "--port", "0");
            try (NotificationReceiver receiver = NotificationReceiver.start(cmd.settings())) {
                String genuine =
                        signed.wechat(
                                        "EV-RCV-1",
                                        "TRANSACTION.SUCCESS",
                                        SignedNotifications.wechatTransaction(
                                                "1900000109",
                                                "DW-RCV-1",
                                                "4200000001",
                                                t0.plusSeconds(2),
                                                1230,
                                                OPENID))
                                .receivedAt(now)
                                .record();
                String forged =
                        signed.wechat(
                                        "EV-RCV-X",
                                        "TRANSACTION.SUCCESS",
                                        SignedNotifications.wechatTransaction(
                                                "1900000109",
                                                "DW-RCV-X",
                                                "4200000009",
                                                t0.plusSeconds(2),
                                                100,
                                                OPENID))
                                .receivedAt(now)
                                .signedByStranger()
                                .record();
                String alipayDebit =
                        signed.alipay(
                                SignedNotifications.alipayTrade(
                                        "N-RCV-2",
                                        "TRADE_SUCCESS",
                                        "2088101117955611",
                                        "DW-RCV-2",
                                        "2026120222001",
                                        t0.plusSeconds(2),
                                        1230,
                                        BUYER_ID,
                                        "alice@example.com"),
                                now);
                assertThat(postWeChat(receiver, genuine)).isEqualTo(204);
                assertThat(postWeChat(receiver, forged)).isEqualTo(204);
                HttpResponse<String> a =
                        post(
                                receiver.url() + "/notify/alipay",
                                Json.mapper().readTree(alipayDebit).get("body").asText(),
                                List.of("Content-Type", "application/x-www-form-urlencoded"));
                assertThat(a.body()).isEqualTo("success");
            }
            Files.write(wechat, readAll(kafka.bootstrapServers(), "wechat-notifications"));
            Files.write(alipay, readAll(kafka.bootstrapServers(), "alipay-notifications"));
        }

        Cli.Run r =
                Cli.run(
                        "replay",
                        "--terminal-events",
                        terminal.toString(),
                        "--wechat-notifications",
                        wechat.toString(),
                        "--alipay-notifications",
                        alipay.toString(),
                        "--wechat-apiv3-key-file",
                        keys.apiV3Key().toString(),
                        "--wechat-platform-public-key-file",
                        keys.wechatPlatformKeySpec(),
                        "--alipay-public-key-file",
                        keys.alipayPublicKey().toString(),
                        "--alipay-app-id",
                        SignedNotifications.ALIPAY_APP_ID,
                        "--as-of",
                        "horizon",
                        "--out",
                        dir.resolve("out").toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains(
                        "records read      5 (terminal 2, wechat notifications 2, alipay"
                                + " notifications 1)")
                .contains("dead letters      1")
                .contains("UNMATCHED_DEBIT     2");
        assertThat(Files.readString(dir.resolve("out").resolve("dead-letters.ndjson")))
                .contains("signature");
    }

    private static int postWeChat(NotificationReceiver receiver, String record) throws Exception {
        JsonNode r = Json.mapper().readTree(record);
        List<String> headers = new ArrayList<>(List.of("Content-Type", "application/json"));
        Iterator<Map.Entry<String, JsonNode>> it = r.get("headers").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> h = it.next();
            headers.add(h.getKey());
            headers.add(h.getValue().asText());
        }
        return post(receiver.url() + "/notify/wechat/1900000109", r.get("body").asText(), headers)
                .statusCode();
    }

    private static HttpResponse<String> post(String url, String body, List<String> headers)
            throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        for (int i = 0; i < headers.size(); i += 2) {
            b.header(headers.get(i), headers.get(i + 1));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The topic's records, one per line, as replay reads raw notifications. */
    private static List<String> readAll(String bootstrap, String topic) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<String> lines = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            TopicPartition p = new TopicPartition(topic, 0);
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            long end = consumer.endOffsets(List.of(p)).get(p);
            while (consumer.position(p) < end) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    assertThat(r.value()).doesNotContain("\n");
                    lines.add(r.value());
                }
            }
        }
        return lines;
    }

    private static String terminal(
            String order, String provider, String merchant, OffsetDateTime at) {
        return "{\"event_id\":\"te-"
                + order
                + "\",\"event_time\":\""
                + at
                + "\",\"provider\":\""
                + provider
                + "\",\"merchant_id\":\""
                + merchant
                + "\",\"terminal_id\":\"POS-1\",\"out_trade_no\":\""
                + order
                + "\",\"type\":\"PAY_RESULT\",\"result\":\"FAILED\",\"amount_minor\":1230,"
                + "\"currency\":\"CNY\"}";
    }
}
