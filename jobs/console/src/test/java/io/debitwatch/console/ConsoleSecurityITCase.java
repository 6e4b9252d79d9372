package io.debitwatch.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.debitwatch.console.auth.AccountSecurity;
import io.debitwatch.console.auth.AccountStore;
import io.debitwatch.console.auth.AuthSettings;
import io.debitwatch.console.auth.Csrf;
import io.debitwatch.console.auth.MerchantScopes;
import io.debitwatch.core.json.Json;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console's security over real HTTP on 127.0.0.1 and a real PostgreSQL: sign-in, sessions,
 * CSRF, rate limiting, roles, API tokens and headers. Each test gets a fresh database and server.
 */
class ConsoleSecurityITCase extends StoreITCaseBase {

    static final String PASSWORD = "correct horse battery";
    static final String CSP =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                    + " frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private ConsoleDatabase db;
    private ConsoleServer server;
    private AccountStore accounts;
    private WebClient web;

    @BeforeEach
    void start() throws Exception {
        db = env.newDatabase();
        server = serve(AuthSettings.defaults());
        accounts = new AccountStore(db.dataSource());
        accounts.create("olga", Principal.Role.OPERATOR, Principal.MerchantScope.ALL, PASSWORD);
        web = new WebClient(server.url());
    }

    private ConsoleServer serve(AuthSettings settings) {
        return ConsoleServer.start(
                "127.0.0.1", 0, db, () -> true, new AccountSecurity(db.dataSource(), settings));
    }

    @AfterEach
    void stop() {
        server.close();
        db.close();
    }

