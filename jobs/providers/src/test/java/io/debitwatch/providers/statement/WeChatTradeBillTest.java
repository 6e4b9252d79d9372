package io.debitwatch.providers.statement;

import static io.debitwatch.providers.statement.StatementAssertions.PAYER_IDS;
import static io.debitwatch.providers.statement.StatementAssertions.allOutput;
import static io.debitwatch.providers.statement.StatementAssertions.coreAccepts;
import static io.debitwatch.providers.statement.StatementAssertions.event;
import static io.debitwatch.providers.statement.StatementAssertions.reason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.ProviderSource;
import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.providers.Adapted;
import io.debitwatch.providers.PayerIds;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
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

class WeChatTradeBillTest {

    private static final String SAMPLE = "wechat-tradebill-all-sample.csv";
    private static final String PAYER_A = "oTESTonlyFAKEpayer00000001";
    private static final String PAYER_DEFAULT = "oTESTonlyFAKEpayerDEFAULT01";

    private static final String HEADER = String.join(",", WeChatTradeBill.HEADER);
    private static final String SUMMARY_HEADER = String.join(",", WeChatTradeBill.SUMMARY_HEADER);

    // ---- helpers -----------------------------------------------------------------------------

    private static Map<String, String> successDefaults() {
        Map<String, String> m = new LinkedHashMap<>();
        String[] kv = {
            "交易时间", "2026-11-25 10:00:00",
            "公众账号ID", "wx0000000000test1",
            "商户号", "1900000109",
            "特约商户号", "0",
            "设备号", "POS-1",
            "微信订单号", "4200000000202611250000000101",
            "商户订单号", "DW-1",
            "用户标识", PAYER_DEFAULT,
            "交易类型", "MICROPAY",
            "交易状态", "SUCCESS",
            "付款银行", "OTHERS",
            "货币种类", "CNY",
            "应结订单金额", "10.00",
            "代金券金额", "0.00",
            "微信退款单号", "0",
            "商户退款单号", "0",
            "退款金额", "0.00",
            "充值券退款金额", "0.00",
            "退款类型", "",
            "退款状态", "",
            "商品名称", "test",
            "商户数据包", "",
            "手续费", "0.06000",
            "费率", "0.60%",
            "订单金额", "10.00",
            "申请退款金额", "0.00",
            "费率备注", ""
        };
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** A SUCCESS data row of 10.00; {@code overrides} are column, value pairs. */
    private static String row(String... overrides) {
        Map<String, String> m = successDefaults();
        for (int i = 0; i < overrides.length; i += 2) {
            m.put(overrides[i], overrides[i + 1]);
        }
        List<String> cells = new ArrayList<>();
        for (String c : WeChatTradeBill.HEADER) {
            cells.add(m.get(c));
        }
        return "`" + String.join(",`", cells);
    }

    /** A successful REFUND row of 4.00 for DW-1. */
    private static String refund(String... overrides) {
        List<String> all =
                new ArrayList<>(
                        List.of(
                                "交易状态", "REFUND",
                                "应结订单金额", "0.00",
                                "订单金额", "0.00",
                                "微信退款单号", "50300000002026112500000000101",
                                "商户退款单号", "RF-1",
                                "退款金额", "4.00",
                                "申请退款金额", "4.00",
                                "退款类型", "ORIGINAL",
                                "退款状态", "SUCCESS",
                                "交易时间", "2026-11-25 11:00:00"));
        all.addAll(List.of(overrides));
        return row(all.toArray(String[]::new));
    }

    private static String summary(String count, String settle, String total) {
        return "`" + count + ",`" + settle + ",`0.00,`0.00,`0.06,`" + total + ",`0.00";
    }

    private static StatementResult parse(String... lines) throws IOException {
        return parse(PAYER_IDS, lines);
    }

    private static StatementResult parse(PayerIds ids, String... lines) throws IOException {
        byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        return WeChatTradeBill.parse(new ByteArrayInputStream(bytes), "bill.csv", ids);
    }

    private static StatementResult parseBytes(byte[] bytes) throws IOException {
        return WeChatTradeBill.parse(new ByteArrayInputStream(bytes), "bill.csv", PAYER_IDS);
    }

    private static StatementResult sample() throws IOException {
        try (InputStream in = WeChatTradeBillTest.class.getResourceAsStream(SAMPLE)) {
            return WeChatTradeBill.parse(in, SAMPLE, PAYER_IDS);
        }
    }

    private static String ref(String payer) {
        return PAYER_IDS.ref("WECHAT", payer);
    }

    private static ProviderEvent debit(
            String id, String time, String merchant, String order, long amount, Long payer) {
        return new ProviderEvent(
                id,
                Instant.parse(time),
                Provider.WECHAT,
                merchant,
                order,
                "4200000000" + order.replaceAll("[^0-9]", "") + "00000000000000000",
                ProviderSource.NOTIFY,
                ProviderStatus.DEBITED,
                amount,
                "CNY",
                payer,
                null,
                null,
                "h1:00112233445566778899aabbccddeeff",
                "POS-7");
    }

    // ---- the sample bill ---------------------------------------------------------------------

    @Test
    void sampleBillGivesOneOutcomePerRowWithItsLine() throws IOException {
        StatementResult r = sample();

        assertThat(r.complete()).as("problems: %s", r.problems()).isTrue();
        assertThat(r.provider()).isEqualTo(Provider.WECHAT);
        assertThat(r.rows())
                .extracting(StatementResult.Row::line)
                .containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(r.rejected()).isEmpty();
        assertThat(r.events()).hasSize(6);
        assertThat(r.notices()).hasSize(1);
        coreAccepts(r.events());

        assertThat(event(r.rows().get(0)))
                .isEqualTo(
                        new ProviderEvent(
                                "wxb-4200000000202611250000000001-DEBITED",
                                Instant.parse("2026-11-25T01:12:03Z"),
                                Provider.WECHAT,
                                "1900000109",
                                "DW20261125091200000001",
                                "4200000000202611250000000001",
                                ProviderSource.STATEMENT,
                                ProviderStatus.DEBITED,
                                3850,
                                "CNY",
                                3850L,
                                null,
                                null,
                                ref(PAYER_A),
                                "POS-SH-0231"));
    }

    @Test
    void sampleBillAmountsFollowTheOrderAmountAndTheCoupons() throws IOException {
        StatementResult r = sample();

        // 充值券: 应结 26.00 = 订单 26.00, 代金券 5.00: the payer paid 21.00. The goods name has a comma.
        ProviderEvent recharge = event(r.rows().get(1));
        assertThat(recharge.amountMinor()).isEqualTo(2600);
        assertThat(recharge.payerAmountMinor()).isEqualTo(2100);
        // 免充值券: 应结 15.00 < 订单 18.00: the order amount is what detection compares.
        ProviderEvent free = event(r.rows().get(2));
        assertThat(free.amountMinor()).isEqualTo(1800);
        assertThat(free.payerAmountMinor()).isEqualTo(1500);
        // Service-provider mode: the sub-merchant is the merchant; no device.
        assertThat(free.merchantId()).isEqualTo("1900000110");
        assertThat(free.deviceId()).isNull();
    }

    @Test
    void sampleBillRefundsAndTheirStates() throws IOException {
        StatementResult r = sample();

        ProviderEvent refund = event(r.rows().get(3));
        assertThat(refund.status()).isEqualTo(ProviderStatus.REFUNDED);
        assertThat(refund.eventId())
                .isEqualTo("wxb-4200000000202611240000000004-REFUNDED-RF20261125101500-01");
        assertThat(refund.refundAmountMinor()).isEqualTo(1200);
        assertThat(refund.outRefundNo()).isEqualTo("RF20261125101500-01");
        assertThat(refund.amountMinor()).as("WeChat writes 0.00 as 订单金额 of a refund").isZero();
        assertThat(refund.payerAmountMinor()).isNull();
        assertThat(refund.eventTime()).isEqualTo(Instant.parse("2026-11-25T02:15:00Z"));

        assertThat(r.rows().get(4).outcome())
                .isEqualTo(
                        new Adapted.Notice(
                                "REFUND_PROCESSING",
                                Provider.WECHAT,
                                "1900000110",
                                "DW20261125135900000005",
                                Instant.parse("2026-11-25T06:02:11Z"),
                                "RF20261125140211-01",
                                880L,
                                "CNY",
                                ((Adapted.Notice) r.rows().get(4).outcome()).detail()));

        // The same payer on another day and merchant has the same reference.
        assertThat(event(r.rows().get(5)).payerRef()).isEqualTo(event(r.rows().get(0)).payerRef());
        // Paid and partly refunded on the same day: two rows, two events.
        assertThat(event(r.rows().get(6)).outTradeNo())
                .isEqualTo(event(r.rows().get(0)).outTradeNo());
        assertThat(event(r.rows().get(6)).refundAmountMinor()).isEqualTo(1000);
    }

    @Test
    void loadingTheSameBillTwiceGivesTheSameEvents() throws IOException {
        assertThat(sample().events()).isEqualTo(sample().events());
        assertThat(sample().events()).extracting(ProviderEvent::eventId).doesNotHaveDuplicates();
    }

    @Test
    void sampleBillNeverShowsAPayerInClearText() throws IOException {
        String out = allOutput(sample());
        assertThat(out).doesNotContain("oTESTonlyFAKEpayer");
    }

    // ---- writing -----------------------------------------------------------------------------

    @Test
    void roundTripIsExactExceptWhatABillCannotCarry() throws IOException {
        ProviderEvent coupon =
                debit("e1", "2026-11-25T01:00:00.250Z", "1900000109", "DW-11", 2600, 2100L);
        ProviderEvent noPayerAmount =
                debit("e2", "2026-11-25T02:00:00Z", "1900000110", "DW-12", 999, null);
        ProviderEvent refunded =
                new ProviderEvent(
                        "e3",
                        Instant.parse("2026-11-25T03:00:00Z"),
                        Provider.WECHAT,
                        "1900000109",
                        "DW-11",
                        coupon.providerTxnId(),
                        ProviderSource.QUERY,
                        ProviderStatus.REFUNDED,
                        2600,
                        "CNY",
                        null,
                        600L,
                        "RF-11",
                        null,
                        null);
        ProviderEvent reversed =
                new ProviderEvent(
                        "e4",
                        Instant.parse("2026-11-25T04:00:00Z"),
                        Provider.WECHAT,
                        "1900000109",
                        "DW-13",
                        null,
                        ProviderSource.REVERSE,
                        ProviderStatus.REVERSED,
                        1500,
                        "CNY",
                        null,
                        null,
                        null,
                        null,
                        "POS-9");
        List<ProviderEvent> in = List.of(coupon, noPayerAmount, refunded, reversed);

        StringWriter w = new StringWriter();
        WeChatTradeBillWriter.write(in, w);
        StatementResult r = parseBytes(w.toString().getBytes(StandardCharsets.UTF_8));

        assertThat(r.complete()).as("problems: %s", r.problems()).isTrue();
        List<ProviderEvent> out = r.events();
        assertThat(out).hasSize(4);
        coreAccepts(out);
        for (int i = 0; i < in.size(); i++) {
            ProviderEvent a = in.get(i);
            ProviderEvent b = out.get(i);
            Long payerAmount =
                    a.status() == ProviderStatus.DEBITED && a.payerAmountMinor() == null
                            ? Long.valueOf(a.amountMinor())
                            : a.payerAmountMinor();
            ProviderEvent expected =
                    new ProviderEvent(
                            b.eventId(),
                            a.eventTime().truncatedTo(ChronoUnit.SECONDS),
                            a.provider(),
                            a.merchantId(),
                            a.outTradeNo(),
                            a.providerTxnId(),
                            ProviderSource.STATEMENT,
                            a.status(),
                            a.amountMinor(),
                            a.currency(),
                            payerAmount,
                            a.refundAmountMinor(),
                            a.outRefundNo(),
                            a.payerRef() == null ? null : ref(a.payerRef()),
                            a.deviceId());
            assertThat(b).isEqualTo(expected);
        }
        assertThat(out)
                .extracting(ProviderEvent::eventId)
                .containsExactly(
                        "wxb-" + coupon.providerTxnId() + "-DEBITED",
                        "wxb-" + noPayerAmount.providerTxnId() + "-DEBITED",
                        "wxb-" + coupon.providerTxnId() + "-REFUNDED-RF-11",
                        "wxb-1900000109-DW-13-REVERSED");
    }

    @Test
    void writtenBillHasTheRealLayout() throws IOException {
        StringWriter w = new StringWriter();
        WeChatTradeBillWriter.write(
                List.of(
                        debit("e1", "2026-11-25T01:00:00Z", "1900000109", "DW-11", 2600, 2100L),
                        debit("e2", "2026-11-25T02:00:00Z", "1900000109", "DW-12", 1, null)),
                w);
        String[] lines = w.toString().split("\n", -1);

        assertThat(lines).hasSize(6);
        assertThat(lines[0]).isEqualTo(HEADER);
        assertThat(lines[1]).startsWith("`2026-11-25 09:00:00,`");
        assertThat(lines[1].substring(1).split(",`", -1)).hasSize(27);
        assertThat(lines[2]).contains(",`SUCCESS,`");
        assertThat(lines[3]).isEqualTo(SUMMARY_HEADER);
        assertThat(lines[4]).isEqualTo("`2,`21.01,`0.00,`0.00,`0.00,`26.01,`0.00");
        assertThat(lines[5]).isEmpty();
    }

    @Test
    void writeRefusesWhatABillCannotCarry() {
        ProviderEvent ok = debit("e1", "2026-11-25T01:00:00Z", "1900000109", "DW-11", 100, null);
        ProviderEvent notPaid =
                new ProviderEvent(
                        "e9",
                        ok.eventTime(),
                        Provider.WECHAT,
                        "1900000109",
                        "DW-19",
                        null,
                        ProviderSource.QUERY,
                        ProviderStatus.NOT_PAID,
                        100,
                        "CNY",
                        null,
                        null,
                        null,
                        null,
                        null);
        ProviderEvent alipay =
                new ProviderEvent(
                        "e8",
                        ok.eventTime(),
                        Provider.ALIPAY,
                        "2088",
                        "x",
                        "t",
                        ProviderSource.QUERY,
                        ProviderStatus.DEBITED,
                        100,
                        "CNY",
                        null,
                        null,
                        null,
                        null,
                        null);
        ProviderEvent lineBreak =
                debit("e7", "2026-11-25T01:00:00Z", "1900000109", "DW\n17", 100, null);

        assertThat(WeChatTradeBillWriter.carries(ok)).isTrue();
        assertThat(WeChatTradeBillWriter.carries(notPaid)).isFalse();
        assertThat(WeChatTradeBillWriter.carries(alipay)).isFalse();
        for (ProviderEvent bad : List.of(notPaid, alipay, lineBreak)) {
            assertThatThrownBy(
                            () -> WeChatTradeBillWriter.write(List.of(ok, bad), new StringWriter()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad.eventId());
        }
    }

    // ---- bad input ---------------------------------------------------------------------------

    @Test
    void aRowShiftedOnBothSidesOfThePayerColumnKeepsTheWidthButNotThePayerId() throws IOException {
        // A stray separator before the payer column and a missing one after it: the row has the
        // header's width, and the payer id sits in the next column.
        String shifted =
                row("商户订单号", "DW-S", "用户标识", "oTESTonlyFAKEpayerSHIFTED3")
                        .replace(",`oTESTonlyFAKEpayerSHIFTED3", ",`x,`oTESTonlyFAKEpayerSHIFTED3")
                        .replace("`SUCCESS,`OTHERS", "`SUCCESS`OTHERS");

        StatementResult r =
                parse(HEADER, shifted, SUMMARY_HEADER, "`1,`10.00,`0.00,`0.00,`0.06,`10.00,`0.00");

        assertThat(r.rows()).hasSize(1);
        assertThat(allOutput(r)).doesNotContain("oTESTonlyFAKEpayer").doesNotContain("SHIFTED3");
    }

    @Test
    void shiftedColumnsRejectTheRowAndTheRowsAroundItStillCount() throws IOException {
        String good = row("商户订单号", "DW-A", "微信订单号", "4200000000202611250000000201");
        String extra =
                row("商户订单号", "DW-B", "用户标识", "oTESTonlyFAKEpayerSHIFTED1")
                        .replace(",`test,", ",`test,`extra,");
        String missing =
                row("商户订单号", "DW-C", "用户标识", "oTESTonlyFAKEpayerSHIFTED2")
                        .replace("`SUCCESS,`OTHERS", "`SUCCESS`OTHERS");
        String good2 = row("商户订单号", "DW-D", "微信订单号", "4200000000202611250000000202");

        StatementResult r =
                parse(
                        HEADER,
                        good,
                        extra,
                        missing,
                        good2,
                        SUMMARY_HEADER,
                        "`4,`40.00,`0.00,`0.00,`0.24,`40.00,`0.00");

        assertThat(r.rows()).hasSize(4);
        assertThat(event(r.rows().get(0)).outTradeNo()).isEqualTo("DW-A");
        assertThat(r.rows().get(1).line()).isEqualTo(3);
        assertThat(reason(r.rows().get(1))).contains("28 fields", "27", "shifted columns");
        assertThat(r.rows().get(2).line()).isEqualTo(4);
        assertThat(reason(r.rows().get(2))).contains("26 fields", "shifted columns");
        assertThat(event(r.rows().get(3)).outTradeNo()).isEqualTo("DW-D");
        // The count still matches (the shifted rows are rows); totals are not checked then.
        assertThat(r.complete()).as("problems: %s", r.problems()).isTrue();
        assertThat(allOutput(r)).doesNotContain("oTESTonlyFAKEpayer");
        assertThat(r.rows().get(1).raw()).contains("extra", "***");
    }

    @Test
    void aPlainCommaInsideAValueIsNotAShift() throws IOException {
        StatementResult r =
                parse(
                        HEADER,
                        row("商品名称", "套餐,含饮料", "商户数据包", "{\"a\":1,\"b\":2}"),
                        SUMMARY_HEADER,
                        summary("1", "10.00", "10.00"));

        assertThat(r.complete()).isTrue();
        assertThat(event(r.rows().get(0)).amountMinor()).isEqualTo(1000);
    }

    @Test
    void missingSummaryMakesTheFileIncompleteButItsRowsCount() throws IOException {
        StatementResult r = parse(HEADER, row(), row("商户订单号", "DW-2", "微信订单号", "42002"));

        assertThat(r.events()).hasSize(2);
        assertThat(r.problems()).hasSize(1);
        assertThat(r.problems().get(0).line()).isEqualTo(3);
        assertThat(r.problems().get(0).reason())
                .startsWith("incomplete file: no summary")
                .contains("2 data rows read still count");
        assertThat(r.deadLetters())
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.source()).isEqualTo("bill.csv");
                            assertThat(d.line()).isEqualTo(3L);
                        });
    }

    @Test
    void summaryHeaderWithoutItsRowIsIncomplete() throws IOException {
        StatementResult r = parse(HEADER, row(), SUMMARY_HEADER);

        assertThat(r.events()).hasSize(1);
        assertThat(r.problems())
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.line()).isEqualTo(3);
                            assertThat(p.reason()).contains("summary header without summary row");
                        });
    }

    @Test
    void countMismatchIsAFileProblem() throws IOException {
        StatementResult r =
                parse(
                        HEADER,
                        row(),
                        refund(),
                        SUMMARY_HEADER,
                        "`3,`10.00,`4.00,`0.00,`0.06,`10.00,`4.00");

        assertThat(r.events()).hasSize(2);
        assertThat(r.problems())
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.line()).isEqualTo(5);
                            assertThat(p.reason())
                                    .contains("summary mismatch", "总交易单数 says 3", "2 data rows");
                            assertThat(p.raw()).startsWith("`3,");
                        });
    }

    @Test
    void refundRowsCountAndTotalsAreTheColumnSums() throws IOException {
        // As in WeChat's own fixture: 总交易单数 "2.0" counts the refund row too.
        StatementResult r =
                parse(
                        HEADER,
                        row(),
                        refund(),
                        SUMMARY_HEADER,
                        "`2.0,`10.00,`4.00,`0.0,`0.06,`10.00,`4.00");

        assertThat(r.complete()).as("problems: %s", r.problems()).isTrue();
    }

    @Test
    void totalsMismatchIsAFileProblem() throws IOException {
        StatementResult r =
                parse(
                        HEADER,
                        row(),
                        refund(),
                        SUMMARY_HEADER,
                        "`2,`10.00,`4.00,`0.00,`0.06,`11.00,`4.01");

        assertThat(r.problems())
                .extracting(StatementResult.Problem::reason)
                .containsExactly(
                        "summary mismatch: 订单总金额 says 11.00, the rows' 订单金额 add up to 10.00",
                        "summary mismatch: 申请退款总金额 says 4.01, the rows' 申请退款金额 add up to 4.00");
    }

    @Test
    void revokedRowIsAReversalAndTheTotalsAreNotGuessedThen() throws IOException {
        StatementResult r =
                parse(
                        HEADER,
                        row("交易状态", "REVOKED", "商户订单号", "DW-R"),
                        SUMMARY_HEADER,
                        summary("1", "0.00", "0.00"));

        ProviderEvent e = event(r.rows().get(0));
        assertThat(e.status()).isEqualTo(ProviderStatus.REVERSED);
        assertThat(e.eventId()).isEqualTo("wxb-4200000000202611250000000101-REVERSED");
        assertThat(r.complete()).as("problems: %s", r.problems()).isTrue();
        coreAccepts(r.events());
    }

    @ParameterizedTest
    @CsvSource({
        "0.001, more precise than one fen",
        "12.345, more precise than one fen",
        "12.3a, not a plain yuan number",
        "'', amount missing",
        "-1.00, not a plain yuan number",
        "1000000000.00, not a plain yuan number"
    })
    void badAmountRejectsTheRow(String amount, String why) throws IOException {
        StatementResult r =
                parse(
                        HEADER,
                        row("商户订单号", "DW-1"),
                        row("商户订单号", "DW-2", "订单金额", amount),
                        row("商户订单号", "DW-3"),
                        SUMMARY_HEADER,
                        summary("3", "30.00", "30.00"));

        assertThat(r.rows()).hasSize(3);
        assertThat(r.rows().get(1).line()).isEqualTo(3);
        assertThat(reason(r.rows().get(1))).startsWith("订单金额: ").contains(why);
        assertThat(r.events())
                .extracting(ProviderEvent::outTradeNo)
                .containsExactly("DW-1", "DW-3");
        assertThat(r.complete()).as("problems: %s", r.problems()).isTrue();
    }

    @Test
    void zeroOrderAmountAndCouponAboveItAreRejected() throws IOException {
        StatementResult r =
                parse(
                        HEADER,
                        row("订单金额", "0.00", "应结订单金额", "0.00"),
                        row("代金券金额", "10.01"),
                        SUMMARY_HEADER,
                        summary("2", "10.00", "10.00"));

        assertThat(reason(r.rows().get(0))).isEqualTo("订单金额 is 0.00 on a SUCCESS row");
        assertThat(reason(r.rows().get(1))).isEqualTo("代金券金额 is above 订单金额");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NOTPAY", "CLOSED", "USERPAYING", "PAYERROR", "success", ""})
    void unexpectedStatusRejectsTheRow(String status) throws IOException {
        StatementResult r =
                parse(
                        HEADER,
                        row("交易状态", status),
                        row("商户订单号", "DW-2"),
                        SUMMARY_HEADER,
                        summary("2", "20.00", "20.00"));

        assertThat(reason(r.rows().get(0))).contains("交易状态");
        if (!status.isEmpty()) {
            assertThat(reason(r.rows().get(0))).contains('"' + status + '"');
        }
        assertThat(event(r.rows().get(1)).outTradeNo()).isEqualTo("DW-2");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-11-25 25:00:00",
                "2026/11/25 10:00:00",
                "2026-02-30 10:00:00",
                "2026-11-25T10:00:00",
                "2026-11-25 10:00",
                "1999-12-31 23:59:59",
                ""
            })
    void badTimeRejectsTheRow(String time) throws IOException {
        StatementResult r =
                parse(HEADER, row("交易时间", time), SUMMARY_HEADER, summary("1", "10.00", "10.00"));

        assertThat(reason(r.rows().get(0))).startsWith("交易时间 ");
    }

    @Test
    void refundStatesOtherThanSuccessAreNoticesNotMoneyBack() throws IOException {
        StatementResult r =
                parse(
                        HEADER,
                        refund("退款状态", "PROCESSING", "商户退款单号", "RF-P"),
                        refund("退款状态", "CHANGE", "商户退款单号", "RF-C"),
                        refund("退款状态", "REFUNDCLOSE", "商户退款单号", "RF-X"),
                        refund("退款状态", "WHATEVER", "商户退款单号", "RF-W"),
                        refund("退款状态", "", "商户退款单号", "RF-E"),
                        refund("申请退款金额", "0.00", "商户退款单号", "RF-Z"),
                        refund("商户退款单号", ""));

        assertThat(r.rows())
                .extracting(x -> x.outcome() instanceof Adapted.Notice n ? n.kind() : "-")
                .containsExactly(
                        "REFUND_PROCESSING",
                        "REFUND_ABNORMAL",
                        "REFUND_CLOSED",
                        "-",
                        "-",
                        "-",
                        "-");
        assertThat(reason(r.rows().get(3))).isEqualTo("unknown 退款状态 \"WHATEVER\"");
        assertThat(reason(r.rows().get(4))).isEqualTo("退款状态 is empty on a REFUND row");
        assertThat(reason(r.rows().get(5))).isEqualTo("申请退款金额 is 0.00 on a REFUND row");
        assertThat(reason(r.rows().get(6))).isEqualTo("商户退款单号 is empty");
        assertThat(r.events()).isEmpty();
    }

    @Test
    void merchantIsTheSubMerchantInServiceProviderModeElseTheMerchant() throws IOException {
        StatementResult r =
                parse(
                        HEADER,
                        row("特约商户号", "0"),
                        row("特约商户号", ""),
                        row("特约商户号", "1900000110"),
                        SUMMARY_HEADER,
                        summary("3", "30.00", "30.00"));

        assertThat(r.events())
                .extracting(ProviderEvent::merchantId)
                .containsExactly("1900000109", "1900000109", "1900000110");
    }

    @Test
    void valuesMustFitTheCoreConstraints() throws IOException {
        StatementResult r =
                parse(
                        HEADER,
                        row("商户订单号", "D".repeat(65)),
                        row("微信订单号", ""),
                        row("设备号", "POS\u0007"),
                        row("货币种类", "cny"),
                        row("商户号", " "),
                        SUMMARY_HEADER,
                        summary("5", "50.00", "50.00"));

        assertThat(r.rows())
                .extracting(StatementAssertions::reason)
                .containsExactly(
                        "商户订单号 longer than 64 chars: \"" + "D".repeat(40) + "…\"",
                        "微信订单号 is empty",
                        "设备号 contains U+0007 (control character)",
                        "货币种类 must be an ISO-4217 currency code with minor units, like CNY, got"
                                + " \"cny\"",
                        "商户号 is empty");
    }

    /** SPEC §4a.9: the core's rules, applied to the bill's cells; reasons do not quote the id. */
    @Test
    void idsAndCurrenciesFollowTheCoresRules() throws IOException {
        StatementResult r =
                parse(
                        HEADER,
                        row("商户订单号", "o-1\u202Eevil"),
                        row("微信订单号", "42\u202900"),
                        row("货币种类", "XXX"),
                        row("货币种类", "JPY"),
                        SUMMARY_HEADER,
                        summary("4", "40.00", "40.00"));

        assertThat(r.rows())
                .extracting(StatementAssertions::reason)
                .containsExactly(
                        "商户订单号 contains U+202E (bidirectional control)",
                        "微信订单号 contains U+2029 (paragraph separator)",
                        "货币种类 must be an ISO-4217 currency code with minor units, like CNY, got"
                                + " \"XXX\"",
                        "货币种类 JPY has 0 minor-unit digits; the bill's amounts can only be read"
                                + " for currencies with two");
    }

    @Test
    void longIdsStillGiveADeterministicEventIdTheCoreAccepts() throws IOException {
        String txn = "4".repeat(64);
        String refundNo = "R".repeat(64);
        StatementResult r =
                parse(
                        HEADER,
                        refund("微信订单号", txn, "商户退款单号", refundNo),
                        SUMMARY_HEADER,
                        "`1,`0.00,`4.00,`0.00,`0.06,`0.00,`4.00");

        ProviderEvent e = event(r.rows().get(0));
        assertThat(e.eventId()).startsWith("wxb-h-").hasSizeLessThanOrEqualTo(128);
        assertThat(
                        event(parse(HEADER, refund("微信订单号", txn, "商户退款单号", refundNo)).rows().get(0))
                                .eventId())
                .isEqualTo(e.eventId());
        coreAccepts(r.events());
    }

    @Test
    void missingHeaderColumnRefusesTheFile() throws IOException {
        // The pre-2018 layout: no 订单金额, 申请退款金额, 费率备注 at the end.
        List<String> old = new ArrayList<>(WeChatTradeBill.HEADER.subList(0, 24));
        String header = String.join(",", old);
        String data = row().substring(0, row().indexOf(",`10.00,`0.00,`"));

        StatementResult r = parse(header, data, SUMMARY_HEADER, summary("1", "10.00", "10.00"));

        assertThat(r.rows()).isEmpty();
        assertThat(r.problems())
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.line()).isEqualTo(1);
                            assertThat(p.reason())
                                    .isEqualTo(
                                            "bad header: lacks required column(s) 订单金额, 申请退款金额"
                                                    + " (not an ALL trade bill in the current"
                                                    + " format?)");
                            assertThat(p.raw()).isEqualTo(header);
                        });
    }

    @Test
    void columnsAreFoundByNameNotByPosition() throws IOException {
        List<String> names = new ArrayList<>(WeChatTradeBill.HEADER);
        java.util.Collections.reverse(names);
        Map<String, String> m = successDefaults();
        List<String> cells = new ArrayList<>();
        for (String n : names) {
            cells.add(m.get(n));
        }

        StatementResult r =
                parse(
                        "`" + String.join(",`", names),
                        "`" + String.join(",`", cells),
                        SUMMARY_HEADER,
                        summary("1", "10.00", "10.00"));

        assertThat(r.complete()).isTrue();
        assertThat(event(r.rows().get(0)).outTradeNo()).isEqualTo("DW-1");
    }

    @Test
    void aFileThatIsNoTradeBillIsRefusedWithoutEchoingItsFirstLine() throws IOException {
        StatementResult r = parse(row(), row(), SUMMARY_HEADER, summary("2", "20.00", "20.00"));

        assertThat(r.rows()).isEmpty();
        assertThat(r.problems().get(0).reason()).startsWith("bad header: not a WeChat Pay trade");
        assertThat(r.problems().get(0).raw()).isEmpty();
        assertThat(allOutput(r)).doesNotContain(PAYER_DEFAULT);
    }

    @Test
    void aLineThatIsNotUtf8IsRejectedAlone() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes((HEADER + "\n" + row() + "\n").getBytes(StandardCharsets.UTF_8));
        b.writeBytes(new byte[] {'`', (byte) 0xC3, 0x28, (byte) 0xFF, ',', '`', (byte) 0xB0, '\n'});
        b.writeBytes(
                (row("商户订单号", "DW-3") + "\n" + SUMMARY_HEADER + "\n" + summary("3", "0", "0"))
                        .getBytes(StandardCharsets.UTF_8));

        StatementResult r = parseBytes(b.toByteArray());

        assertThat(r.rows()).hasSize(3);
        assertThat(r.rows().get(1).line()).isEqualTo(3);
        assertThat(reason(r.rows().get(1))).isEqualTo("line is not valid UTF-8 text");
        assertThat(r.events())
                .extracting(ProviderEvent::outTradeNo)
                .containsExactly("DW-1", "DW-3");
        assertThat(r.complete()).as("problems: %s", r.problems()).isTrue();
    }

    @Test
    void emptyFileIsAProblem() throws IOException {
        for (byte[] bytes : List.of(new byte[0], "\n \n\r\n".getBytes(StandardCharsets.UTF_8))) {
            StatementResult r = parseBytes(bytes);
            assertThat(r.rows()).isEmpty();
            assertThat(r.problems())
                    .singleElement()
                    .satisfies(
                            p ->
                                    assertThat(p.reason())
                                            .isEqualTo(
                                                    "empty file: no header, no rows, no summary"));
        }
    }

    @Test
    void crlfBomAndBackTickedHeaderAreAccepted() throws IOException {
        String text =
                "\uFEFF`"
                        + String.join(",`", WeChatTradeBill.HEADER)
                        + "\r\n"
                        + row()
                        + "\r\n"
                        + SUMMARY_HEADER
                        + "\r\n"
                        + summary("1", "10.00", "10.00")
                        + "\r\n";

        StatementResult r = parseBytes(text.getBytes(StandardCharsets.UTF_8));

        assertThat(r.complete()).as("problems: %s", r.problems()).isTrue();
        assertThat(event(r.rows().get(0)).deviceId()).isEqualTo("POS-1");
    }

    @Test
    void linesAfterTheSummaryAreAProblemAndNeverEchoAPayer() throws IOException {
        StatementResult r =
                parse(HEADER, row(), SUMMARY_HEADER, summary("1", "10.00", "10.00"), row());

        assertThat(r.events()).hasSize(1);
        assertThat(r.problems())
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.line()).isEqualTo(5);
                            assertThat(p.reason())
                                    .isEqualTo("unexpected line after the summary row");
                            assertThat(p.raw()).contains("***").doesNotContain(PAYER_DEFAULT);
                        });
    }

    @Test
    void withoutASecretPayerIdsAreDropped() throws IOException {
        StatementResult r =
                parse(PayerIds.none(), HEADER, row(), SUMMARY_HEADER, summary("1", "10", "10"));

        assertThat(event(r.rows().get(0)).payerRef()).isNull();
    }

    @Test
    void deadLettersHoldRejectedRowsAndProblemsInLineOrder() throws IOException {
        StatementResult r =
                parse(
                        HEADER,
                        row("订单金额", "0.001"),
                        row(),
                        row("交易状态", "NOTPAY"),
                        SUMMARY_HEADER,
                        summary("9", "10.00", "10.00"));

        List<DeadLetter> letters = r.deadLetters();
        assertThat(letters).extracting(DeadLetter::line).containsExactly(2L, 4L, 6L);
        assertThat(letters).extracting(DeadLetter::source).containsOnly("bill.csv");
        assertThat(letters.get(0).reason()).contains("more precise than one fen");
        assertThat(letters.get(0).raw()).contains("`***,").doesNotContain(PAYER_DEFAULT);
        assertThat(letters.get(2).reason()).contains("总交易单数 says 9");
    }

    @Test
    void aRequiredColumnTwiceRefusesTheFile() throws IOException {
        StatementResult r = parse(HEADER + ",订单金额", row() + ",`1.00");

        assertThat(r.rows()).isEmpty();
        assertThat(r.problems().get(0).reason())
                .isEqualTo("bad header: column(s) 订单金额 appear twice");
    }

    @Test
    void anEmptyBillRoundTrips() throws IOException {
        StringWriter w = new StringWriter();
        WeChatTradeBillWriter.write(List.of(), w);

        StatementResult r = parseBytes(w.toString().getBytes(StandardCharsets.UTF_8));

        assertThat(w.toString())
                .endsWith(SUMMARY_HEADER + "\n`0,`0.00,`0.00,`0.00,`0.00,`0.00,`0.00\n");
        assertThat(r.complete()).as("problems: %s", r.problems()).isTrue();
        assertThat(r.rows()).isEmpty();
    }

    @Test
    void theRawCopyOfAnUndecodableRowIsMaskedToo() throws IOException {
        String payerRow = row("商户订单号", "DW-X", "用户标识", "oTESTonlyFAKEpayerBROKEN01");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes((HEADER + "\n").getBytes(StandardCharsets.UTF_8));
        b.writeBytes(payerRow.getBytes(StandardCharsets.UTF_8));
        b.writeBytes(new byte[] {(byte) 0xFF, '\n'});

        StatementResult r = parseBytes(b.toByteArray());

        assertThat(reason(r.rows().get(0))).isEqualTo("line is not valid UTF-8 text");
        assertThat(r.rows().get(0).raw()).contains("DW-X", "***");
        assertThat(allOutput(r)).doesNotContain("oTESTonlyFAKEpayer");
    }
}
