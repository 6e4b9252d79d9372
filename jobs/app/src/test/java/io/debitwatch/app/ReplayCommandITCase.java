package io.debitwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.providers.testing.SignedNotifications;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user runs it: {@code debitwatch replay} over the bundled sample. */
class ReplayCommandITCase {

    @TempDir Path dir;

    private Path sample(String name) throws Exception {
        Path target = dir.resolve(name);
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("sample/" + name)) {
            Files.copy(in, target);
        }
        return target;
    }

    private static Cli.Run run(String... args) {
        return Cli.run(args);
    }

    @Test
    void replayPrintsItsSummaryAndWritesTheFourFiles() throws Exception {
        Path out = dir.resolve("out");
        Cli.Run r =
                run(
                        "replay",
                        "--terminal-events",
                        sample("terminal-events.ndjson").toString(),
                        "--provider-events",
                        sample("provider-events.ndjson").toString(),
                        "--as-of",
                        "horizon",
                        "--out",
                        out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("records read      72 (terminal 44, provider 28)")
                .contains("dead letters      6")
                .contains("alerts            19")
                .contains("UNMATCHED_DEBIT     11")
                .contains("refund requests   10")
                .contains("early warnings 7")
                .containsPattern("elapsed +[0-9.]+ s, [0-9,]+ events/s");
        for (String file :
                new String[] {
                    "alerts.ndjson",
                    "refund-requests.ndjson",
                    "notifications.ndjson",
                    "dead-letters.ndjson"
                }) {
            assertThat(out.resolve(file)).isNotEmptyFile();
        }
    }

    @Test
    void simulatedTrafficReplaysToExactlyItsGroundTruth() throws Exception {
        Path sim = dir.resolve("sim");
        Path out = dir.resolve("sim-out");
        assertThat(
                        run("simulate", "--orders", "3000", "--seed", "5", "--out", sim.toString())
                                .exit())
                .isZero();
        Cli.Run r =
                run(
                        "replay",
                        "--terminal-events",
                        sim.resolve("terminal-events.ndjson").toString(),
                        "--provider-events",
                        sim.resolve("provider-events.ndjson").toString(),
                        "--as-of",
                        "horizon",
                        "--out",
                        out.toString());
        assertThat(r.exit()).as(r.err()).isZero();

        java.util.Set<String> expected = new java.util.TreeSet<>();
        long expectedDead = 0;
        for (String line : Files.readAllLines(sim.resolve("ground-truth.ndjson"))) {
            var g = io.debitwatch.core.json.Json.mapper().readTree(line);
            switch (g.get("record").asText()) {
                case "ALERT" ->
                        expected.add(
                                "ALERT "
                                        + g.get("out_trade_no").asText()
                                        + " "
                                        + g.get("type").asText()
                                        + " "
                                        + g.get("action").asText()
                                        + " "
                                        + g.get("amount_minor").asLong()
                                        + " "
                                        + java.time.Instant.parse(g.get("decided_at").asText()));
                case "REFUND_REQUEST" ->
                        expected.add(
                                "REFUND "
                                        + g.get("refund_request_id").asText()
                                        + " "
                                        + g.get("amount_minor").asLong());
                case "DEAD_LETTER" -> expectedDead++;
                default -> {}
            }
        }
        java.util.Set<String> actual = new java.util.TreeSet<>();
        for (String line : Files.readAllLines(out.resolve("alerts.ndjson"))) {
            var a = io.debitwatch.core.json.Json.read(line, io.debitwatch.core.model.Alert.class);
            actual.add(
                    "ALERT "
                            + a.outTradeNo()
                            + " "
                            + a.type()
                            + " "
                            + a.action()
                            + " "
                            + (a.amountMinor() == null ? 0 : a.amountMinor())
                            + " "
                            + a.decidedAt());
        }
        for (String line : Files.readAllLines(out.resolve("refund-requests.ndjson"))) {
            var f =
                    io.debitwatch.core.json.Json.read(
                            line, io.debitwatch.core.model.RefundRequest.class);
            actual.add("REFUND " + f.refundRequestId() + " " + f.amountMinor());
        }
        assertThat(actual).hasSizeGreaterThan(100).isEqualTo(expected);
        assertThat(Files.readAllLines(out.resolve("dead-letters.ndjson")))
                .hasSize((int) expectedDead);
    }

    @Test
    void aMissingInputFileIsAClearErrorNotAStackTrace() throws Exception {
        Cli.Run r =
                run(
                        "replay",
                        "--terminal-events",
                        dir.resolve("nope.ndjson").toString(),
                        "--provider-events",
                        sample("provider-events.ndjson").toString(),
                        "--as-of",
                        "horizon",
                        "--out",
                        dir.resolve("out2").toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("nope.ndjson").doesNotContain("\tat ");
    }

    @Test
    void aBadOptionValueIsRefusedWithUsage() {
        Cli.Run r =
                run(
                        "replay",
                        "--terminal-events",
                        "a",
                        "--provider-events",
                        "b",
                        "--as-of",
                        "horizon",
                        "--out",
                        "c",
                        "--callback-horizon",
                        "soon");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--callback-horizon");
    }

    // ---- raw provider notifications --------------------------------------------------------

    private static final OffsetDateTime T0 = OffsetDateTime.parse("2026-11-25T10:00:00+08:00");
    private static final String OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o";
    private static final String BUYER_ID = "2088102146225135";

    private static String terminal(String order, String provider, String merchant, int second) {
        return "{\"event_id\":\"te-"
                + order
                + "\",\"event_time\":\""
                + T0.plusSeconds(second)
                + "\",\"provider\":\""
                + provider
                + "\",\"merchant_id\":\""
                + merchant
                + "\",\"terminal_id\":\"POS-1\",\"out_trade_no\":\""
                + order
                + "\",\"type\":\"PAY_RESULT\",\"result\":\"FAILED\",\"amount_minor\":1230,"
                + "\"currency\":\"CNY\"}";
    }

    @Test
    void replayReadsRawNotificationsInsteadOfProviderEvents() throws Exception {
        SignedNotifications signed = new SignedNotifications();
        SignedNotifications.KeyFiles keys = signed.writeKeyFiles(dir.resolve("keys"));
        Path terminal =
                Files.write(
                        dir.resolve("terminal.ndjson"),
                        List.of(
                                terminal("DW-CLI-1", "WECHAT", "1900000109", 5),
                                terminal("DW-CLI-2", "ALIPAY", "2088101117955611", 5)));
        SignedNotifications.WeChat debit =
                signed.wechat(
                        "EV-CLI-1",
                        "TRANSACTION.SUCCESS",
                        SignedNotifications.wechatTransaction(
                                "1900000109", "DW-CLI-1", "4200000001", T0, 1230, OPENID));
        Path wechat =
                Files.write(
                        dir.resolve("wechat.ndjson"),
                        List.of(
                                debit.receivedAt(T0.plusSeconds(2)).record(),
                                signed.wechat(
                                                "EV-CLI-X",
                                                "TRANSACTION.SUCCESS",
                                                SignedNotifications.wechatTransaction(
                                                        "1900000109",
                                                        "DW-CLI-X",
                                                        "4200000009",
                                                        T0,
                                                        100,
                                                        OPENID))
                                        .receivedAt(T0.plusSeconds(2))
                                        .signedByStranger()
                                        .record()));
        Path alipay =
                Files.write(
                        dir.resolve("alipay.ndjson"),
                        List.of(
                                signed.alipay(
                                        SignedNotifications.alipayTrade(
                                                "N-CLI-2",
                                                "TRADE_SUCCESS",
                                                "2088101117955611",
                                                "DW-CLI-2",
                                                "2026112522001",
                                                T0,
                                                1230,
                                                BUYER_ID,
                                                "alice@example.com"),
                                        T0.plusSeconds(2)),
                                // Signed by Alipay, but for another app: not the merchant's.
                                signed.alipay(
                                        otherApp(
                                                SignedNotifications.alipayTrade(
                                                        "N-CLI-3",
                                                        "TRADE_SUCCESS",
                                                        "2088101117955611",
                                                        "DW-CLI-3",
                                                        "2026112522003",
                                                        T0,
                                                        990,
                                                        BUYER_ID,
                                                        "alice@example.com")),
                                        T0.plusSeconds(2))));
        Path out = dir.resolve("raw-out");

        Cli.Run r =
                run(
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
                        "--as-of",
                        "horizon",
                        "--alipay-app-id",
                        SignedNotifications.ALIPAY_APP_ID,
                        "--alipay-seller-id",
                        "2088101117955611",
                        "--out",
                        out.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains(
                        "records read      6 (terminal 2, wechat notifications 2, alipay"
                                + " notifications 2)")
                .contains("dead letters      2")
                .contains("alerts            2")
                .contains("UNMATCHED_DEBIT     2")
                .contains("refund requests   2")
                .contains("provider notices 0");
        if (System.getenv("DEBITWATCH_PAYER_ID_SECRET") == null) {
            assertThat(r.out())
                    .contains(
                            "payer ids         dropped: no --payer-id-secret-file or"
                                    + " DEBITWATCH_PAYER_ID_SECRET");
        }
        for (String file :
                new String[] {
                    "alerts.ndjson",
                    "refund-requests.ndjson",
                    "notifications.ndjson",
                    "dead-letters.ndjson"
                }) {
            assertThat(Files.readString(out.resolve(file)))
                    .doesNotContain(OPENID)
                    .doesNotContain(BUYER_ID)
                    .doesNotContain(signed.apiV3KeyText());
        }
        assertThat(r.out() + r.err()).doesNotContain(signed.apiV3KeyText());
        assertThat(Files.readString(out.resolve("dead-letters.ndjson")))
                .contains("app_id \\\"2021000000000099\\\" is not one of the merchant's");
    }

    private static java.util.LinkedHashMap<String, String> otherApp(
            java.util.LinkedHashMap<String, String> params) {
        params.put("app_id", "2021000000000099");
        params.put("auth_app_id", "2021000000000099");
        return params;
    }

    @Test
    void aRawInputWithoutItsKeysIsAOneLineErrorBeforeAnythingRuns() {
        Cli.Run wechat =
                run(
                        "replay",
                        "--terminal-events",
                        "t.ndjson",
                        "--wechat-notifications",
                        "w.ndjson",
                        "--as-of",
                        "horizon",
                        "--out",
                        dir.resolve("never").toString());
        assertThat(wechat.exit()).isEqualTo(2);
        assertThat(wechat.out()).isEmpty();
        assertThat(wechat.err())
                .isEqualTo(
                        "debitwatch replay: --wechat-notifications needs --provider-keys-dir DIR,"
                                + " or --wechat-apiv3-key-file FILE and --wechat-platform-public-key-file [SERIAL=]FILE"
                                + System.lineSeparator());

        Cli.Run alipay =
                run(
                        "replay",
                        "--terminal-events",
                        "t.ndjson",
                        "--provider-events",
                        "p.ndjson",
                        "--alipay-notifications",
                        "a.ndjson",
                        "--as-of",
                        "horizon",
                        "--out",
                        dir.resolve("never").toString());
        assertThat(alipay.exit()).isEqualTo(2);
        assertThat(alipay.err())
                .startsWith(
                        "debitwatch replay: --alipay-notifications needs --provider-keys-dir DIR,"
                                + " or --alipay-public-key-file")
                .contains("--alipay-app-id APPID")
                .hasLineCount(1);

        Cli.Run noAppId =
                run(
                        "replay",
                        "--terminal-events",
                        "t.ndjson",
                        "--alipay-notifications",
                        "a.ndjson",
                        "--alipay-public-key-file",
                        "alipay.pem",
                        "--out",
                        dir.resolve("never").toString());
        assertThat(noAppId.exit()).isEqualTo(2);
        assertThat(noAppId.err())
                .isEqualTo(
                        "debitwatch replay: --alipay-notifications needs --provider-keys-dir DIR,"
                                + " or --alipay-app-id APPID (the merchant's own Alipay app id)"
                                + System.lineSeparator());

        Cli.Run none =
                run(
                        "replay",
                        "--terminal-events",
                        "t.ndjson",
                        "--as-of",
                        "horizon",
                        "--out",
                        dir.resolve("never").toString());
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err())
                .startsWith("debitwatch replay: no provider input")
                .contains("--provider-events")
                .contains("--wechat-notifications")
                .hasLineCount(1);
        assertThat(dir.resolve("never")).doesNotExist();
    }

    @Test
    void aBadKeyFileIsNamedButNeverShown() throws Exception {
        SignedNotifications signed = new SignedNotifications();
        SignedNotifications.KeyFiles keys = signed.writeKeyFiles(dir.resolve("bad-keys"));
        Cli.Run r =
                run(
                        "replay",
                        "--terminal-events",
                        "t.ndjson",
                        "--wechat-notifications",
                        "w.ndjson",
                        "--wechat-apiv3-key-file",
                        keys.apiV3Key().toString(),
                        // the APIv3 key given where a public key belongs
                        "--wechat-platform-public-key-file",
                        "PUB_KEY_ID_1=" + keys.apiV3Key(),
                        "--as-of",
                        "horizon",
                        "--out",
                        dir.resolve("never").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("debitwatch replay: " + keys.apiV3Key())
                .hasLineCount(1)
                .doesNotContain(signed.apiV3KeyText());
    }

    @Test
    void asOfIsDocumentedAndABadValueIsRefused() throws Exception {
        Cli.Run help = run("replay", "--help");
        assertThat(help.out()).contains("--as-of").contains("open-orders.ndjson");

        Cli.Run bad =
                run(
                        "replay",
                        "--terminal-events",
                        sample("terminal-events.ndjson").toString(),
                        "--provider-events",
                        sample("provider-events.ndjson").toString(),
                        "--as-of",
                        "yesterday",
                        "--out",
                        dir.resolve("out-bad-as-of").toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--as-of must be 'horizon'");
    }

    @Test
    void byDefaultTheSampleIsDecidedOnlyAsOfItsLatestEvent() throws Exception {
        Path out = dir.resolve("out-latest");
        Cli.Run r =
                run(
                        "replay",
                        "--terminal-events",
                        sample("terminal-events.ndjson").toString(),
                        "--provider-events",
                        sample("provider-events.ndjson").toString(),
                        "--out",
                        out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("open orders +[1-9][0-9,]* \\(decided as of 20");
        assertThat(out.resolve("open-orders.ndjson")).isNotEmptyFile();
    }

    /**
     * Orders cut by the end of the input (SPEC §4a.6): simulated traffic split at a time into two
     * "days". The first day replayed alone decides exactly what the whole replay decides up to the
     * first day's latest event, and nothing else: no refund of an order whose result is in the
     * second day, and every order it could not finish is in open-orders.ndjson.
     */
    @Test
    void aDayReplayedAloneDecidesExactlyWhatTheWholeDecidesUpToItsEnd() throws Exception {
        Path sim = dir.resolve("sim-cut");
        assertThat(
                        run("simulate", "--orders", "2000", "--seed", "9", "--out", sim.toString())
                                .exit())
                .isZero();
        Path terminal = sim.resolve("terminal-events.ndjson");
        Path provider = sim.resolve("provider-events.ndjson");
        List<Long> times = new ArrayList<>();
        for (Path f : List.of(terminal, provider)) {
            for (String line : Files.readAllLines(f)) {
                long t = io.debitwatch.core.json.EventParser.eventTimeMillis(line);
                if (t != Long.MIN_VALUE) {
                    times.add(t);
                }
            }
        }
        java.util.Collections.sort(times);
        long cut = times.get(times.size() / 2);
        Path day1 = dir.resolve("day1");
        Files.createDirectories(day1);
        long latest = Long.MIN_VALUE;
        for (Path f : List.of(terminal, provider)) {
            List<String> kept = new ArrayList<>();
            for (String line : Files.readAllLines(f)) {
                long t = io.debitwatch.core.json.EventParser.eventTimeMillis(line);
                if (t <= cut) {
                    kept.add(line);
                    boolean ok =
                            f == terminal
                                    ? io.debitwatch.core.json.EventParser.parseTerminal(line)
                                            instanceof io.debitwatch.core.json.Parsed.Ok
                                    : io.debitwatch.core.json.EventParser.parseProvider(line)
                                            instanceof io.debitwatch.core.json.Parsed.Ok;
                    if (ok) {
                        latest = Math.max(latest, t);
                    }
                }
            }
            Files.write(day1.resolve(f.getFileName()), kept);
        }

        Path whole = dir.resolve("cut-whole");
        assertThat(replay(terminal, provider, whole, "horizon").exit()).isZero();
        Path alone = dir.resolve("cut-day1");
        Cli.Run r =
                replay(
                        day1.resolve("terminal-events.ndjson"),
                        day1.resolve("provider-events.ndjson"),
                        alone,
                        null);
        assertThat(r.exit()).as(r.err()).isZero();

        java.time.Instant asOf = java.time.Instant.ofEpochMilli(latest);
        java.util.Set<String> expected = new java.util.TreeSet<>();
        for (String line : Files.readAllLines(whole.resolve("alerts.ndjson"))) {
            var a = io.debitwatch.core.json.Json.read(line, io.debitwatch.core.model.Alert.class);
            if (!a.decidedAt().isAfter(asOf)) {
                expected.add(a.alertId() + " " + a.action() + " " + a.decidedAt());
            }
        }
        java.util.Set<String> actual = new java.util.TreeSet<>();
        for (String line : Files.readAllLines(alone.resolve("alerts.ndjson"))) {
            var a = io.debitwatch.core.json.Json.read(line, io.debitwatch.core.model.Alert.class);
            actual.add(a.alertId() + " " + a.action() + " " + a.decidedAt());
        }
        assertThat(actual).hasSizeGreaterThan(10).isEqualTo(expected);
        java.util.Set<String> wholeRefunds = new java.util.HashSet<>();
        for (String line : Files.readAllLines(whole.resolve("refund-requests.ndjson"))) {
            wholeRefunds.add(
                    io.debitwatch.core.json.Json.read(
                                    line, io.debitwatch.core.model.RefundRequest.class)
                            .refundRequestId());
        }
        for (String line : Files.readAllLines(alone.resolve("refund-requests.ndjson"))) {
            assertThat(wholeRefunds)
                    .contains(
                            io.debitwatch.core.json.Json.read(
                                            line, io.debitwatch.core.model.RefundRequest.class)
                                    .refundRequestId());
        }
        // Every order whose deadline is after the cut is open; so is every order whose alerts
        // come later in the whole replay and which the first day knows.
        java.util.Set<String> open = new java.util.HashSet<>();
        for (String line : Files.readAllLines(alone.resolve("open-orders.ndjson"))) {
            var o = io.debitwatch.core.json.Json.mapper().readTree(line);
            open.add(o.get("out_trade_no").asText());
            assertThat(
                            java.time.Instant.parse(o.get("deadline").asText()).isAfter(asOf)
                                    || o.get("pending").size() > 0)
                    .isTrue();
        }
        // Every order the first day knows whose deadline (T0 + the 60 s settle window) is after
        // the as-of time is open: none of its decisions could be made.
        java.util.Map<String, Long> t0 = new java.util.HashMap<>();
        for (Path f : List.of(terminal, provider)) {
            for (String line : Files.readAllLines(day1.resolve(f.getFileName()))) {
                long t = io.debitwatch.core.json.EventParser.eventTimeMillis(line);
                var parsed =
                        f == terminal
                                ? io.debitwatch.core.json.EventParser.parseTerminal(line)
                                : io.debitwatch.core.json.EventParser.parseProvider(line);
                if (parsed instanceof io.debitwatch.core.json.Parsed.Ok<?> ok) {
                    String order =
                            ok.value() instanceof io.debitwatch.core.model.TerminalEvent te
                                    ? te.outTradeNo()
                                    : ((io.debitwatch.core.model.ProviderEvent) ok.value())
                                            .outTradeNo();
                    t0.merge(order, t, Math::min);
                }
            }
        }
        long mustBeOpen = 0;
        for (var e : t0.entrySet()) {
            if (e.getValue() + 60_000 > latest) {
                assertThat(open)
                        .as("order %s, deadline after the cut", e.getKey())
                        .contains(e.getKey());
                mustBeOpen++;
            }
        }
        assertThat(mustBeOpen).isPositive();
        assertThat(open).isNotEmpty();
    }

    private static Cli.Run replay(Path terminal, Path provider, Path out, String asOf) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "replay",
                                "--terminal-events",
                                terminal.toString(),
                                "--provider-events",
                                provider.toString(),
                                "--out",
                                out.toString()));
        if (asOf != null) {
            args.add("--as-of");
            args.add(asOf);
        }
        return Cli.run(args.toArray(String[]::new));
    }
}
