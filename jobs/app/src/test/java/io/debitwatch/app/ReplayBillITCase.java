package io.debitwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.debitwatch.core.json.EventParser;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.json.Parsed;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.ProviderSource;
import io.debitwatch.providers.statement.WeChatTradeBillWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance of statement files: {@code replay} with a WeChat Pay tradebill plus terminal
 * events reports the same alerts and refunds as with the equivalent normalised provider events.
 */
class ReplayBillITCase {

    @TempDir Path dir;

    private static Cli.Run run(String... args) {
        return Cli.run(args);
    }

    @Test
    void wechatBillGivesTheSameUnmatchedDebitsAsItsNormalisedEvents() throws Exception {
        Path sim = dir.resolve("sim");
        assertThat(
                        run("simulate", "--orders", "2000", "--seed", "21", "--out", sim.toString())
                                .exit())
                .isZero();

        // WeChat Pay money events go into the bill (a bill has whole seconds and no query or
        // notify source: the equivalent normalised events say the same); the rest stays
        // normalised in both runs.
        List<String> common = new ArrayList<>();
        List<ProviderEvent> billed = new ArrayList<>();
        for (String line : Files.readAllLines(sim.resolve("provider-events.ndjson"))) {
            if (EventParser.parseProvider(line) instanceof Parsed.Ok<ProviderEvent> ok
                    && ok.value().provider() == Provider.WECHAT
                    && WeChatTradeBillWriter.carries(statement(ok.value()))) {
                billed.add(statement(ok.value()));
            } else {
                common.add(line); // Alipay, NOT_PAID/CLOSED, malformed lines
            }
        }
        assertThat(billed).hasSizeGreaterThan(500);
        Path bill = dir.resolve("wechat-tradebill.csv");
        try (Writer w = Files.newBufferedWriter(bill, StandardCharsets.UTF_8)) {
            WeChatTradeBillWriter.write(billed, w);
        }
        Path commonFile = dir.resolve("common.ndjson");
        Files.write(commonFile, common, StandardCharsets.UTF_8);
        Path normalised = dir.resolve("normalised.ndjson");
        List<String> all = new ArrayList<>(common);
        billed.forEach(e -> all.add(Json.write(e)));
        Files.write(normalised, all, StandardCharsets.UTF_8);

        String terminal = sim.resolve("terminal-events.ndjson").toString();
        Cli.Run a =
                run(
                        "replay",
                        "--terminal-events",
                        terminal,
                        "--provider-events",
                        normalised.toString(),
                        "--as-of",
                        "horizon",
                        "--out",
                        dir.resolve("a").toString());
        Cli.Run b =
                run(
                        "replay",
                        "--terminal-events",
                        terminal,
                        "--provider-events",
                        commonFile.toString(),
                        "--wechat-bill",
                        bill.toString(),
                        "--as-of",
                        "horizon",
                        "--out",
                        dir.resolve("b").toString());
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(b.exit()).as(b.err()).isZero();
        assertThat(b.out()).contains("wechat bill " + String.format("%,d", billed.size()));

        Set<String> alertsA = alerts(dir.resolve("a"));
        Set<String> alertsB = alerts(dir.resolve("b"));
        assertThat(alertsA.stream().filter(s -> s.startsWith("UNMATCHED_DEBIT")).count())
                .isGreaterThan(20);
        assertThat(alertsB).isEqualTo(alertsA);
        assertThat(refunds(dir.resolve("b"))).isEqualTo(refunds(dir.resolve("a")));
        // The bill itself was sound: no dead letter beyond the malformed lines both runs share.
        List<String> deadA = Files.readAllLines(dir.resolve("a/dead-letters.ndjson"));
        assertThat(Files.readAllLines(dir.resolve("b/dead-letters.ndjson"))).hasSameSizeAs(deadA);

        // The same bill cut before its summary: one dead letter says so, every row still counts.
        List<String> lines = Files.readAllLines(bill, StandardCharsets.UTF_8);
        Path cut = dir.resolve("cut-tradebill.csv");
        Files.write(cut, lines.subList(0, lines.size() - 2), StandardCharsets.UTF_8);
        Cli.Run c =
                run(
                        "replay",
                        "--terminal-events",
                        terminal,
                        "--provider-events",
                        commonFile.toString(),
                        "--wechat-bill",
                        cut.toString(),
                        "--as-of",
                        "horizon",
                        "--out",
                        dir.resolve("c").toString());
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(alerts(dir.resolve("c"))).isEqualTo(alertsA);
        List<String> deadC = Files.readAllLines(dir.resolve("c/dead-letters.ndjson"));
        assertThat(deadC).hasSize(deadA.size() + 1);
        assertThat(deadC)
                .anySatisfy(l -> assertThat(l).contains("cut-tradebill.csv").contains("summary"));
    }

    private static ProviderEvent statement(ProviderEvent e) {
        return new ProviderEvent(
                e.eventId(),
                e.eventTime().truncatedTo(ChronoUnit.SECONDS),
                e.provider(),
                e.merchantId(),
                e.outTradeNo(),
                e.providerTxnId(),
                ProviderSource.STATEMENT,
                e.status(),
                e.amountMinor(),
                e.currency(),
                e.payerAmountMinor(),
                e.refundAmountMinor(),
                e.outRefundNo(),
                null,
                e.deviceId());
    }

    private static Set<String> alerts(Path out) throws IOException {
        Set<String> s = new TreeSet<>();
        for (String line : Files.readAllLines(out.resolve("alerts.ndjson"))) {
            JsonNode n = Json.mapper().readTree(line);
            s.add(
                    n.get("type").asText()
                            + " "
                            + n.get("alert_id").asText()
                            + " "
                            + n.get("action").asText()
                            + " "
                            + n.get("amount_minor").asText()
                            + " "
                            + n.get("decided_at").asText());
        }
        return s;
    }

    private static Set<String> refunds(Path out) throws IOException {
        Set<String> s = new TreeSet<>();
        for (String line : Files.readAllLines(out.resolve("refund-requests.ndjson"))) {
            JsonNode n = Json.mapper().readTree(line);
            s.add(
                    n.get("refund_request_id").asText()
                            + " "
                            + n.get("provider_txn_id").asText()
                            + " "
                            + n.get("amount_minor").asText());
        }
        return s;
    }
}
