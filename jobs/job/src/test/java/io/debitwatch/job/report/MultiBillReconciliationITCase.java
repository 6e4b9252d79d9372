package io.debitwatch.job.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.detect.DetectorConfig;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.ProviderSource;
import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.core.model.TerminalEvent;
import io.debitwatch.core.model.TerminalEventType;
import io.debitwatch.core.model.TerminalResult;
import io.debitwatch.job.TestClusters;
import io.debitwatch.job.adapt.PayerIdSecret;
import io.debitwatch.job.adapt.RawFormat;
import io.debitwatch.job.adapt.StatementParser;
import io.debitwatch.job.io.ClockSkew;
import io.debitwatch.job.replay.AsOf;
import io.debitwatch.job.replay.Replay;
import io.debitwatch.job.replay.ReplayIO;
import io.debitwatch.providers.statement.AlipayStatementWriter;
import io.debitwatch.providers.statement.WeChatTradeBillWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One replay of a day across four merchants through the real replay path: two WeChat Pay bills of
 * two merchants and two Alipay statements of two sellers, plus the notifications debitwatch saw (as
 * normalised provider events) and the terminals' results. Every file is its own source (no uid or
 * count collides), a bad row is one dead letter while the rest of its bill counts, and the
 * reconciliation report's numbers equal those computed here from the inputs.
 */
class MultiBillReconciliationITCase {

    @RegisterExtension static final MiniClusterExtension CLUSTER = TestClusters.miniCluster();

    private static final String W1 = "1900000101";
    private static final String W2 = "1900000202";
    private static final String A1_ACCOUNT = "20881234567800010156";
    private static final String A2_ACCOUNT = "20881234567800020156";
    private static final String A1 = "2088123456780001";
    private static final String A2 = "2088123456780002";

    @TempDir Path dir;

    private final List<String> terminal = new ArrayList<>();
    private final List<ProviderEvent> seen = new ArrayList<>();
    private int txn;

    private static Instant at(String chinaTime) {
        return Instant.parse(
                (chinaTime.length() > 8 ? chinaTime : "2026-11-25T" + chinaTime) + "+08:00");
    }

    private ProviderEvent debit(Provider p, String merchant, String order, long amount, String t) {
        String id = p == Provider.WECHAT ? "42000000002026112500000" : "20261125220014000000000";
        String txnId = id + String.format(Locale.ROOT, "%05d", ++txn);
        return new ProviderEvent(
                "ev-" + order,
                at(t),
                p,
                merchant,
                order,
                txnId,
                ProviderSource.STATEMENT,
                ProviderStatus.DEBITED,
                amount,
                "CNY",
                null,
                null,
                null,
                null,
                "POS-1");
    }

    private static ProviderEvent refund(
            ProviderEvent paid, String refundNo, long amount, String t) {
        return new ProviderEvent(
                "ev-" + refundNo,
                at(t),
                paid.provider(),
                paid.merchantId(),
                paid.outTradeNo(),
                paid.providerTxnId(),
                ProviderSource.STATEMENT,
                ProviderStatus.REFUNDED,
                0,
                "CNY",
                null,
                amount,
                refundNo,
                null,
                "POS-1");
    }

    /** What the terminal showed for {@code paid}, two seconds after the debit. */
    private void terminal(ProviderEvent paid, TerminalResult result) {
        terminal.add(
                Json.write(
                        new TerminalEvent(
                                "t-" + paid.outTradeNo(),
                                paid.eventTime().plusSeconds(2),
                                paid.provider(),
                                paid.merchantId(),
                                "POS-1",
                                paid.outTradeNo(),
                                TerminalEventType.PAY_RESULT,
                                result,
                                paid.amountMinor(),
                                "CNY",
                                result == TerminalResult.FAILED ? "SYSTEMERROR" : null,
                                null,
                                null)));
    }

    /** The same money as a notification debitwatch received. */
    private void notified(ProviderEvent e) {
        seen.add(
                new ProviderEvent(
                        "n-" + e.eventId(),
                        e.eventTime(),
                        e.provider(),
                        e.merchantId(),
                        e.outTradeNo(),
                        e.providerTxnId(),
                        ProviderSource.NOTIFY,
                        e.status(),
                        e.amountMinor(),
                        e.currency(),
                        null,
                        e.refundAmountMinor(),
                        e.outRefundNo(),
                        null,
                        e.deviceId()));
    }