    @Test
    void signsInWithTheFormAndGetsAStrictHttpOnlySessionCookie() throws Exception {
        HttpResponse<String> page = web.get("/login");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("id=\"username\"", "id=\"password\"", "id=\"login\"")
                .contains("href=\"/auth/login.css\"")
                .doesNotContain("<script", "style=");

        HttpResponse<String> login = web.signIn("olga", PASSWORD);

        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("Location")).hasValue("/");
        assertThat(WebClient.setCookie(login, "dw_session"))
                .contains("HttpOnly")
                .containsIgnoringCase("SameSite=Strict")
                .contains("Path=/")
                .doesNotContain("Secure");
        JsonNode me = json(web.get("/api/v1/me"));
        assertThat(me.path("name").asText()).isEqualTo("olga");
        assertThat(me.path("role").asText()).isEqualTo("operator");
        assertThat(me.path("merchants").isNull()).isTrue();
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswerInEnglishAndChinese() throws Exception {
        HttpResponse<String> wrong = web.signIn("olga", "not the password at all");
        HttpResponse<String> unknown = new WebClient(server.url()).signIn("nobody", PASSWORD);

        for (HttpResponse<String> r : List.of(wrong, unknown)) {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.body()).contains("Wrong username or password.", "用户名或密码错误。");
            assertThat(WebClient.setCookie(r, "dw_session")).isNull();
        }
        assertThat(message(wrong.body())).isEqualTo(message(unknown.body()));
        assertThat(web.get("/api/v1/me").statusCode()).isEqualTo(401);
    }

    @Test
    void theSignInFormWithoutItsCsrfTokenIsRefused() throws Exception {
        web.get("/login");
        HttpResponse<String> r =
                web.postForm("/login", Map.of("username", "olga", "password", PASSWORD));
        assertThat(r.statusCode()).isEqualTo(403);
        HttpResponse<String> wrong =
                web.postForm(
                        "/login",
                        Map.of("username", "olga", "password", PASSWORD, "csrf", "forged"));
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(WebClient.setCookie(wrong, "dw_session")).isNull();
    }

    @Test
    void aStateChangingRequestWithoutOrWithAWrongCsrfTokenIsRefused() throws Exception {
        web.signIn("olga", PASSWORD);
        String token = csrfOf(web);

        assertThat(web.postForm("/logout", Map.of()).statusCode()).isEqualTo(403);
        assertThat(web.postForm("/logout", Map.of("csrf", "x" + token)).statusCode())
                .isEqualTo(403);
        assertThat(web.postForm("/logout", Map.of(), Csrf.HEADER, "wrong").statusCode())
                .isEqualTo(403);
        assertThat(web.get("/api/v1/me").statusCode()).as("still signed in").isEqualTo(200);

        assertThat(web.postForm("/logout", Map.of("csrf", token)).statusCode()).isEqualTo(303);
        assertThat(web.get("/api/v1/me").statusCode()).isEqualTo(401);
    }

    @Test
    void aCsrfTokenOfAnotherSessionDoesNotCount() throws Exception {
        WebClient other = new WebClient(server.url());
        other.signIn("olga", PASSWORD);
        web.signIn("olga", PASSWORD);
        assertThat(web.postForm("/logout", Map.of(), Csrf.HEADER, csrfOf(other)).statusCode())
                .isEqualTo(403);
    }

    @Test
    void fiveWrongPasswordsRateLimitTheUsernameEvenForTheRightPassword() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(web.signIn("olga", "wrong password " + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> limited = web.signIn("olga", PASSWORD);

        assertThat(limited.statusCode()).isEqualTo(429);
        long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 15 * 60L);
        assertThat(limited.body()).contains("Too many failed sign-ins", "登录失败次数过多");
        assertThat(WebClient.setCookie(limited, "dw_session")).isNull();
        // Another account from the same address is not locked out by these five.
        accounts.create("pavel", Principal.Role.VIEWER, Principal.MerchantScope.ALL, PASSWORD);
        assertThat(new WebClient(server.url()).signIn("pavel", PASSWORD).statusCode())
                .isEqualTo(303);
    }

    @Test
    void parallelAttemptsCannotGetPastTheLimitWhilePasswordsAreHashed() throws Exception {
        int attempts = 10;
        List<WebClient> clients = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            WebClient client = new WebClient(server.url());
            tokens.add(client.loginFormToken());
            clients.add(client);
        }
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                WebClient client = clients.get(i);
                Map<String, String> form =
                        Map.of("username", "olga", "password", "guess " + i, "csrf", tokens.get(i));
                answers.add(pool.submit(() -> client.postForm("/login", form).statusCode()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            assertThat(statuses).filteredOn(s -> s == 401).hasSize(5);
            assertThat(statuses).filteredOn(s -> s == 429).hasSize(5);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void manyUsernamesFromOneAddressAreRateLimitedToo() throws Exception {
        server.close();
        AuthSettings d = AuthSettings.defaults();
        server =
                serve(
                        new AuthSettings(
                                d.idleTimeout(),
                                d.absoluteTimeout(),
                                false,
                                5,
                                3,
                                d.failureWindow()));
        web = new WebClient(server.url());
        for (int i = 0; i < 3; i++) {
            assertThat(web.signIn("guess" + i, PASSWORD).statusCode()).isEqualTo(401);
        }
        assertThat(web.signIn("olga", PASSWORD).statusCode()).isEqualTo(429);
    }

    @Test
    void signingInIssuesANewSessionIdAndAPlantedOneNeverBecomesValid() throws Exception {
        String planted = "attacker-chosen-session-id-0000000000000000";
        web.cookies.put("dw_session", planted);

        HttpResponse<String> login = web.signIn("olga", PASSWORD);

        String issued = web.cookies.get("dw_session");
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(issued).isNotEqualTo(planted).hasSize(43);
        WebClient attacker = new WebClient(server.url());
        attacker.cookies.put("dw_session", planted);
        assertThat(attacker.get("/api/v1/me").statusCode()).isEqualTo(401);

        // Signing in again from a signed-in browser replaces its session too.
        web.signIn("olga", PASSWORD);
        assertThat(web.cookies.get("dw_session")).isNotEqualTo(issued);
        WebClient old = new WebClient(server.url());
        old.cookies.put("dw_session", issued);
        assertThat(old.get("/api/v1/me").statusCode()).isEqualTo(401);
        assertThat(web.get("/api/v1/me").statusCode()).isEqualTo(200);
    }

    @Test
    void logoutEndsTheSessionOnTheServer() throws Exception {
        web.signIn("olga", PASSWORD);
        String session = web.cookies.get("dw_session");
        HttpResponse<String> out = web.postForm("/logout", Map.of("csrf", csrfOf(web)));
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Location")).hasValue("/login?signed-out");

        WebClient replay = new WebClient(server.url());
        replay.cookies.put("dw_session", session);
        assertThat(replay.get("/api/v1/me").statusCode()).isEqualTo(401);
        assertThat(count("SELECT count(*) FROM sessions")).isZero();
    }

    @Test
    void idleAndAbsoluteTimeoutsEndASession() throws Exception {
        web.signIn("olga", PASSWORD);
        assertThat(web.get("/api/v1/me").statusCode()).isEqualTo(200);
        execute("UPDATE sessions SET last_seen_at = now() - interval '31 minutes'");
        assertThat(web.get("/api/v1/me").statusCode()).isEqualTo(401);

        web.signIn("olga", PASSWORD);
        assertThat(web.get("/api/v1/me").statusCode()).isEqualTo(200);
        execute("UPDATE sessions SET expires_at = now() - interval '1 second'");
        assertThat(web.get("/api/v1/me").statusCode()).isEqualTo(401);
    }

    @Test
    void anonymousRequestsGet401OnTheApiAndARedirectForPages() throws Exception {
        HttpResponse<String> api = web.get("/api/v1/incidents");
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(json(api).path("error").asText()).isNotEmpty();
        assertThat(web.get("/api/v1/incidents/1").statusCode()).isEqualTo(401);

        HttpResponse<String> page = web.get("/incidents?state=open");
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location"))
                .hasValue("/login?next=%2Fincidents%3Fstate%3Dopen");
        assertThat(web.get("/").statusCode()).isEqualTo(303);

        assertThat(web.get("/healthz").statusCode()).isEqualTo(200);
        assertThat(web.get("/readyz").statusCode()).isEqualTo(200);
        HttpResponse<String> css = web.get("/auth/login.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/css");
    }

    @Test
    void signingInLeadsBackToTheRequestedPageButNeverOffSite() throws Exception {
        String token = web.loginFormToken();
        HttpResponse<String> back =
                web.postForm(
                        "/login",
                        Map.of(
                                "username",
                                "olga",
                                "password",
                                PASSWORD,
                                "csrf",
                                token,
                                "next",
                                "/incidents?state=open"));
        assertThat(back.headers().firstValue("Location")).hasValue("/incidents?state=open");

        WebClient other = new WebClient(server.url());
        HttpResponse<String> offSite =
                other.postForm(
                        "/login",
                        Map.of(
                                "username",
                                "olga",
                                "password",
                                PASSWORD,
                                "csrf",
                                other.loginFormToken(),
                                "next",
                                "//evil.example/"));
        assertThat(offSite.headers().firstValue("Location")).hasValue("/");
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() throws Exception {
        for (String path : new String[] {"/healthz", "/login", "/api/v1/incidents", "/x"}) {
            HttpResponse<String> r = web.get(path);
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).hasValue(CSP);
            assertThat(r.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
            assertThat(r.headers().firstValue("X-Content-Type-Options"))
                    .as(path)
                    .hasValue("nosniff");
            assertThat(r.headers().firstValue("Cache-Control")).as(path).hasValue("no-store");
        }
    }

    @Test
    void onlyAnAdminMayCallTheAdminApi() throws Exception {
        accounts.create("vera", Principal.Role.VIEWER, Principal.MerchantScope.ALL, PASSWORD);
        accounts.create("adam", Principal.Role.ADMIN, Principal.MerchantScope.ALL, PASSWORD);
        WebClient viewer = new WebClient(server.url());
        viewer.signIn("vera", PASSWORD);
        WebClient operator = web;
        operator.signIn("olga", PASSWORD);
        WebClient admin = new WebClient(server.url());
        admin.signIn("adam", PASSWORD);

        assertThat(viewer.get("/api/v1/admin/accounts").statusCode()).isEqualTo(403);
        for (String odd :
                new String[] {
                    "/api/v1//admin/accounts", "/api/v1/admin/accounts/", "/api//v1/admin/accounts"
                }) {
            assertThat(viewer.get(odd).statusCode()).as(odd).isIn(400, 403, 404);
        }
        assertThat(operator.get("/api/v1/admin/accounts").statusCode()).isEqualTo(403);
        String body = "{\"name\":\"ci\",\"role\":\"admin\"}";
        assertThat(
                        viewer.postJson("/api/v1/admin/tokens", body, Csrf.HEADER, csrfOf(viewer))
                                .statusCode())
                .isEqualTo(403);
        HttpResponse<String> list = admin.get("/api/v1/admin/accounts");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"vera\"", "\"olga\"", "\"adam\"").doesNotContain("$2");
    }

    @Test
    void anApiTokenWorksWithoutCsrfUntilItIsRevoked() throws Exception {
        accounts.create("adam", Principal.Role.ADMIN, Principal.MerchantScope.ALL, PASSWORD);
        WebClient admin = new WebClient(server.url());
        admin.signIn("adam", PASSWORD);
        HttpResponse<String> created =
                admin.postJson(
                        "/api/v1/admin/tokens",
                        "{\"name\":\"acquirer-a\",\"role\":\"viewer\",\"merchants\":[\"M1\"]}",
                        Csrf.HEADER,
                        csrfOf(admin));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String secret = json(created).path("token").asText();
        assertThat(secret).startsWith("dwt_");

        WebClient machine = new WebClient(server.url());
        String bearer = "Bearer " + secret;
        JsonNode me = json(machine.get("/api/v1/me", "Authorization", bearer));
        assertThat(me.path("name").asText()).isEqualTo("token:acquirer-a");
        assertThat(me.path("role").asText()).isEqualTo("viewer");
        assertThat(me.path("merchants").toString()).isEqualTo("[\"M1\"]");
        assertThat(machine.get("/api/v1/incidents", "Authorization", bearer).statusCode())
                .isEqualTo(200);
        assertThat(machine.cookies).isEmpty();
        assertThat(count("SELECT count(*) FROM api_tokens WHERE last_used_at IS NOT NULL"))
                .isEqualTo(1);

        // An admin token may change things without a CSRF token: it is not a cookie.
        HttpResponse<String> adminToken =
                admin.postJson(
                        "/api/v1/admin/tokens",
                        "{\"name\":\"ops-bot\",\"role\":\"admin\"}",
                        Csrf.HEADER,
                        csrfOf(admin));
        String bot = "Bearer " + json(adminToken).path("token").asText();
        assertThat(
                        machine.delete("/api/v1/admin/tokens/acquirer-a", "Authorization", bot)
                                .statusCode())
                .isEqualTo(204);

        assertThat(machine.get("/api/v1/incidents", "Authorization", bearer).statusCode())
                .isEqualTo(401);
        assertThat(machine.get("/api/v1/me", "Authorization", "Bearer dwt_made-up").statusCode())
                .isEqualTo(401);
        assertThat(count("SELECT count(*) FROM api_tokens WHERE token_hash = ?", sha256(secret)))
                .isEqualTo(1);
        assertThat(
                        count(
                                "SELECT count(*) FROM api_tokens WHERE position(? in"
                                        + " encode(token_hash, 'escape')) > 0",
                                secret))
                .isZero();
    }

    @Test
    void aMerchantScopedAccountCarriesItsScopeOnEveryRequest() throws Exception {
        accounts.create("mia", Principal.Role.OPERATOR, MerchantScopes.parse("M2, M1"), PASSWORD);
        web.signIn("mia", PASSWORD);
        JsonNode me = json(web.get("/api/v1/me"));
        assertThat(me.path("merchants").toString()).isEqualTo("[\"M1\",\"M2\"]");
        assertThat(accounts.find("MIA").orElseThrow().principal().scope())
                .isEqualTo(Principal.MerchantScope.only(java.util.Set.of("M1", "M2")));
    }

    @Test
    void passwordsAreStoredAsBcryptHashesAndSessionIdsAsDigests() throws Exception {
        String hash;
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps =
                        c.prepareStatement(
                                "SELECT password_hash FROM accounts WHERE username = 'olga'");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            hash = rs.getString(1);
        }
        assertThat(hash).startsWith("$2a$12$").hasSize(60).doesNotContain(PASSWORD);

        web.signIn("olga", PASSWORD);
        String session = web.cookies.get("dw_session");
        assertThat(count("SELECT count(*) FROM sessions WHERE session_hash = ?", sha256(session)))
                .isEqualTo(1);
        assertThat(
                        count(
                                "SELECT count(*) FROM sessions WHERE session_hash = ?",
                                session.getBytes(StandardCharsets.UTF_8)))
                .isZero();
    }

    @Test
    void disablingAnAccountOrSettingItsPasswordEndsItsSessions() throws Exception {
        web.signIn("olga", PASSWORD);
        accounts.setDisabled("olga", true);
        assertThat(web.get("/api/v1/me").statusCode()).isEqualTo(401);
        assertThat(web.signIn("olga", PASSWORD).statusCode()).isEqualTo(401);

        accounts.setDisabled("olga", false);
        assertThat(web.signIn("olga", PASSWORD).statusCode()).isEqualTo(303);
        String newPassword = "a brand new passphrase";
        assertThat(accounts.setPassword("olga", newPassword)).isTrue();
        assertThat(web.get("/api/v1/me").statusCode()).isEqualTo(401);
        assertThat(web.signIn("olga", PASSWORD).statusCode()).isEqualTo(401);
        assertThat(web.signIn("olga", newPassword).statusCode()).isEqualTo(303);
        assertThat(accounts.setPassword("nobody", newPassword)).isFalse();
    }

    @Test
    void anAdminDisablesAnAccountThroughTheApiButNotItself() throws Exception {
        accounts.create("adam", Principal.Role.ADMIN, Principal.MerchantScope.ALL, PASSWORD);
        WebClient admin = new WebClient(server.url());
        admin.signIn("adam", PASSWORD);
        web.signIn("olga", PASSWORD);
        String csrf = csrfOf(admin);

        assertThat(
                        admin.postForm("/api/v1/admin/accounts/olga/disable", Map.of("csrf", csrf))
                                .statusCode())
                .isEqualTo(204);
        assertThat(web.get("/api/v1/me").statusCode()).isEqualTo(401);
        assertThat(
                        admin.postForm("/api/v1/admin/accounts/adam/disable", Map.of("csrf", csrf))
                                .statusCode())
                .isEqualTo(400);
        assertThat(
                        admin.postForm("/api/v1/admin/accounts/ghost/disable", Map.of("csrf", csrf))
                                .statusCode())
                .isEqualTo(404);
    }

    @Test
    void theSessionCookieIsSecureWhenTheConsoleIsBehindTls() throws Exception {
        server.close();
        server = serve(AuthSettings.defaults().withSecureCookies(true));
        web = new WebClient(server.url());
        HttpResponse<String> login = web.signIn("olga", PASSWORD);
        assertThat(WebClient.setCookie(login, "dw_session")).contains("Secure", "HttpOnly");
    }

    @Test
    void theConsoleServiceStartsWithThisSecurityInFront() throws Exception {
        Console.Settings settings =
                new Console.Settings(
                        env.kafka.bootstrapServers(),
                        env.newTopics(1),
                        null,
                        env.newDatabaseUrl(),
                        EmbeddedPostgresServer.USER,
                        null,
                        "127.0.0.1",
                        0);
        try (Console console = Console.start(settings)) {
            WebClient anonymous = new WebClient(console.url());
            assertThat(anonymous.get("/api/v1/incidents").statusCode()).isEqualTo(401);
            assertThat(anonymous.get("/healthz").statusCode()).isEqualTo(200);
            assertThat(anonymous.get("/login").statusCode()).isEqualTo(200);
            new AccountStore(console.database().dataSource())
                    .create("ida", Principal.Role.VIEWER, Principal.MerchantScope.ALL, PASSWORD);
            assertThat(anonymous.signIn("ida", PASSWORD).statusCode()).isEqualTo(303);
            assertThat(anonymous.get("/api/v1/incidents").statusCode()).isEqualTo(200);
        }
    }

    private static String csrfOf(WebClient client) throws Exception {
        return json(client.get("/api/v1/me")).path("csrf_token").asText();
    }

    private long count(String sql, Object... params) throws Exception {
        return StoreTestEnvironment.queryLong(db.dataSource(), sql, params);
    }

    private void execute(String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.executeUpdate();
        }
    }

    private static byte[] sha256(String s) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String message(String html) {
        int start = html.indexOf("<p class=\"message");
        return html.substring(start, html.indexOf("</p>", start));
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.mapper().readTree(r.body());
    }
}
