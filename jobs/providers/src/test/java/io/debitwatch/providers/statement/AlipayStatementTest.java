package io.debitwatch.providers.statement;

import static io.debitwatch.providers.statement.StatementAssertions.PAYER_IDS;
import static io.debitwatch.providers.statement.StatementAssertions.allOutput;
import static io.debitwatch.providers.statement.StatementAssertions.coreAccepts;
import static io.debitwatch.providers.statement.StatementAssertions.event;
import static io.debitwatch.providers.statement.StatementAssertions.reason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.ProviderSource;
import io.debitwatch.core.model.ProviderStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AlipayStatementTest {

    private static final String SAMPLE = "alipay-business-detail-sample.csv";
    private static final Charset GBK = Charset.forName("GBK");
    private static final String ACCOUNT = "20881234567890120156";
    private static final String PID = "2088123456789012";
    private static final String PAYER = "**测(138******00)";

    private static final String HEADER = String.join(",", AlipayStatement.HEADER);
    private static final String LIST_START =
            "#-----------------------------------------业务明细列表----------------------------------------";
    private static final String LIST_END =
            "#-----------------------------------------业务明细列表结束------------------------------------";

    // ---- helpers -----------------------------------------------------------------------------

    /** A 交易 row of 10.00 as Alipay writes it (tab-suffixed text cells). */
    private static String row(String... overrides) {
        Map<String, String> m = new LinkedHashMap<>();
        String[] kv = {
            "支付宝交易号", "2026112522001400000000000101\t",
            "商户订单号", "DW-1\t",
            "业务类型", "交易\t",
            "商品名称", "测试商品",
            "创建时间", "2026-11-25 10:00:00",
            "完成时间", "2026-11-25 10:00:05",
            "门店编号", "\t",
            "门店名称", "\t",
            "操作员", "\t",
            "终端号", "POS-1\t",
            "对方账户", PAYER + "\t",
            "订单金额（元）", "10.00",
            "商家实收（元）", "10.00",
            "支付宝红包（元）", "0.00",
            "集分宝（元）", "0.00",
            "支付宝优惠（元）", "0.00",
            "商家优惠（元）", "0.00",
            "券核销金额（元）", "0.00",
            "券名称", "",
            "商家红包消费金额（元）", "0.00\t",
            "卡消费金额（元）", "0.00",
            "退款批次号/请求号", "\t",
            "服务费（元）", "0.00",
            "分润（元）", "0.00",
            "备注", ""
        };
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        for (int i = 0; i < overrides.length; i += 2) {
            m.put(overrides[i], overrides[i + 1]);
        }
        List<String> cells = new ArrayList<>();
        for (String c : AlipayStatement.HEADER) {
            cells.add(m.get(c));
        }
        return String.join(",", cells);
    }

    /** A 退款 row of 4.00 for DW-1. */
    private static String refund(String... overrides) {
        List<String> all =
                new ArrayList<>(
                        List.of(
                                "业务类型", "退款\t",
                                "完成时间", "2026-11-25 11:00:00",
                                "订单金额（元）", "-4.00",
                                "商家实收（元）", "-4.00",
                                "退款批次号/请求号", "RF-1\t"));
        all.addAll(List.of(overrides));
        return row(all.toArray(String[]::new));
    }

    private static List<String> preamble() {
        return List.of(
                "#支付宝业务明细查询",
                "#账号：[" + ACCOUNT + "]",
                "#起始日期：[2026年11月25日 00:00:00]   终止日期：[2026年11月26日 00:00:00]",
                LIST_START,
                HEADER);
    }

    private static List<String> footer(int trades, String received, int refunds, String back) {
        return List.of(
                LIST_END,
                "#交易合计：" + trades + "笔，商家实收共" + received + "元，商家优惠共0.00元",
                "#退款合计：" + refunds + "笔，商家实收退款共" + back + "元，商家优惠退款共0.00元",
                "#导出时间：[2026年11月26日 05:46:49]");
    }

    /** A whole file: preamble, the rows, footer. */
    private static List<String> file(List<String> rows, List<String> footer) {
        List<String> lines = new ArrayList<>(preamble());
        lines.addAll(rows);
        lines.addAll(footer);
        return lines;
    }

    private static byte[] gbk(List<String> lines) {
        return (String.join("\r\n", lines) + "\r\n").getBytes(GBK);
    }

    private static StatementResult parse(List<String> lines) throws IOException {
        return parseBytes(gbk(lines));
    }

    private static StatementResult parseBytes(byte[] bytes) throws IOException {
        return AlipayStatement.parse(new ByteArrayInputStream(bytes), "ali.csv", PAYER_IDS);
    }

    private static StatementResult sample() throws IOException {
        try (InputStream in = AlipayStatementTest.class.getResourceAsStream(SAMPLE)) {
            return AlipayStatement.parse(in, SAMPLE, PAYER_IDS);
        }
    }

    private static byte[] sampleBytes() throws IOException {
        try (InputStream in = AlipayStatementTest.class.getResourceAsStream(SAMPLE)) {
            return in.readAllBytes();
        }
    }

    private static String ref(String payer) {
        return PAYER_IDS.ref("ALIPAY", payer);
    }

    private static ProviderEvent aliEvent(
            String id,
            String time,
            ProviderStatus status,
            String order,
            String txn,
            long amount,
            Long refund,
            String refundNo) {
        return new ProviderEvent(
                id,
                Instant.parse(time),
                Provider.ALIPAY,
                "2088102146225135",
                order,
                txn,
                ProviderSource.NOTIFY,
                status,
                amount,
                "CNY",
                status == ProviderStatus.DEBITED ? amount : null,
                refund,
                refundNo,
                "h1:ffeeddccbbaa99887766554433221100",
                "POS-SH-0231");
    }

    // ---- the sample file ---------------------------------------------------------------------

    @Test
    void sampleFileIsGbkBytes() throws IOException {
        byte[] bytes = sampleBytes();
        assertThatThrownBy(
                        () ->
                                StandardCharsets.UTF_8
                                        .newDecoder()
                                        .onMalformedInput(CodingErrorAction.REPORT)
                                        .decode(ByteBuffer.wrap(bytes)))
                .isInstanceOf(CharacterCodingException.class);
        assertThat(new String(bytes, GBK)).startsWith("#支付宝业务明细查询\r\n");
    }

    @Test
    void sampleFileGivesOneEventPerRow() throws IOException {
        StatementResult r = sample();

        assertThat(r.complete()).as("problems: %s", r.problems()).isTrue();
        assertThat(r.provider()).isEqualTo(Provider.ALIPAY);
        assertThat(r.rows())
                .extracting(StatementResult.Row::line)
                .containsExactly(6L, 7L, 8L, 9L, 10L);
        assertThat(r.events()).hasSize(5);
        coreAccepts(r.events());

        assertThat(event(r.rows().get(0)))
                .isEqualTo(
                        new ProviderEvent(
                                "alib-2026112522001400000000000001-DEBITED",
                                Instant.parse("2026-11-25T01:15:09Z"),
                                Provider.ALIPAY,
                                PID,
                                "DW20261125091500000011",
                                "2026112522001400000000000001",
                                ProviderSource.STATEMENT,
                                ProviderStatus.DEBITED,
                                3850,
                                "CNY",
                                null,
                                null,
                                null,
                                ref(PAYER),
                                "POS-SH-0231"));
        // The order amount, not what the merchant received after its own discount.
        assertThat(event(r.rows().get(1)).amountMinor()).isEqualTo(2600);
        assertThat(event(r.rows().get(2)).deviceId()).isNull();
    }

    @Test
    void sampleFileRefunds() throws IOException {
        StatementResult r = sample();

        ProviderEvent partial = event(r.rows().get(3));
        assertThat(partial.status()).isEqualTo(ProviderStatus.REFUNDED);
        assertThat(partial.eventId())
                .isEqualTo("alib-2026112522001400000000000001-REFUNDED-RF20261125164000-01");
        assertThat(partial.refundAmountMinor()).isEqualTo(1000);
        assertThat(partial.outRefundNo()).isEqualTo("RF20261125164000-01");
        assertThat(partial.amountMinor()).isZero();
        assertThat(partial.eventTime()).isEqualTo(Instant.parse("2026-11-25T08:40:00Z"));
        assertThat(partial.payerRef()).isEqualTo(event(r.rows().get(0)).payerRef());

        // No request number: Alipay's default is the order's out_trade_no.
        ProviderEvent full = event(r.rows().get(4));
        assertThat(full.outRefundNo()).isEqualTo("DW20261124200000000019");
        assertThat(full.refundAmountMinor()).isEqualTo(1990);
    }

    @Test
    void sampleFileNeverShowsAPayerInClearText() throws IOException {
        assertThat(allOutput(sample()))
                .doesNotContain("138******00", "test***@example.com", "139******11");
    }

    @Test
    void loadingTheSameFileTwiceGivesTheSameEvents() throws IOException {
        assertThat(sample().events()).isEqualTo(sample().events());
    }

    @Test
    void callerCanOverrideTheMerchantId() throws IOException {
        try (InputStream in = AlipayStatementTest.class.getResourceAsStream(SAMPLE)) {
            StatementResult r = AlipayStatement.parse(in, SAMPLE, PAYER_IDS, "ACQ-M-42");
            assertThat(r.events()).extracting(ProviderEvent::merchantId).containsOnly("ACQ-M-42");
        }
        assertThatThrownBy(
                        () ->
                                AlipayStatement.parse(
                                        new ByteArrayInputStream(new byte[0]), "x", PAYER_IDS, " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("merchant id override");
    }

    @ParameterizedTest
    @CsvSource({
        "20881234567890120156, 2088123456789012",
        "2088123456789012, 2088123456789012",
        "20881234567890120157, 20881234567890120157",
        "merchant-7, merchant-7"
    })
    void merchantIdOfAnAccount(String account, String merchantId) {
        assertThat(AlipayStatement.merchantIdOf(account)).isEqualTo(merchantId);
    }

    // ---- writing -----------------------------------------------------------------------------

    @Test
    void roundTripIsExactExceptWhatTheFileCannotCarry() throws IOException {
        List<ProviderEvent> in =
                List.of(
                        aliEvent(
                                "a1",
                                "2026-11-25T01:00:00.400Z",
                                ProviderStatus.DEBITED,
                                "DW-1",
                                "2026112522001400000000000001",
                                2600,
                                null,
                                null),
                        aliEvent(
                                "a2",
                                "2026-11-25T02:00:00Z",
                                ProviderStatus.DEBITED,
                                "DW-2",
                                "2026112522001400000000000002",
                                1,
                                null,
                                null),
                        aliEvent(
                                "a3",
                                "2026-11-25T03:00:00Z",
                                ProviderStatus.REFUNDED,
                                "DW-1",
                                "2026112522001400000000000001",
                                2600,
                                600L,
                                "RF-1"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AlipayStatementWriter.write(in, "20881021462251350156", out);

        StatementResult r = parseBytes(out.toByteArray());

        assertThat(r.complete()).as("problems: %s", r.problems()).isTrue();
        coreAccepts(r.events());
        assertThat(r.events()).hasSize(3);
        for (int i = 0; i < in.size(); i++) {
            ProviderEvent a = in.get(i);
            ProviderEvent b = r.events().get(i);
            boolean refund = a.status() == ProviderStatus.REFUNDED;
            assertThat(b)
                    .isEqualTo(
                            new ProviderEvent(
                                    b.eventId(),
                                    a.eventTime().truncatedTo(ChronoUnit.SECONDS),
                                    a.provider(),
                                    a.merchantId(),
                                    a.outTradeNo(),
                                    a.providerTxnId(),
                                    ProviderSource.STATEMENT,
                                    a.status(),
                                    refund ? 0 : a.amountMinor(),
                                    "CNY",
                                    null,
                                    a.refundAmountMinor(),
                                    a.outRefundNo(),
                                    ref(a.payerRef()),
                                    a.deviceId()));
        }
        assertThat(r.events())
                .extracting(ProviderEvent::eventId)
                .containsExactly(
                        "alib-2026112522001400000000000001-DEBITED",
                        "alib-2026112522001400000000000002-DEBITED",
                        "alib-2026112522001400000000000001-REFUNDED-RF-1");
    }

    @Test
    void writtenFileHasTheRealLayout() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AlipayStatementWriter.write(
                List.of(
                        aliEvent(
                                "a1",
                                "2026-11-25T01:00:00Z",
                                ProviderStatus.DEBITED,
                                "DW-1",
                                "2026112522001400000000000001",
                                2600,
                                null,
                                null),
                        aliEvent(
                                "a3",
                                "2026-11-25T03:00:00Z",
                                ProviderStatus.REFUNDED,
                                "DW-1",
                                "2026112522001400000000000001",
                                2600,
                                600L,
                                "RF-1")),
                "20881021462251350156",
                out);
        String text = new String(out.toByteArray(), GBK);
        String[] lines = text.split("\r\n", -1);

        assertThat(lines[0]).isEqualTo("#支付宝业务明细查询");
        assertThat(lines[1]).isEqualTo("#账号：[20881021462251350156]");
        assertThat(lines[2])
                .isEqualTo("#起始日期：[2026年11月25日 00:00:00]   终止日期：[2026年11月26日 00:00:00]");
        assertThat(lines[3]).isEqualTo(LIST_START);
        assertThat(lines[4]).isEqualTo(HEADER);
        assertThat(lines[5])
                .startsWith("2026112522001400000000000001\t,DW-1\t,交易\t,,2026-11-25 09:00:00,")
                .contains(",26.00,26.00,");
        assertThat(lines[6]).contains(",退款\t,", ",-6.00,-6.00,", ",RF-1\t,");
        assertThat(lines[7]).isEqualTo(LIST_END);
        assertThat(lines[8]).isEqualTo("#交易合计：1笔，商家实收共26.00元，商家优惠共0.00元");
        assertThat(lines[9]).isEqualTo("#退款合计：1笔，商家实收退款共-6.00元，商家优惠退款共0.00元");
        assertThat(lines[10]).startsWith("#导出时间：[2026年11月26日");
        assertThat(lines[11]).isEmpty();
    }

    @Test
    void writeRefusesWhatTheFileCannotCarry() {
        ProviderEvent ok =
                aliEvent(
                        "a1",
                        "2026-11-25T01:00:00Z",
                        ProviderStatus.DEBITED,
                        "DW-1",
                        "2026112522001400000000000001",
                        100,
                        null,
                        null);
        ProviderEvent reversed =
                aliEvent(
                        "a2",
                        "2026-11-25T01:00:00Z",
                        ProviderStatus.REVERSED,
                        "DW-2",
                        "t",
                        100,
                        null,
                        null);
        ProviderEvent usd =
                new ProviderEvent(
                        "a3",
                        ok.eventTime(),
                        Provider.ALIPAY,
                        ok.merchantId(),
                        "DW-3",
                        "t",
                        ProviderSource.NOTIFY,
                        ProviderStatus.DEBITED,
                        100,
                        "USD",
                        null,
                        null,
                        null,
                        null,
                        null);
        ProviderEvent otherMerchant =
                new ProviderEvent(
                        "a4",
                        ok.eventTime(),
                        Provider.ALIPAY,
                        "2088999999999999",
                        "DW-4",
                        "t",
                        ProviderSource.NOTIFY,
                        ProviderStatus.DEBITED,
                        100,
                        "CNY",
                        null,
                        null,
                        null,
                        null,
                        null);
        ProviderEvent comma =
                aliEvent(
                        "a5",
                        "2026-11-25T01:00:00Z",
                        ProviderStatus.DEBITED,
                        "DW,5",
                        "t",
                        100,
                        null,
                        null);

        assertThat(AlipayStatementWriter.carries(ok)).isTrue();
        assertThat(AlipayStatementWriter.carries(reversed)).isFalse();
        assertThat(AlipayStatementWriter.carries(usd)).isFalse();
        for (ProviderEvent bad : List.of(reversed, usd, otherMerchant, comma)) {
            assertThatThrownBy(
                            () ->
                                    AlipayStatementWriter.write(
                                            List.of(ok, bad),
                                            "20881021462251350156",
                                            new ByteArrayOutputStream()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad.eventId());
        }
        ProviderEvent emoji =
                new ProviderEvent(
                        "a6",
                        ok.eventTime(),
                        Provider.ALIPAY,
                        ok.merchantId(),
                        "DW-6",
                        "t",
                        ProviderSource.NOTIFY,
                        ProviderStatus.DEBITED,
                        100,
                        "CNY",
                        null,
                        null,
                        null,
                        null,
                        "POS-\uD83D\uDE00");
        assertThatThrownBy(
                        () ->
                                AlipayStatementWriter.write(
                                        List.of(emoji),
                                        "20881021462251350156",
                                        new ByteArrayOutputStream()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GBK");
    }

    // ---- bad input ---------------------------------------------------------------------------

    @Test
    void shiftedColumnsRejectTheRowAndTheRowsAroundItStillCount() throws IOException {
        String extraComma = row("商户订单号", "DW-B\t", "商品名称", "早餐,豆浆", "对方账户", "*甲(shift1)\t");
        String missingComma =
                row("商户订单号", "DW-C\t", "对方账户", "*乙(shift2)\t").replace("10.00,10.00", "10.0010.00");

        StatementResult r =
                parse(
                        file(
                                List.of(row(), extraComma, missingComma, row("商户订单号", "DW-D\t")),
                                footer(4, "40.00", 0, "0.00")));

        assertThat(r.rows()).hasSize(4);
        assertThat(r.rows().get(1).line()).isEqualTo(7);
        assertThat(reason(r.rows().get(1)))
                .isEqualTo(
                        "row has 26 fields, the header 25 (shifted columns: a stray or missing comma)");
        assertThat(reason(r.rows().get(2))).contains("24 fields");
        assertThat(r.events())
                .extracting(ProviderEvent::outTradeNo)
                .containsExactly("DW-1", "DW-D");
        // Both shifted rows are still counted as 交易 rows: the footer count matches.
        assertThat(r.complete()).as("problems: %s", r.problems()).isTrue();
        assertThat(allOutput(r)).doesNotContain("shift1", "shift2", "138******00");
    }

    @Test
    void missingFooterMakesTheFileIncompleteButItsRowsCount() throws IOException {
        StatementResult r = parse(file(List.of(row(), refund()), List.of()));

        assertThat(r.events()).hasSize(2);
        assertThat(r.problems())
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.line()).isEqualTo(7);
                            assertThat(p.reason())
                                    .startsWith("incomplete file: no footer")
                                    .contains("2 data rows read still count");
                        });
    }

    @Test
    void footerWithoutItsTotalsLinesIsIncomplete() throws IOException {
        StatementResult r =
                parse(file(List.of(row()), List.of(LIST_END, "#交易合计：1笔，商家实收共10.00元，商家优惠共0.00元")));

        assertThat(r.events()).hasSize(1);
        assertThat(r.problems())
                .extracting(StatementResult.Problem::reason)
                .containsExactly("incomplete file: the footer lacks the #退款合计 line");
    }

    @Test
    void countMismatchIsAFileProblem() throws IOException {
        StatementResult r = parse(file(List.of(row(), refund()), footer(3, "10.00", 2, "-4.00")));

        assertThat(r.events()).hasSize(2);
        assertThat(r.problems())
                .extracting(StatementResult.Problem::reason)
                .containsExactly(
                        "footer mismatch: 交易合计 says 3笔, the file has 1 交易 rows (rows lost or"
                                + " added?)",
                        "footer mismatch: 退款合计 says 2笔, the file has 1 退款 rows (rows lost or"
                                + " added?)");
        assertThat(r.problems()).extracting(StatementResult.Problem::line).containsExactly(9L, 10L);
    }

    @Test
    void sumMismatchIsAFileProblem() throws IOException {
        StatementResult r = parse(file(List.of(row(), refund()), footer(1, "10.01", 1, "-4.00")));

        assertThat(r.problems())
                .extracting(StatementResult.Problem::reason)
                .containsExactly("footer mismatch: 商家实收共 10.01元, the rows add up to 10.00");
    }

    @ParameterizedTest
    @CsvSource({
        "0.001, '订单金额（元）: amount more precise than one fen: \"0.001\"'",
        "1O.00, '订单金额（元）: amount not a plain yuan number: \"1O.00\"'",
        "'', '订单金额（元）: amount missing'",
        "-12.00, '订单金额（元） must be positive on a 交易 row: -12.00'",
        "0.00, '订单金额（元） must be positive on a 交易 row: 0.00'"
    })
    void badAmountRejectsTheRow(String amount, String why) throws IOException {
        StatementResult r =
                parse(
                        file(
                                List.of(
                                        row(),
                                        row("商户订单号", "DW-2\t", "订单金额（元）", amount),
                                        row("商户订单号", "DW-3\t")),
                                footer(3, "30.00", 0, "0.00")));

        assertThat(r.rows().get(1).line()).isEqualTo(7);
        assertThat(reason(r.rows().get(1))).isEqualTo(why);
        assertThat(r.events())
                .extracting(ProviderEvent::outTradeNo)
                .containsExactly("DW-1", "DW-3");
        assertThat(r.complete()).as("problems: %s", r.problems()).isTrue();
    }

    @Test
    void refundOfZeroIsRejected() throws IOException {
        StatementResult r =
                parse(file(List.of(refund("订单金额（元）", "0.00")), footer(0, "0.00", 1, "-4.00")));

        assertThat(reason(r.rows().get(0))).isEqualTo("订单金额（元） is 0.00 on a 退款 row");
    }

    @ParameterizedTest
    @ValueSource(strings = {"冻结", "交易退款", "TRADE", ""})
    void unknownBusinessTypeRejectsTheRow(String type) throws IOException {
        StatementResult r =
                parse(
                        file(
                                List.of(row("业务类型", type + "\t"), row()),
                                footer(1, "10.00", 0, "0.00")));

        assertThat(reason(r.rows().get(0))).contains("业务类型");
        assertThat(r.events()).hasSize(1);
        assertThat(r.complete()).as("problems: %s", r.problems()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-25 10:61:00", "2026/11/25 10:00:00", "2026-11-25", "x"})
    void badTimeRejectsTheRow(String time) throws IOException {
        StatementResult r = parse(file(List.of(row("完成时间", time)), footer(1, "10.00", 0, "0.00")));

        assertThat(reason(r.rows().get(0))).startsWith("完成时间 is not a time yyyy-MM-dd HH:mm:ss");
    }

    @Test
    void missingHeaderColumnRefusesTheFile() throws IOException {
        List<String> lines = new ArrayList<>(preamble());
        lines.set(4, HEADER.replace("对方账户,", "").replace("终端号,", ""));
        lines.add(row());
        lines.addAll(footer(1, "10.00", 0, "0.00"));

        StatementResult r = parse(lines);

        assertThat(r.rows()).isEmpty();
        assertThat(r.problems())
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.line()).isEqualTo(5);
                            assertThat(p.reason())
                                    .isEqualTo("bad header: lacks required column(s) 终端号, 对方账户");
                        });
    }

    @Test
    void asciiBracketsInTheHeaderAreTheSameColumns() throws IOException {
        List<String> lines = new ArrayList<>(preamble());
        lines.set(4, HEADER.replace('（', '(').replace('）', ')'));
        lines.add(row());
        lines.addAll(footer(1, "10.00", 0, "0.00"));

        StatementResult r = parse(lines);

        assertThat(r.complete()).as("problems: %s", r.problems()).isTrue();
        assertThat(r.events()).hasSize(1);
    }

    @Test
    void aLineThatIsNotGbkIsRejectedAlone() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(gbk(file(List.of(row()), List.of())));
        b.writeBytes(new byte[] {'2', '0', ',', (byte) 0xFF, (byte) 0x81, 0x20, ',', '\r', '\n'});
        b.writeBytes(gbk(footer(1, "10.00", 0, "0.00")));

        StatementResult r = parseBytes(b.toByteArray());

        assertThat(r.rows()).hasSize(2);
        assertThat(r.rows().get(1).line()).isEqualTo(7);
        assertThat(reason(r.rows().get(1))).isEqualTo("line is not GBK text");
        assertThat(r.events()).hasSize(1);
        assertThat(r.complete()).as("problems: %s", r.problems()).isTrue();
    }

    @Test
    void aFileOfGarbageIsRefused() throws IOException {
        StatementResult r = parseBytes(new byte[] {(byte) 0xFF, (byte) 0xFE, 0x00, 0x41, '\n'});

        assertThat(r.rows()).isEmpty();
        assertThat(r.problems())
                .extracting(StatementResult.Problem::reason)
                .containsExactly(
                        "not an Alipay 业务明细 file: the first line is neither GBK nor UTF-8 text");
    }

    @Test
    void emptyFileIsAProblem() throws IOException {
        for (byte[] bytes : List.of(new byte[0], "\r\n\r\n".getBytes(GBK))) {
            StatementResult r = parseBytes(bytes);
            assertThat(r.rows()).isEmpty();
            assertThat(r.problems())
                    .extracting(StatementResult.Problem::reason)
                    .containsExactly("empty file: no preamble, no rows, no footer");
        }
    }

    @Test
    void theSummaryFileOfTheBillIsNamedAsSuch() throws IOException {
        StatementResult r = parse(List.of("#支付宝业务汇总查询", "#账号：[" + ACCOUNT + "]"));

        assertThat(r.problems().get(0).reason()).contains("业务汇总", "*_业务明细.csv");
    }

    @Test
    void aWeChatBillIsNotAnAlipayStatement() throws IOException {
        byte[] bytes =
                (String.join(",", WeChatTradeBill.HEADER) + "\n").getBytes(StandardCharsets.UTF_8);

        StatementResult r = parseBytes(bytes);

        assertThat(r.problems().get(0).reason())
                .startsWith(
                        "not an Alipay 业务明细 file: the first line is not #支付宝业务明细查询 but \"交易时间\"");
    }

    @Test
    void aUtf8CopyIsReadToo() throws IOException {
        byte[] bytes =
                ("\uFEFF" + String.join("\n", file(List.of(row()), footer(1, "10.00", 0, "0.00"))))
                        .getBytes(StandardCharsets.UTF_8);

        StatementResult r = parseBytes(bytes);

        assertThat(r.complete()).as("problems: %s", r.problems()).isTrue();
        assertThat(event(r.rows().get(0)).payerRef()).isEqualTo(ref(PAYER));
    }

    @Test
    void withoutAccountLineTheCallerMustGiveTheMerchant() throws IOException {
        List<String> lines = new ArrayList<>(file(List.of(row()), footer(1, "10.00", 0, "0.00")));
        lines.remove(1);

        StatementResult refused = parse(lines);
        assertThat(refused.rows()).isEmpty();
        assertThat(refused.problems().get(0).reason()).startsWith("no merchant id");

        StatementResult r =
                AlipayStatement.parse(
                        new ByteArrayInputStream(gbk(lines)), "ali.csv", PAYER_IDS, "M-1");
        assertThat(r.complete()).isTrue();
        assertThat(event(r.rows().get(0)).merchantId()).isEqualTo("M-1");
    }

    @Test
    void aCommentLineAmongTheRowsIsAProblem() throws IOException {
        StatementResult r =
                parse(file(List.of(row(), "#备注：人工调整", row()), footer(2, "20.00", 0, "0.00")));

        assertThat(r.events()).hasSize(2);
        assertThat(r.problems())
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.line()).isEqualTo(7);
                            assertThat(p.reason())
                                    .isEqualTo("unexpected comment line among the data rows");
                        });
    }

    @Test
    void deadLettersNeverCarryThePayer() throws IOException {
        StatementResult r =
                parse(
                        file(
                                List.of(row("订单金额（元）", "0.001"), row("完成时间", "bad")),
                                footer(5, "10.00", 0, "0.00")));

        assertThat(r.deadLetters()).hasSize(3);
        assertThat(r.deadLetters().get(0).raw()).contains(",***,").doesNotContain(PAYER);
        assertThat(allOutput(r)).doesNotContain("138******00");
    }

    @Test
    void aRequiredColumnTwiceRefusesTheFile() throws IOException {
        List<String> lines = new ArrayList<>(preamble());
        lines.set(4, HEADER + ",对方账户");
        lines.add(row() + ",x");

        StatementResult r = parse(lines);

        assertThat(r.rows()).isEmpty();
        assertThat(r.problems().get(0).reason())
                .isEqualTo("bad header: column(s) 对方账户 appear twice");
    }

    @Test
    void anEmptyStatementRoundTrips() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AlipayStatementWriter.write(List.of(), ACCOUNT, out);

        StatementResult r = parseBytes(out.toByteArray());

        assertThat(r.complete()).as("problems: %s", r.problems()).isTrue();
        assertThat(r.rows()).isEmpty();
        assertThat(new String(out.toByteArray(), GBK))
                .contains("#交易合计：0笔，商家实收共0.00元，商家优惠共0.00元\r\n");
    }

    @Test
    void aRowShiftedOnBothSidesOfThePayerColumnLeaksThePayerNeitherInRawNorInTheReason()
            throws IOException {
        // One comma too many before the payer column (in the goods name), one too few after it:
        // the row keeps the header's width and the payer sits in the amount's column.
        String both =
                row("商户订单号", "DW-E\t", "商品名称", "早餐,豆浆", "对方账户", "**张(13912345678)\t")
                        .replace("10.00,10.00", "10.0010.00");

        StatementResult r = parse(file(List.of(row(), both), footer(2, "20.00", 0, "0.00")));

        assertThat(allOutput(r)).doesNotContain("13912345678").doesNotContain("9123456");
    }
}
