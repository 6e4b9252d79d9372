package io.debitwatch.receiver;

import static io.debitwatch.receiver.ReceiverTesting.HTTP;
import static io.debitwatch.receiver.ReceiverTesting.get;
import static io.debitwatch.receiver.ReceiverTesting.post;
import static io.debitwatch.receiver.ReceiverTesting.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.debitwatch.embeddedkafka.EmbeddedKafka;
import io.debitwatch.embeddedkafka.LoopbackCertificates;
import io.debitwatch.embeddedkafka.TlsStores;
import io.debitwatch.providers.Adapted;
import io.debitwatch.providers.PayerIds;
import io.debitwatch.providers.testing.SignedNotifications;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The receiver on a real in-process broker, called over HTTP on 127.0.0.1: what it writes, how it
 * answers each provider, and what it refuses.
 */
class NotificationReceiverITCase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SignedNotifications SIGNED = new SignedNotifications();
    private static final PayerIds PAYER_IDS =
            PayerIds.hmac(SignedNotifications.PAYER_SECRET.getBytes(StandardCharsets.UTF_8));
    private static final AtomicInteger TOPICS = new AtomicInteger();

    private static EmbeddedKafka kafka;

    private NotificationReceiver receiver;
    private String wechatTopic;
    private String alipayTopic;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.builder().build().start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @AfterEach
    void stopReceiver() {
        if (receiver != null) {
            receiver.close();
        }
    }

    /** Fresh topics for each test. */
    private ReceiverSettings.Builder settings() {
        int n = TOPICS.incrementAndGet();
        wechatTopic = "wechat-" + n;
        alipayTopic = "alipay-" + n;
        kafka.createTopics(Map.of(wechatTopic, 2, alipayTopic, 2));
        return ReceiverSettings.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .topic(Provider.WECHAT, wechatTopic)
                .topic(Provider.ALIPAY, alipayTopic);
    }

    private NotificationReceiver start(ReceiverSettings.Builder settings) throws Exception {
        receiver = NotificationReceiver.start(settings.build());
        return receiver;
    }

    @Test
    void aWeChatPayNotificationIsInItsTopicAsReceivedBeforeThe204() throws Exception {
        start(settings());
        JsonNode genuine = JSON.readTree(genuineWeChat("EV-1"));
        String body = genuine.get("body").asText();
        Instant before = Instant.now();

        HttpResponse<String> answer =
                post(
                        HTTP,
                        receiver.url() + "/notify/wechat/1900000100",
                        body,
                        headersOf(genuine.get("headers"), "Content-Type", "application/json"));

        Instant after = Instant.now();
        assertThat(answer.statusCode()).isEqualTo(204);
        assertThat(answer.body()).isEmpty();
        List<ConsumerRecord<byte[], byte[]>> written =
                readAll(kafka.bootstrapServers(), wechatTopic);
        assertThat(written).hasSize(1);
        assertThat(written.get(0).key()).isNull();
        JsonNode record = JSON.readTree(written.get(0).value());
        assertThat(record.get("body").asText()).isEqualTo(body);
        assertThat(Instant.parse(record.get("received_at").asText()))
                .isBetween(before.minusMillis(1), after);
        assertThat(record.get("path").asText()).isEqualTo("/notify/wechat/1900000100");
        assertThat(record.get("account").asText()).isEqualTo("1900000100");
        assertThat(record.get("headers").get("Content-Type").asText())
                .isEqualTo("application/json");
        for (String h :
                List.of(
                        "Wechatpay-Serial",
                        "Wechatpay-Signature",
                        "Wechatpay-Timestamp",
                        "Wechatpay-Nonce")) {
            assertThat(record.get("headers").get(h).asText())
                    .isEqualTo(genuine.get("headers").get(h).asText());
        }
        // The job's own adapter verifies and maps what the receiver wrote.
        Adapted adapted =
                SIGNED.wechatAdapter(PAYER_IDS)
                        .adapt(new String(written.get(0).value(), StandardCharsets.UTF_8));
        assertThat(adapted).isInstanceOf(Adapted.Events.class);
        assertThat(receiver.count(Provider.WECHAT, "received")).isEqualTo(1);
    }

    @Test
    void anAlipayNotificationIsInItsTopicAsReceivedBeforeTheSuccess() throws Exception {
        start(settings());
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        String body =
                JSON.readTree(
                                SIGNED.alipay(
                                        SignedNotifications.alipayTrade(
                                                "2026120200222100501012345678",
                                                "TRADE_SUCCESS",
                                                "2088123456789012",
                                                "DW20261202100100000012",
                                                "2026120222001400000000000002",
                                                now.minusSeconds(20),
                                                3850,
                                                "2088102146225135",
                                                "abc***@example.com"),
                                        now))
                        .get("body")
                        .asText();

        HttpResponse<String> answer =
                post(
                        HTTP,
                        receiver.url() + "/notify/alipay",
                        body,
                        "Content-Type",
                        "application/x-www-form-urlencoded; charset=utf-8");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("success");
        List<ConsumerRecord<byte[], byte[]>> written =
                readAll(kafka.bootstrapServers(), alipayTopic);
        assertThat(written).hasSize(1);
        JsonNode record = JSON.readTree(written.get(0).value());
        assertThat(record.get("body").asText()).isEqualTo(body);
        assertThat(record.get("provider").asText()).isEqualTo("ALIPAY");
        assertThat(record.has("account")).isFalse();
        Adapted adapted =
                SIGNED.alipayAdapter(PAYER_IDS)
                        .adapt(new String(written.get(0).value(), StandardCharsets.UTF_8));
        assertThat(adapted).isInstanceOf(Adapted.Events.class);
        assertThat(((Adapted.Events) adapted).events().get(0).amountMinor()).isEqualTo(3850);
        assertThat(readAll(kafka.bootstrapServers(), wechatTopic)).isEmpty();
    }

    @Test
    void aBodyOverTheLimitIs413AndNothingIsWritten() throws Exception {
        start(settings().maxBodyBytes(1024));
        String big = "{\"id\":\"" + "x".repeat(1100) + "\"}";

        HttpResponse<String> declared = post(HTTP, receiver.url() + "/notify/wechat", big);
        // Chunked, without a Content-Length: cut off while reading.
        HttpResponse<String> chunked =
                ReceiverTesting.send(
                        HTTP,
                        HttpRequest.newBuilder(URI.create(receiver.url() + "/notify/alipay"))
                                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> stream(big)))
                                .build());
        HttpResponse<String> fits =
                post(HTTP, receiver.url() + "/notify/wechat", "{\"id\":\"ok\"}");

        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(declared.body()).get("code").asText()).isEqualTo("FAIL");
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.body()).isEqualTo("fail");
        assertThat(fits.statusCode()).isEqualTo(204);
        assertThat(bodies(wechatTopic)).containsExactly("{\"id\":\"ok\"}");
        assertThat(bodies(alipayTopic)).isEmpty();
        assertThat(receiver.count(Provider.WECHAT, "oversize")).isEqualTo(1);
        assertThat(receiver.count(Provider.ALIPAY, "oversize")).isEqualTo(1);
    }

    @Test
    void aSourceOverItsRateIs429AndNothingMoreIsWritten() throws Exception {
        // A refill of one request per 1000 s: the third request in a row finds the bucket empty.
        start(settings().rateLimit(0.001, 2));
        String url = receiver.url() + "/notify/alipay";

        int first = post(HTTP, url, "notify_id=1").statusCode();
        int second = post(HTTP, url, "notify_id=2").statusCode();
        HttpResponse<String> third = post(HTTP, url, "notify_id=3");

        assertThat(first).isEqualTo(200);
        assertThat(second).isEqualTo(200);
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.body()).isEqualTo("fail");
        assertThat(bodies(alipayTopic)).containsExactlyInAnyOrder("notify_id=1", "notify_id=2");
        assertThat(receiver.count(Provider.ALIPAY, "rate_limited")).isEqualTo(1);
    }

    @Test
    void aBodyThatIsNotUtf8OrAGetIsRefusedAndNothingIsWritten() throws Exception {
        start(settings());
        byte[] latin1 = "{\"summary\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);

        HttpResponse<String> notUtf8 = post(HTTP, receiver.url() + "/notify/wechat", latin1);
        HttpResponse<String> getIt = get(receiver.url() + "/notify/wechat");
        HttpResponse<String> elsewhere = post(HTTP, receiver.url() + "/notify/unionpay", "x");

        assertThat(notUtf8.statusCode()).isEqualTo(400);
        assertThat(getIt.statusCode()).isEqualTo(405);
        assertThat(getIt.headers().firstValue("Allow")).hasValue("POST");
        assertThat(elsewhere.statusCode()).isEqualTo(404);
        assertThat(bodies(wechatTopic)).isEmpty();
    }

    @Test
    void healthReadinessAndMetricsOnTheirOwnLoopbackListener() throws Exception {
        start(settings().metrics("127.0.0.1", 0));
        post(HTTP, receiver.url() + "/notify/wechat", "{\"id\":\"m\"}");

        String metricsUrl = receiver.metricsUrl();
        assertThat(metricsUrl).startsWith("http://127.0.0.1:").endsWith("/metrics");
        HttpResponse<String> metrics = get(metricsUrl);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains(
                        "debitwatch_receiver_requests_total{provider=\"wechat\",outcome=\"received\"}"
                                + " 1\n");
        assertThat(get(receiver.url() + "/metrics").statusCode()).isEqualTo(404);
        assertThat(get(receiver.url() + "/healthz").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get(receiver.url() + "/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("ready\n");
    }

    @Test
    void servesHttpsWithACertificateAndKeyFromPemFiles(@TempDir Path dir) throws Exception {
        TlsStores stores = LoopbackCertificates.generate(dir.resolve("stores"), "test-only-pw");
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        writePem(stores, cert, key);
        start(settings().tls(cert, key));
        assertThat(receiver.url()).startsWith("https://127.0.0.1:");
        HttpClient trusting =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .sslContext(trusting(stores))
                        .build();

        HttpResponse<String> answer =
                post(trusting, receiver.url() + "/notify/alipay", "notify_id=tls");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("success");
        assertThat(bodies(alipayTopic)).containsExactly("notify_id=tls");
        // A client that does not trust the certificate gets no answer at all.
        assertThatThrownBy(() -> post(HTTP, receiver.url() + "/notify/alipay", "notify_id=x"))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void whenKafkaIsDownEachProviderIsAskedToSendAgain(@TempDir Path data) throws Exception {
        EmbeddedKafka doomed =
                EmbeddedKafka.builder()
                        .dataDir(data)
                        .topic("wechat-down", 1)
                        .topic("alipay-down", 1)
                        .build()
                        .start();
        receiver =
                NotificationReceiver.start(
                        ReceiverSettings.builder()
                                .bootstrapServers(doomed.bootstrapServers())
                                .topic(Provider.WECHAT, "wechat-down")
                                .topic(Provider.ALIPAY, "alipay-down")
                                .sendTimeout(Duration.ofSeconds(2))
                                .build());
        assertThat(post(HTTP, receiver.url() + "/notify/wechat", "{\"id\":\"up\"}").statusCode())
                .isEqualTo(204);

        doomed.close();
        HttpResponse<String> wechat =
                post(HTTP, receiver.url() + "/notify/wechat", "{\"id\":\"down\"}");
        HttpResponse<String> alipay = post(HTTP, receiver.url() + "/notify/alipay", "notify_id=d");

        assertThat(wechat.statusCode()).isEqualTo(503);
        JsonNode fail = JSON.readTree(wechat.body());
        assertThat(fail.get("code").asText()).isEqualTo("FAIL");
        assertThat(fail.get("message").asText()).isNotBlank();
        assertThat(alipay.statusCode()).isEqualTo(503);
        assertThat(alipay.body()).isEqualTo("fail");
        assertThat(get(receiver.url() + "/readyz").statusCode()).isEqualTo(503);
        assertThat(get(receiver.url() + "/healthz").statusCode()).isEqualTo(200);
        assertThat(receiver.count(Provider.WECHAT, "kafka_failed")).isEqualTo(1);
        assertThat(receiver.count(Provider.ALIPAY, "kafka_failed")).isEqualTo(1);
    }

    @Test
    void writesToAKafkaThatOnlyLetsInScramUsersOverTls(@TempDir Path dir) throws Exception {
        TlsStores tls = LoopbackCertificates.generate(dir, "test-only-pw");
        try (EmbeddedKafka secured =
                EmbeddedKafka.builder()
                        .saslSsl(tls)
                        .scramUser("receiver", "receiver-test-secret")
                        .topic("wechat-notifications", 1)
                        .topic("alipay-notifications", 1)
                        .build()
                        .start()) {
            receiver =
                    NotificationReceiver.start(
                            ReceiverSettings.builder()
                                    .bootstrapServers(secured.saslSslBootstrapServers())
                                    .kafkaClientProperties(
                                            secured.saslSslClientConfig(
                                                    "receiver", "receiver-test-secret"))
                                    .build());

            HttpResponse<String> answer =
                    post(HTTP, receiver.url() + "/notify/alipay", "notify_id=sasl");

            assertThat(answer.body()).isEqualTo("success");
            assertThat(get(receiver.url() + "/readyz").statusCode()).isEqualTo(200);
            assertThat(readAll(secured.bootstrapServers(), "alipay-notifications")).hasSize(1);
        }
    }

    @Test
    void withoutItsTopicItIsNotReadyAndAsksForTheNotificationAgain() throws Exception {
        receiver =
                NotificationReceiver.start(
                        ReceiverSettings.builder()
                                .bootstrapServers(kafka.bootstrapServers())
                                .topic(Provider.WECHAT, "never-created")
                                .sendTimeout(Duration.ofSeconds(1))
                                .build());

        HttpResponse<String> ready = get(receiver.url() + "/readyz");
        HttpResponse<String> answer = post(HTTP, receiver.url() + "/notify/wechat", "{}");

        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body())
                .startsWith("not ready: a topic is missing")
                .contains("never-created");
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(receiver.count(Provider.WECHAT, "kafka_failed")).isEqualTo(1);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private List<String> bodies(String topic) throws Exception {
        List<String> bodies = new java.util.ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(kafka.bootstrapServers(), topic)) {
            bodies.add(JSON.readTree(r.value()).get("body").asText());
        }
        return bodies;
    }

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] headersOf(JsonNode headers, String... more) {
        List<String> out = new java.util.ArrayList<>(List.of(more));
        Iterator<Map.Entry<String, JsonNode>> it = headers.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> h = it.next();
            out.add(h.getKey());
            out.add(h.getValue().asText());
        }
        return out.toArray(String[]::new);
    }

    private static String genuineWeChat(String id) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        return SIGNED.wechat(
                        id,
                        "TRANSACTION.SUCCESS",
                        SignedNotifications.wechatTransaction(
                                "1900000100",
                                "DW20261202100100000001",
                                "4200000000202612020000000001",
                                now.minusSeconds(3),
                                2600,
                                "oTESTonlyFAKEpayer00000001"))
                .receivedAt(now)
                .record();
    }

    /** The broker key store's key and chain as the PEM files a certificate manager writes. */
    private static void writePem(TlsStores stores, Path cert, Path key) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(stores.keystore())) {
            ks.load(in, stores.keystorePassword().toCharArray());
        }
        Key k = ks.getKey("broker", stores.keystorePassword().toCharArray());
        StringBuilder chain = new StringBuilder();
        for (Certificate c : ks.getCertificateChain("broker")) {
            chain.append(pem("CERTIFICATE", c.getEncoded()));
        }
        Files.writeString(cert, chain);
        Files.writeString(key, pem("PRIVATE KEY", k.getEncoded()));
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN "
                + label
                + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END "
                + label
                + "-----\n";
    }

    private static SSLContext trusting(TlsStores stores) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(stores.truststore())) {
            trust.load(in, stores.truststorePassword().toCharArray());
        }
        TrustManagerFactory tmf =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }
}