    @Test
    void oneReplayReconcilesADayAcrossTwoWeChatMerchantsAndTwoAlipaySellers() throws Exception {
        // WeChat merchant W1: a sale, a debit the terminal saw fail, a debit never notified, a
        // refund, and a row that will be damaged in the file.
        ProviderEvent w11 = debit(Provider.WECHAT, W1, "W1-1", 3850, "09:00:00");
        ProviderEvent w12 = debit(Provider.WECHAT, W1, "W1-2", 1200, "09:10:00");
        ProviderEvent w13 = debit(Provider.WECHAT, W1, "W1-3", 990, "09:20:00");
        ProviderEvent w14 = debit(Provider.WECHAT, W1, "W1-4", 500, "09:40:00");
        ProviderEvent w11r = refund(w11, "RF-W1-1", 400, "10:00:00");
        List<ProviderEvent> billW1 = List.of(w11, w12, w13, w14, w11r);
        ProviderEvent w21 = debit(Provider.WECHAT, W2, "W2-1", 2000, "11:00:00");
        ProviderEvent w22 = debit(Provider.WECHAT, W2, "W2-2", 1500, "11:05:00");
        List<ProviderEvent> billW2 = List.of(w21, w22);
        // W2's REFUND bill: a refund accepted just before midnight, its money back just after.
        ProviderEvent w21r = refund(w21, "RF-W2-1", 700, "2026-11-26T00:00:03");
        List<ProviderEvent> refundsW2 = List.of(w21r);
        ProviderEvent a11 = debit(Provider.ALIPAY, A1, "A1-1", 2600, "12:00:00");
        ProviderEvent a12 = debit(Provider.ALIPAY, A1, "A1-2", 800, "12:10:00");
        ProviderEvent a11r = refund(a11, "RF-A1-1", 600, "13:00:00");
        List<ProviderEvent> billA1 = List.of(a11, a12, a11r);
        ProviderEvent a21 = debit(Provider.ALIPAY, A2, "A2-1", 4500, "14:00:00");
        ProviderEvent a22 = debit(Provider.ALIPAY, A2, "A2-2", 300, "14:05:00");
        List<ProviderEvent> billA2 = List.of(a21, a22);

        for (ProviderEvent e : List.of(w11, w13, w21, w22, a11, a12, a22)) {
            terminal(e, TerminalResult.SUCCESS);
        }
        terminal(w12, TerminalResult.FAILED);
        terminal(a21, TerminalResult.FAILED);
        for (ProviderEvent e : List.of(w11, w12, w21, w22, a11, a11r, a21)) {
            notified(e);
        }

        Path wechat1 = wechatBill("wechat-" + W1 + ".csv", billW1);
        damage(wechat1, "W1-4", "`2026-11-25 09:40:00", "`2026-13-25 09:40:00");
        Path wechat2 = wechatBill("wechat-" + W2 + ".csv", billW2);
        Path refunds2 = dir.resolve("wechat-" + W2 + "-REFUND.csv");
        try (Writer w = Files.newBufferedWriter(refunds2, StandardCharsets.UTF_8)) {
            WeChatTradeBillWriter.writeRefundBill(refundsW2, w);
        }
        Path alipay1 = alipayBill("alipay-a1.csv", billA1, A1_ACCOUNT);
        Path alipay2 = alipayBill("alipay-a2.csv", billA2, A2_ACCOUNT);
        Path terminalFile = lines("terminal.ndjson", terminal);
        Path notifications = lines("notified.ndjson", seen.stream().map(Json::write).toList());

        Replay.Inputs inputs =
                new Replay.Inputs(
                        terminalFile,
                        notifications,
                        List.of(
                                wechat(wechat1),
                                alipay(alipay1),
                                wechat(wechat2),
                                alipay(alipay2),
                                wechat(refunds2)));
        Path out = dir.resolve("out");
        Replay.Summary s =
                Replay.run(
                        inputs,
                        out,
                        DetectorConfig.defaults(),
                        AsOf.horizon(),
                        TestClusters.loopbackConf());

        // Each file is its own input with its own count, numbered within its format.
        assertThat(s.rawInputs())
                .containsExactly(
                        new Replay.RawCount(
                                RawFormat.WECHAT_BILL, 1, wechat1.getFileName().toString(), 5),
                        new Replay.RawCount(RawFormat.ALIPAY_BILL, 1, "alipay-a1.csv", 3),
                        new Replay.RawCount(
                                RawFormat.WECHAT_BILL, 2, wechat2.getFileName().toString(), 2),
                        new Replay.RawCount(RawFormat.ALIPAY_BILL, 2, "alipay-a2.csv", 2),
                        new Replay.RawCount(
                                RawFormat.WECHAT_BILL, 3, refunds2.getFileName().toString(), 1));
        assertThat(s.rawRecords())
                .containsEntry(RawFormat.WECHAT_BILL, 8L)
                .containsEntry(RawFormat.ALIPAY_BILL, 5L);
        assertThat(s.lateEvents()).isZero();

        // The damaged row is the one dead letter; the rest of its bill counts.
        List<DeadLetter> dead = read(out.resolve(ReplayIO.DEAD_LETTERS_FILE), DeadLetter.class);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).source()).isEqualTo(wechat1.getFileName().toString());
        assertThat(s.deadLetters()).isEqualTo(1);

        // The debits the terminals saw fail are refunded, from whichever input told first.
        List<Alert> alerts = read(out.resolve(ReplayIO.ALERTS_FILE), Alert.class);
        assertThat(
                        alerts.stream()
                                .filter(a -> a.type() == AlertType.UNMATCHED_DEBIT)
                                .map(Alert::outTradeNo))
                .containsExactlyInAnyOrder("W1-2", "A2-1");

        List<MerchantDay> days =
                Reconciliation.of(inputs, out.resolve(ReplayIO.ALERTS_FILE), ClockSkew.defaults());
        ReconciliationReport.Written written =
                ReconciliationReport.write(days, dir.resolve("report"));
        Map<String, Map<String, String>> csv = csvByMerchantDay(written.csv());
        String next = W2 + " 2026-11-26";
        assertThat(csv.keySet())
                .containsExactlyInAnyOrder(
                        W1 + " 2026-11-25",
                        W2 + " 2026-11-25",
                        next,
                        A1 + " 2026-11-25",
                        A2 + " 2026-11-25");
        assertThat(written.pages()).hasSize(5).allSatisfy(p -> assertThat(p).isRegularFile());
        // The REFUND bill dates the refund by when the money came back: the next day.
        assertThat(csv.get(next))
                .containsEntry("bill_files", refunds2.getFileName().toString())
                .containsEntry("bill_debits", "0")
                .containsEntry("bill_refunds", "1")
                .containsEntry("bill_refund_minor", "700")
                .containsEntry("stated_rows", "1")
                .containsEntry("stated_refund_minor", "700");

        // Expected numbers, from the inputs as written above.
        List<ProviderEvent> goodW1 = List.of(w11, w12, w13, w11r);
        expect(
                csv.get(W1 + " 2026-11-25"),
                goodW1,
                wechatStated(billW1),
                "wechat-" + W1 + ".csv",
                1,
                alerts);
        expect(
                csv.get(W2 + " 2026-11-25"),
                billW2,
                wechatStated(billW2),
                "wechat-" + W2 + ".csv",
                0,
                alerts);
        expect(
                csv.get(A1 + " 2026-11-25"),
                billA1,
                alipayStated(billA1),
                "alipay-a1.csv",
                0,
                alerts);
        expect(
                csv.get(A2 + " 2026-11-25"),
                billA2,
                alipayStated(billA2),
                "alipay-a2.csv",
                0,
                alerts);
        // Spelled out once: W1's bill lists 990 the notifications never told.
        assertThat(csv.get(W1 + " 2026-11-25"))
                .containsEntry("diff_debits", "1")
                .containsEntry("diff_debit_minor", "990");
        assertThat(csv.get(W1 + " 2026-11-25"))
                .containsEntry("diff_refunds", "1")
                .containsEntry("diff_refund_minor", "400");
        assertThat(csv.get(A2 + " 2026-11-25"))
                .containsEntry("unmatched_debit_count", "1")
                .containsEntry("unmatched_debit_minor", "4500");
    }

    /** The row of {@code merchant} as the inputs make it, column by column. */
    private void expect(
            Map<String, String> row,
            List<ProviderEvent> billed,
            Map<String, String> stated,
            String file,
            int deadLetters,
            List<Alert> alerts) {
        String merchant = billed.get(0).merchantId();
        Map<String, String> want = new LinkedHashMap<>(stated);
        want.put("provider", billed.get(0).provider().name());
        want.put("day", "2026-11-25");
        want.put("currency", "CNY");
        want.put("bill_files", file);
        want.put("bill_dead_letters", Integer.toString(deadLetters));
        long[] bill = money(billed);
        long[] saw = money(seen.stream().filter(e -> e.merchantId().equals(merchant)).toList());
        String[] names = {"debits", "debit_minor", "refunds", "refund_minor"};
        for (int i = 0; i < 4; i++) {
            want.put("bill_" + names[i], Long.toString(bill[i]));
            want.put("seen_" + names[i], Long.toString(saw[i]));
            want.put("diff_" + names[i], Long.toString(bill[i] - saw[i]));
        }
        for (AlertType t : AlertType.values()) {
            List<Alert> of =
                    alerts.stream()
                            .filter(a -> a.merchantId().equals(merchant) && a.type() == t)
                            .toList();
            String n = t.name().toLowerCase(Locale.ROOT);
            want.put(n + "_count", Integer.toString(of.size()));
            want.put(
                    n + "_minor",
                    Long.toString(
                            of.stream()
                                    .mapToLong(a -> a.amountMinor() == null ? 0 : a.amountMinor())
                                    .sum()));
        }
        assertThat(row).as(merchant).containsAllEntriesOf(want);
    }

    /** Debits, their amount, refunds, their amount. */
    private static long[] money(List<ProviderEvent> events) {
        long[] m = new long[4];
        for (ProviderEvent e : events) {
            if (e.status() == ProviderStatus.DEBITED) {
                m[0]++;
                m[1] += e.amountMinor();
            } else if (e.status() == ProviderStatus.REFUNDED) {
                m[2]++;
                m[3] += e.refundAmountMinor();
            }
        }
        return m;
    }

    /** What a WeChat summary states: every row counted, 订单金额 and 申请退款金额 summed, no fee. */
    private static Map<String, String> wechatStated(List<ProviderEvent> written) {
        long[] m = money(written);
        return Map.of(
                "stated_rows",
                Integer.toString(written.size()),
                "stated_debits",
                "",
                "stated_refunds",
                "",
                "stated_debit_minor",
                Long.toString(m[1]),
                "stated_refund_minor",
                Long.toString(m[3]),
                "stated_fee_minor",
                "0");
    }

    /** What an Alipay footer states: 交易 and 退款 counts and 商家实收 sums, no fee. */
    private static Map<String, String> alipayStated(List<ProviderEvent> written) {
        long[] m = money(written);
        return Map.of(
                "stated_rows", Long.toString(m[0] + m[2]),
                "stated_debits", Long.toString(m[0]),
                "stated_refunds", Long.toString(m[2]),
                "stated_debit_minor", Long.toString(m[1]),
                "stated_refund_minor", Long.toString(m[3]),
                "stated_fee_minor", "");
    }

    private static Replay.RawInput wechat(Path file) {
        return Replay.RawInput.statement(
                RawFormat.WECHAT_BILL, file, StatementParser.wechatBill(PayerIdSecret.none()));
    }

    private static Replay.RawInput alipay(Path file) {
        return Replay.RawInput.statement(
                RawFormat.ALIPAY_BILL,
                file,
                StatementParser.alipayStatement(PayerIdSecret.none(), null));
    }

    private Path wechatBill(String name, List<ProviderEvent> events) throws IOException {
        Path file = dir.resolve(name);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            WeChatTradeBillWriter.write(events, w);
        }
        return file;
    }

    private Path alipayBill(String name, List<ProviderEvent> events, String account)
            throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream o = Files.newOutputStream(file)) {
            AlipayStatementWriter.write(events, account, o);
        }
        return file;
    }

    /** Replaces {@code from} by {@code to} in the one line that holds {@code order}. */
    private static void damage(Path file, String order, String from, String to) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        int hits = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("`" + order + ",")) {
                lines.set(i, lines.get(i).replace(from, to));
                hits++;
            }
        }
        assertThat(hits).isEqualTo(1);
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private Path lines(String name, List<String> lines) throws IOException {
        return Files.write(dir.resolve(name), lines, StandardCharsets.UTF_8);
    }

    private static <T> List<T> read(Path file, Class<T> type) throws IOException {
        List<T> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                out.add(Json.read(line, type));
            }
        }
        return out;
    }

    /** The CSV's lines by merchant id and day, each as column -> cell (no cell needs quoting). */
    private static Map<String, Map<String, String>> csvByMerchantDay(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        String[] header = lines.get(0).split(",", -1);
        assertThat(List.of(header)).isEqualTo(ReportCsv.header());
        Map<String, Map<String, String>> rows = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            assertThat(cells).hasSameSizeAs(header);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], cells[i]);
            }
            assertThat(rows.put(row.get("merchant_id") + " " + row.get("day"), row)).isNull();
        }
        return rows;
    }
}
