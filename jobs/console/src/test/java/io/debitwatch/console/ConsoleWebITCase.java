package io.debitwatch.console;

import static io.debitwatch.console.ConsoleFixture.HOSTILE_ORDER;
import static io.debitwatch.console.TestRecords.merchant;
import static io.debitwatch.console.TestRecords.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.debitwatch.console.auth.AccountSecurity;
import io.debitwatch.console.auth.AccountStore;
import io.debitwatch.console.auth.AuthSettings;
import io.debitwatch.console.auth.Csrf;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.model.Action;
import io.debitwatch.core.model.AlertType;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The web console's pages and API over HTTP, with a fixed principal per server (an operator who
 * sees every merchant, a viewer, and an operator scoped to one merchant): merchant scope, actions
 * and their audit trail, roles, CSV, escaping, breakdown numbers, the live feed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleWebITCase extends StoreITCaseBase {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String SCOPED_MERCHANT = merchant(3);
    // A test password, for an account that lives as long as the test's database.
    private static final String PASSWORD = "web test passphrase";

    private static ConsoleFixture fixture;
    private static ConsoleServer operator;
    private static ConsoleServer viewer;
    private static ConsoleServer scoped;

    @BeforeAll
    static void start() throws Exception {
        fixture = ConsoleFixture.load(env);
        operator =
                server(
                        new Principal(
                                "olivia", Principal.Role.OPERATOR, Principal.MerchantScope.ALL));
        viewer =
                server(new Principal("victor", Principal.Role.VIEWER, Principal.MerchantScope.ALL));
        scoped =
                server(
                        new Principal(
                                "mia",
                                Principal.Role.OPERATOR,
                                Principal.MerchantScope.only(Set.of(SCOPED_MERCHANT))));
    }

    private static ConsoleServer server(Principal p) {
        return ConsoleServer.start("127.0.0.1", 0, fixture.db, () -> true, TestSecurity.as(p));
    }

    @AfterAll
    static void stop() {
        for (ConsoleServer s : new ConsoleServer[] {operator, viewer, scoped}) {
            if (s != null) {
                s.close();
            }
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aMerchantScopedUserSeesOnlyItsMerchantInTheListCsvBreakdownsAndMoneyAtRisk()
            throws Exception {
        assertThat(outTradeNos(scoped, "")).containsExactly(order(10), order(3));
        assertThat(outTradeNos(scoped, "merchant=" + merchant(2))).isEmpty();
        assertThat(outTradeNos(scoped, "q=" + order(2))).isEmpty();

        String csv = get(scoped, "/api/v1/incidents.csv").body();
        assertThat(csv.split("\r\n")).hasSize(3);
        assertThat(csv).contains(order(3), order(10)).doesNotContain(order(2));

        JsonNode breakdowns = json(get(scoped, "/api/v1/breakdowns"));
        assertThat(breakdowns.path("incidents").asLong()).isEqualTo(2);
        assertThat(breakdowns.path("unmatched_debits").asLong()).isEqualTo(1);

        JsonNode atRisk = json(get(scoped, "/api/v1/at-risk")).path("at_risk");
        assertThat(atRisk).hasSize(1);
        assertThat(atRisk.get(0).path("amount_minor").asLong()).isEqualTo(3999 + 3);
        assertThat(get(scoped, "/incidents").body()).contains("40.02 CNY in 1 incident");
    }

    @Test
    void anotherMerchantsIncidentIsNotFoundForAScopedUserNotForbidden() throws Exception {
        long other = fixture.incidentId(2);
        long own = fixture.incidentId(3);
        assertThat(get(scoped, "/api/v1/incidents/" + other).statusCode()).isEqualTo(404);
        assertThat(get(scoped, "/incidents/" + other).statusCode()).isEqualTo(404);
        assertThat(get(scoped, "/api/v1/incidents/" + own).statusCode()).isEqualTo(200);
        assertThat(get(scoped, "/incidents/" + own).body()).contains(order(3));
        // Acting on it is the same 404, and leaves no trace.
        HttpResponse<String> act =
                post(
                        scoped,
                        "/api/v1/incidents/" + other + "/actions",
                        "{\"action\":\"acknowledge\"}");
        assertThat(act.statusCode()).isEqualTo(404);
        assertThat(actionCount(other)).isZero();
    }

    @Test
    void operatorActionsChangeTheIncidentAndAppendToAnAuditTrailNobodyCanEdit() throws Exception {
        long id = fixture.incidentId(11);
        String path = "/api/v1/incidents/" + id + "/actions";
        assertThat(post(operator, path, "{\"action\":\"acknowledge\"}").statusCode())
                .isEqualTo(201);
        assertThat(
                        post(operator, path, "{\"action\":\"assign\",\"text\":\"Li Na 李娜\"}")
                                .statusCode())
                .isEqualTo(201);
        assertThat(
                        post(operator, path, "{\"action\":\"note\",\"text\":\"called the store\"}")
                                .statusCode())
                .isEqualTo(201);
        HttpResponse<String> again = post(operator, path, "{\"action\":\"acknowledge\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(post(operator, path, "{\"action\":\"close\"}").statusCode()).isEqualTo(400);
        assertThat(post(operator, path, "{\"action\":\"delete\"}").statusCode()).isEqualTo(400);
        assertThat(post(operator, path, "not json").statusCode()).isEqualTo(400);
        assertThat(
                        post(
                                        operator,
                                        path,
                                        "{\"action\":\"close\",\"reason\":\"refunded by hand\"}")
                                .statusCode())
                .isEqualTo(201);

        JsonNode detail = json(get(operator, "/api/v1/incidents/" + id));
        assertThat(detail.path("incident").path("state").asText()).isEqualTo("resolved");
        assertThat(detail.path("incident").path("assignee").asText()).isEqualTo("Li Na 李娜");
        assertThat(detail.path("incident").path("closed_reason").asText())
                .isEqualTo("refunded by hand");
        List<String> trail = new ArrayList<>();
        detail.path("actions")
                .forEach(
                        a ->
                                trail.add(
                                        a.path("actor").asText()
                                                + ":"
                                                + a.path("action").asText()
                                                + ":"
                                                + a.path("note").asText()));
        assertThat(trail)
                .containsExactly(
                        "olivia:acknowledge:null",
                        "olivia:assign:Li Na 李娜",
                        "olivia:note:called the store",
                        "olivia:close:refunded by hand");
        assertThat(get(operator, "/incidents/" + id).body()).contains("called the store", "olivia");

        try (Connection c = fixture.db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            assertThatThrownBy(
                            () -> s.executeUpdate("UPDATE operator_actions SET actor = 'mallory'"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("audit trail");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM operator_actions"))
                    .isInstanceOf(SQLException.class);
        }
        assertThat(actionCount(id)).isEqualTo(4);
    }

    @Test
    void theHtmlFormActsToo() throws Exception {
        long id = fixture.incidentId(12);
        HttpResponse<String> response =
                postForm(
                        operator,
                        "/incidents/" + id + "/actions",
                        "action=note&text=" + encode("form note <b>"));
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).hasValue("/incidents/" + id);
        String page = get(operator, "/incidents/" + id).body();
        assertThat(page).contains("form note &lt;b&gt;").doesNotContain("form note <b>");
    }

    @Test
    void behindTheRealSignInAnActionNeedsTheSessionsCsrfTokenWhichThePagesCarry() throws Exception {
        try (ConsoleServer real =
                ConsoleServer.start(
                        "127.0.0.1",
                        0,
                        fixture.db,
                        () -> true,
                        new AccountSecurity(fixture.db.dataSource(), AuthSettings.defaults()))) {
            new AccountStore(fixture.db.dataSource())
                    .create("otto", Principal.Role.OPERATOR, Principal.MerchantScope.ALL, PASSWORD);
            WebClient web = new WebClient(real.url());
            assertThat(web.signIn("otto", PASSWORD).statusCode()).isEqualTo(303);
            long id = fixture.incidentId(9);
            String page = web.get("/incidents/" + id).body();
            Matcher meta =
                    Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\">")
                            .matcher(page);
            assertThat(meta.find()).isTrue();
            String token = meta.group(1);
            assertThat(page).contains("name=\"csrf\" value=\"" + token + "\"");

            String path = "/api/v1/incidents/" + id + "/actions";
            long before = actionCount(id);
            assertThat(
                            web.postJson(path, "{\"action\":\"note\",\"text\":\"no token\"}")
                                    .statusCode())
                    .isEqualTo(403);
            assertThat(actionCount(id)).isEqualTo(before);
            assertThat(
                            web.postJson(
                                            path,
                                            "{\"action\":\"note\",\"text\":\"with token\"}",
                                            Csrf.HEADER,
                                            token)
                                    .statusCode())
                    .isEqualTo(201);
            assertThat(
                            web.postForm(
                                            "/incidents/" + id + "/actions",
                                            Map.of(
                                                    "action", "note", "text", "by form", "csrf",
                                                    token))
                                    .statusCode())
                    .isEqualTo(303);
            assertThat(actionCount(id)).isEqualTo(before + 2);
            JsonNode last = json(web.get("/api/v1/incidents/" + id)).path("actions");
            assertThat(last.get(last.size() - 1).path("actor").asText()).isEqualTo("otto");
        }
    }

    @Test
    void aViewerReadsButCannotAct() throws Exception {
        long id = fixture.incidentId(10);
        assertThat(
                        post(
                                        viewer,
                                        "/api/v1/incidents/" + id + "/actions",
                                        "{\"action\":\"acknowledge\"}")
                                .statusCode())
                .isEqualTo(403);
        assertThat(
                        postForm(viewer, "/incidents/" + id + "/actions", "action=acknowledge")
                                .statusCode())
                .isEqualTo(403);
        assertThat(actionCount(id)).isZero();
        String page = get(viewer, "/incidents/" + id).body();
        assertThat(page).contains("id=\"read-only\"").doesNotContain("id=\"acknowledge\"");
        assertThat(get(operator, "/incidents/" + id).body()).contains("id=\"acknowledge\"");
    }

    @Test
    void pagesEscapeHostileTextAndCarryTheContentSecurityPolicy() throws Exception {
        HttpResponse<String> list = get(operator, "/incidents");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body())
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;")
                .doesNotContain("<script>alert");
        assertThat(list.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'", "style-src 'self'");
        long id = fixture.incidentId(HOSTILE_ORDER);
        assertThat(get(operator, "/incidents/" + id).body())
                .contains("=HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;)")
                .doesNotContain("<script>alert");
        // A hostile filter value is echoed escaped in the form.
        assertThat(get(operator, "/incidents?q=" + encode("\"><script>x</script>")).body())
                .contains("value=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\"");
    }

    @Test
    void csvExportsTheCurrentFilterWithFormulaCellsDefused() throws Exception {
        HttpResponse<String> all = get(operator, "/api/v1/incidents.csv");
        assertThat(all.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        String[] lines = all.body().split("\r\n");
        assertThat(lines).hasSize(ConsoleFixture.ORDERS + 2);
        assertThat(lines[0]).startsWith("incident_id,state,type,");
        String hostileLine =
                List.of(lines).stream().filter(l -> l.contains("script")).findFirst().orElseThrow();
        assertThat(hostileLine)
                .contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",")
                .contains("<script>alert('x')</script>\"\"&");

        String stuck = get(operator, "/api/v1/incidents.csv?type=STUCK_PAYMENT").body();
        assertThat(stuck.split("\r\n")).hasSize(3);
        assertThat(stuck).contains(order(10), order(11)).doesNotContain(order(3));
    }

    @Test
    void breakdownsCountIncidentsAndDebitedButFailedOnesByEachDimension() throws Exception {
        JsonNode b = json(get(operator, "/api/v1/breakdowns"));
        int total = ConsoleFixture.ORDERS + 1;
        assertThat(b.path("incidents").asLong()).isEqualTo(total);
        assertThat(b.path("unmatched_debits").asLong()).isEqualTo(11);
        long perHour = 0;
        for (JsonNode h : b.path("per_hour")) {
            perHour += h.path("incidents").asLong();
        }
        assertThat(perHour).isEqualTo(total);
        JsonNode stores = b.path("by_dimension").path("store");
        assertThat(group(stores, "store-B").path("incidents").asLong()).isEqualTo(8);
        assertThat(group(stores, "store-B").path("unmatched_debits").asLong()).isEqualTo(5);
        assertThat(group(stores, "store-A").path("incidents").asLong()).isEqualTo(5);
        assertThat(group(stores, "store-A").path("unmatched_debits").asLong()).isEqualTo(5);
        assertThat(group(stores, null).path("incidents").asLong()).isEqualTo(1);
        JsonNode errors = b.path("by_dimension").path("error_code");
        assertThat(group(errors, "NETWORK_TIMEOUT").path("share_of_incidents").asDouble())
                .isEqualTo(Math.round(10_000.0 * 5 / total) / 10_000.0);
        JsonNode merchants = b.path("by_dimension").path("merchant");
        assertThat(group(merchants, merchant(3)).path("incidents").asLong()).isEqualTo(2);
        assertThat(group(merchants, merchant(3)).path("unmatched_debits").asLong()).isEqualTo(1);
        assertThat(
                        group(b.path("by_dimension").path("provider"), "WECHAT")
                                .path("incidents")
                                .asLong())
                .isEqualTo(total);

        String page = get(operator, "/breakdowns").body();
        assertThat(page)
                .contains("<svg id=\"per-hour-chart\"", "<svg id=\"chart-app_version\"", "2.3.1");
    }

    @Test
    void sortsByAmountAndAgeAndPagesByKeysetInEachOrder() throws Exception {
        List<String> byAmount = allPages(operator, "sort=amount&type=UNMATCHED_DEBIT", 4);
        assertThat(byAmount).hasSize(11);
        // Amounts are 3999 + i, so the larger i, the larger the amount.
        assertThat(byAmount.get(0)).isEqualTo(HOSTILE_ORDER);
        assertThat(byAmount.subList(1, 11))
                .containsExactly(
                        order(9), order(8), order(7), order(6), order(5), order(4), order(3),
                        order(2), order(1), order(0));
        List<String> oldest = allPages(operator, "sort=oldest", 5);
        assertThat(oldest.get(0)).isEqualTo(order(0));
        assertThat(oldest).hasSize(ConsoleFixture.ORDERS + 1).doesNotHaveDuplicates();
        String cursor = json(get(operator, "/api/v1/incidents?limit=2")).path("next").asText();
        assertThat(get(operator, "/api/v1/incidents?sort=amount&after=" + cursor).statusCode())
                .isEqualTo(400);
    }

    @Test
    void everyFilterTakesInjectionAttemptsAsPlainValues() throws Exception {
        String attack = encode("x' OR '1'='1");
        for (String param : List.of("merchant", "store", "app_version", "q")) {
            assertThat(outTradeNos(operator, param + "=" + attack)).as(param).isEmpty();
            assertThat(outTradeNos(operator, param + "=" + encode("x'; DROP TABLE incidents; --")))
                    .as(param)
                    .isEmpty();
        }
        for (String param :
                List.of("state", "type", "provider", "sort", "limit", "after", "since")) {
            String path = param.equals("since") ? "/api/v1/events?" : "/api/v1/incidents?";
            assertThat(get(operator, path + param + "=" + attack).statusCode())
                    .as(param)
                    .isEqualTo(400);
        }
        assertThat(get(operator, "/incidents?type=" + attack).statusCode()).isEqualTo(400);
        assertThat(get(operator, "/api/v1/incidents.csv?state=" + attack).statusCode())
                .isEqualTo(400);
        assertThat(outTradeNos(operator, "store=store-A")).hasSize(5);
        assertThat(outTradeNos(operator, "app_version=2.4.0&type=STUCK_PAYMENT"))
                .containsExactly(order(11), order(10));
        assertThat(outTradeNos(operator, "provider=WECHAT&limit=500"))
                .hasSize(ConsoleFixture.ORDERS + 1);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void theLiveFeedSendsNewIncidentsOnceMaterialisedEachClientOnlyInItsScope() throws Exception {
        try (SseStream all = new SseStream(HTTP, operator.url() + "/api/v1/events");
                SseStream mine =
                        new SseStream(HTTP, scoped.url() + "/api/v1/events?type=UNMATCHED_DEBIT")) {
            assertThat(all.status).isEqualTo(200);
            assertThat(mine.status).isEqualTo(200);
            awaitSubscribed(2);
            // Another merchant's incident first, then one of the scoped merchant's, in one commit.
            ConsoleFixture.send(
                    env,
                    fixture.topics,
                    List.of(
                            new Object[] {fixture.topics.alerts(), TestRecords.unmatchedDebit(20)},
                            new Object[] {
                                fixture.topics.alerts(), TestRecords.unmatchedDebit(24)
                            }));
            // merchant(24) == merchant(3): in scope; merchant(20) is not.
            JsonNode first = Json.mapper().readTree(mine.next("incident", TIMEOUT).data());
            assertThat(first.path("incident").path("out_trade_no").asText()).isEqualTo(order(24));
            assertThat(first.path("cells").get(10).asText()).isEqualTo("40.23 CNY");
            assertThat(
                            Json.mapper()
                                    .readTree(mine.next("at-risk", TIMEOUT).data())
                                    .path("text")
                                    .asText())
                    .isEqualTo("80.25 CNY in 2 incidents");

            List<String> seen = new ArrayList<>();
            seen.add(
                    Json.mapper()
                            .readTree(all.next("incident", TIMEOUT).data())
                            .path("incident")
                            .path("out_trade_no")
                            .asText());
            seen.add(
                    Json.mapper()
                            .readTree(all.next("incident", TIMEOUT).data())
                            .path("incident")
                            .path("out_trade_no")
                            .asText());
            assertThat(seen).containsExactlyInAnyOrder(order(20), order(24));

            // A STUCK_PAYMENT of the scoped merchant does not match the scoped client's filter.
            ConsoleFixture.send(
                    env,
                    fixture.topics,
                    List.of(
                            new Object[] {
                                fixture.topics.alerts(),
                                TestRecords.alert(
                                        31, AlertType.STUCK_PAYMENT, Action.QUERY, "PENDING", null)
                            },
                            new Object[] {
                                fixture.topics.alerts(), TestRecords.unmatchedDebit(38)
                            }));
            assertThat(
                            Json.mapper()
                                    .readTree(mine.next("incident", TIMEOUT).data())
                                    .path("incident")
                                    .path("out_trade_no")
                                    .asText())
                    .isEqualTo(order(38));
        }
    }

    private static void awaitSubscribed(int n) throws Exception {
        // The feed registers a client when its connection is set up; until then it would miss
        // nothing (it starts from the change counter at subscription), but the test would race.
        Await.until(TIMEOUT, "the live feed's clients", () -> liveClients() >= n);
    }

    private static int liveClients() {
        return operator.liveClients() + scoped.liveClients();
    }

    private static JsonNode group(JsonNode groups, String value) {
        for (JsonNode g : groups) {
            if (value == null ? g.path("value").isNull() : value.equals(g.path("value").asText())) {
                return g;
            }
        }
        throw new AssertionError("no group " + value + " in " + groups);
    }

    private static long actionCount(long id) throws Exception {
        return StoreTestEnvironment.queryLong(
                fixture.db.dataSource(),
                "SELECT count(*) FROM operator_actions WHERE incident_id = ?",
                id);
    }

    private static List<String> allPages(ConsoleServer s, String query, int limit)
            throws Exception {
        List<String> seen = new ArrayList<>();
        String after = "";
        do {
            JsonNode page =
                    json(
                            get(
                                    s,
                                    "/api/v1/incidents?"
                                            + query
                                            + "&limit="
                                            + limit
                                            + "&after="
                                            + after));
            page.path("incidents").forEach(i -> seen.add(i.path("out_trade_no").asText()));
            after = page.path("next").isNull() ? null : page.path("next").asText();
        } while (after != null);
        return seen;
    }

    private static List<String> outTradeNos(ConsoleServer s, String query) throws Exception {
        List<String> result = new ArrayList<>();
        HttpResponse<String> response = get(s, "/api/v1/incidents?" + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        json(response).path("incidents").forEach(i -> result.add(i.path("out_trade_no").asText()));
        return result;
    }

    private static HttpResponse<String> get(ConsoleServer s, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(s.url() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(ConsoleServer s, String path, String json)
            throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(s.url() + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postForm(ConsoleServer s, String path, String form)
            throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(s.url() + path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
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
