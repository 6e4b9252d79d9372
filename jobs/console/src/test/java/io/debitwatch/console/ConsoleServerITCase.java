package io.debitwatch.console;

import static io.debitwatch.console.StoreTestEnvironment.storedOffsets;
import static io.debitwatch.console.TestRecords.order;
import static io.debitwatch.console.TestRecords.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.debitwatch.console.auth.AccountSecurity;
import io.debitwatch.console.auth.ApiTokenStore;
import io.debitwatch.console.auth.AuthSettings;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.model.Notification;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP API over a store filled by the materializer, called over HTTP on 127.0.0.1 with an API
 * token, behind the console's real security layer.
 */
class ConsoleServerITCase extends StoreITCaseBase {

    private static final int ORDERS = 12;

    private static ConsoleDatabase db;
    private static Materializer materializer;
    private static ConsoleServer server;
    private static String token;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        OutputTopics topics = env.newTopics(2);
        db = env.newDatabase();
        try (KafkaProducer<String, String> producer = env.transactionalProducer()) {
            producer.beginTransaction();
            for (int i = 0; i < ORDERS; i++) {
                send(producer, topics.alerts(), TestRecords.unmatchedDebit(i));
            }
            send(producer, topics.alerts(), TestRecords.resolution(1));
            send(producer, topics.refundRequests(), TestRecords.refund(2));
            send(
                    producer,
                    topics.notifications(),
                    TestRecords.notification(2, Notification.Channel.MERCHANT));
            producer.commitTransaction();
        }
        materializer = Materializer.start(env.kafka.bootstrapServers(), topics, db.dataSource());
        Await.until(
                Duration.ofSeconds(45),
                "the store to catch up",
                () -> storedOffsets(db.dataSource()).equals(env.endOffsets(topics)));
        server =
                ConsoleServer.start(
                        "127.0.0.1",
                        0,
                        db,
                        materializer::assigned,
                        new AccountSecurity(db.dataSource(), AuthSettings.defaults()));
        token =
                new ApiTokenStore(db.dataSource())
                        .create(
                                "api-test",
                                Principal.Role.VIEWER,
                                Principal.MerchantScope.ALL,
                                "test")
                        .secret();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (materializer != null) {
            materializer.stop();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void healthAndReadiness() throws Exception {
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).path("consumer").asText()).isEqualTo("assigned");
        assertThat(ready.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void answersOnlyRequestsWithCredentials() throws Exception {
        HttpResponse<String> anonymous =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/incidents"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/incidents").statusCode()).isEqualTo(200);
    }

    @Test
    void listsIncidentsNewestFirstAndPagesThroughAllOfThemByKeyset() throws Exception {
        List<String> seen = new ArrayList<>();
        String after = "";
        int pages = 0;
        do {
            JsonNode page = json(get("/api/v1/incidents?limit=5&after=" + after));
            page.path("incidents").forEach(i -> seen.add(i.path("out_trade_no").asText()));
            after = page.path("next").isNull() ? null : page.path("next").asText();
            pages++;
        } while (after != null);
        assertThat(pages).isEqualTo(3);
        List<String> expected = new ArrayList<>();
        for (int i = ORDERS - 1; i >= 0; i--) {
            expected.add(order(i));
        }
        assertThat(seen).isEqualTo(expected);
    }

    @Test
    void filtersByStateTypeMerchantAndSearchText() throws Exception {
        assertThat(outTradeNos("state=resolved")).containsExactly(order(1));
        assertThat(outTradeNos("type=ALERT_RESOLVED")).containsExactly(order(1));
        assertThat(outTradeNos("state=open")).hasSize(ORDERS - 1);
        assertThat(outTradeNos("merchant=" + TestRecords.merchant(3)))
                .containsExactly(order(10), order(3));
        assertThat(outTradeNos("q=" + order(5))).containsExactly(order(5));
        assertThat(outTradeNos("q=42000026" + order(6))).containsExactly(order(6));
    }

    @Test
    void treatsInjectionAttemptsAsPlainValuesAndRejectsBadParameters() throws Exception {
        assertThat(outTradeNos("q=" + encode("' OR '1'='1"))).isEmpty();
        assertThat(outTradeNos("merchant=" + encode("x'; DROP TABLE incidents; --"))).isEmpty();
        assertThat(get("/api/v1/incidents?state=" + encode("open' OR 1=1 --")).statusCode())
                .isEqualTo(400);
        assertThat(get("/api/v1/incidents?type=NOPE").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/incidents?limit=100000").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/incidents?after=garbage").statusCode()).isEqualTo(400);
        assertThat(outTradeNos("")).hasSize(ORDERS);
    }

    @Test
    void showsOneIncidentWithItsAlertsEvidenceRefundsAndNotifications() throws Exception {
        long id =
                json(get("/api/v1/incidents?q=" + order(2)))
                        .path("incidents")
                        .get(0)
                        .path("incident_id")
                        .asLong();
        JsonNode detail = json(get("/api/v1/incidents/" + id));
        assertThat(detail.path("incident").path("out_trade_no").asText()).isEqualTo(order(2));
        assertThat(detail.path("alerts")).hasSize(1);
        assertThat(
                        detail.path("alerts")
                                .get(0)
                                .path("evidence")
                                .get(1)
                                .path("provider_txn_id")
                                .asText())
                .isEqualTo("42000026" + order(2));
        assertThat(detail.path("refund_requests").get(0).path("state").asText())
                .isEqualTo("requested");
        assertThat(detail.path("notifications").get(0).path("text_zh").asText()).startsWith("订单");
        assertThat(detail.path("actions")).isEmpty();

        assertThat(get("/api/v1/incidents/999999").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/incidents/abc").statusCode()).isEqualTo(400);
    }

    @Test
    void withoutALoginTheServerRefusesToBindANonLoopbackAddress() {
        assertThatThrownBy(
                        () ->
                                ConsoleServer.start(
                                        "0.0.0.0",
                                        0,
                                        db,
                                        () -> true,
                                        ConsoleSecurity.loopbackOnly()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not sign anyone in");
    }

    private static List<String> outTradeNos(String query) throws Exception {
        List<String> result = new ArrayList<>();
        HttpResponse<String> response = get("/api/v1/incidents?" + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        json(response).path("incidents").forEach(i -> result.add(i.path("out_trade_no").asText()));
        return result;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(server.url() + path))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.mapper().readTree(response.body());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
