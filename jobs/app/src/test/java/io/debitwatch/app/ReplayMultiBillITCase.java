package io.debitwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.json.Json;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.ProviderSource;
import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.core.model.TerminalEvent;
import io.debitwatch.core.model.TerminalEventType;
import io.debitwatch.core.model.TerminalResult;
import io.debitwatch.providers.statement.AlipayStatementWriter;
import io.debitwatch.providers.statement.WeChatTradeBillWriter;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay} with repeated {@code --wechat-bill} and {@code --alipay-bill} (one with its
 * merchant id given) and {@code --report}: one run, one count per file, one report line and page
 * per merchant-day; and the options' misuse as one-line errors before anything runs.
 */
class ReplayMultiBillITCase {

    @TempDir Path dir;

    private static ProviderEvent debit(Provider p, String merchant, String order, long amount) {
        return new ProviderEvent(
                "ev-" + order,
                Instant.parse("2026-11-25T10:00:00+08:00").plusSeconds(amount),
                p,
                merchant,
                order,
                (p == Provider.WECHAT ? "420000000020261125" : "202611252200140000") + amount,
                ProviderSource.STATEMENT,
                ProviderStatus.DEBITED,
                amount,
                "CNY",
                null,
                null,
                null,
                null,
                null);
    }

    private static String sale(ProviderEvent e) {
        return Json.write(
                new TerminalEvent(
                        "t-" + e.outTradeNo(),
                        e.eventTime().plusSeconds(1),
                        e.provider(),
                        e.merchantId(),
                        "POS-1",
                        e.outTradeNo(),
                        TerminalEventType.PAY_RESULT,
                        TerminalResult.SUCCESS,
                        e.amountMinor(),
                        "CNY",
                        null,
                        null,
                        null));
    }

    @Test
    void severalBillsReconcileInOneRunWithAReport() throws Exception {
        List<ProviderEvent> w1 = List.of(debit(Provider.WECHAT, "1900000101", "W1-1", 1000));
        List<ProviderEvent> w2 =
                List.of(
                        debit(Provider.WECHAT, "1900000202", "W2-1", 2000),
                        debit(Provider.WECHAT, "1900000202", "W2-2", 2100));
        List<ProviderEvent> a1 = List.of(debit(Provider.ALIPAY, "2088123456780001", "A1-1", 3000));
        // The second Alipay statement's rows go to the merchant id given on the command line.
        List<ProviderEvent> a2 = List.of(debit(Provider.ALIPAY, "2088123456780002", "A2-1", 4000));
        List<String> terminal = new ArrayList<>();
        Stream.of(w1, w2, a1)
                .flatMap(List::stream)
                .map(ReplayMultiBillITCase::sale)
                .forEach(terminal::add);
        ProviderEvent a2Sale =
                new ProviderEvent(
                        a2.get(0).eventId(),
                        a2.get(0).eventTime(),
                        Provider.ALIPAY,
                        "STORE-7",
                        "A2-1",
                        a2.get(0).providerTxnId(),
                        ProviderSource.STATEMENT,
                        ProviderStatus.DEBITED,
                        4000,
                        "CNY",
                        null,
                        null,
                        null,
                        null,
                        null);
        terminal.add(sale(a2Sale));
        Path terminalFile = Files.write(dir.resolve("terminal.ndjson"), terminal);

        Path bw1 = wechat("w1.csv", w1);
        Path bw2 = wechat("w2.csv", w2);
        Path ba1 = alipay("a1.csv", a1, "20881234567800010156");
        Path ba2 = alipay("a2.csv", a2, "20881234567800020156");
        Path out = dir.resolve("out");
        Path report = dir.resolve("report");
        Cli.Run r =
                Cli.run(
                        "replay",
                        "--terminal-events",
                        terminalFile.toString(),
                        "--wechat-bill",
                        bw1.toString(),
                        "--wechat-bill",
                        bw2.toString(),
                        "--alipay-bill",
                        ba1.toString(),
                        "--alipay-bill",
                        "STORE-7=" + ba2,
                        "--as-of",
                        "horizon",
                        "--out",
                        out.toString(),
                        "--report",
                        report.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains(
                        "wechat bill w1.csv 1, wechat bill w2.csv 2, alipay bill a1.csv 1,"
                                + " alipay bill a2.csv 1");
        // Every sale matched its debit, the renamed merchant's too: no alert, no dead letter.
        assertThat(Files.readAllLines(out.resolve("alerts.ndjson"))).isEmpty();
        assertThat(Files.readAllLines(out.resolve("dead-letters.ndjson"))).isEmpty();

        List<String> csv =
                Files.readAllLines(report.resolve("reconciliation.csv"), StandardCharsets.UTF_8);
        assertThat(csv).hasSize(5);
        assertThat(csv.subList(1, 5))
                .extracting(l -> l.split(",")[1])
                .containsExactly("1900000101", "1900000202", "2088123456780001", "STORE-7");
        try (Stream<Path> pages = Files.list(report)) {
            assertThat(pages.filter(p -> p.toString().endsWith(".html")).count()).isEqualTo(4);
        }
        assertThat(report.resolve("alipay-STORE-7-2026-11-25.html"))
                .content(StandardCharsets.UTF_8)
                .contains("STORE-7")
                .contains("40.00 CNY");
    }

    @Test
    void oneMerchantIdForSeveralAlipayBillsIsRefusedBeforeAnythingRuns() throws Exception {
        Path t = Files.write(dir.resolve("t.ndjson"), List.of());
        Cli.Run r =
                Cli.run(
                        "replay",
                        "--terminal-events",
                        t.toString(),
                        "--alipay-bill",
                        "a.csv",
                        "--alipay-bill",
                        "b.csv",
                        "--alipay-bill-merchant-id",
                        "M",
                        "--out",
                        dir.resolve("o").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("MERCHANT_ID=FILE");
    }

    private Path wechat(String name, List<ProviderEvent> events) throws Exception {
        Path file = dir.resolve(name);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            WeChatTradeBillWriter.write(events, w);
        }
        return file;
    }

    private Path alipay(String name, List<ProviderEvent> events, String account) throws Exception {
        Path file = dir.resolve(name);
        try (OutputStream o = Files.newOutputStream(file)) {
            AlipayStatementWriter.write(events, account, o);
        }
        return file;
    }
}
