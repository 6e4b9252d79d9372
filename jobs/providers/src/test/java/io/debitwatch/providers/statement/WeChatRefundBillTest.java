package io.debitwatch.providers.statement;

import static io.debitwatch.providers.statement.StatementAssertions.PAYER_IDS;
import static io.debitwatch.providers.statement.StatementAssertions.coreAccepts;
import static io.debitwatch.providers.statement.StatementAssertions.event;
import static io.debitwatch.providers.statement.StatementAssertions.reason;
import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.providers.Adapted;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The REFUND trade bill ({@code bill_type=REFUND}) against the ALL bill: the same refund is dated
 * by 退款成功时间 (money back) in the one and by 交易时间 (refund accepted) in the other, and a file says
 * which bill it is by its header alone.
 */
class WeChatRefundBillTest {

    /** Paid on the 20th, refund accepted on the 25th at 11:00, money back at 11:00:04. */
    private static final String TRADE_TIME = "2026-11-20 09:30:00";

    private static final String APPLIED_AT = "2026-11-25 11:00:00";
    private static final String SUCCEEDED_AT = "2026-11-25 11:00:04";

    private static Map<String, String> refundCells() {
        Map<String, String> m = new LinkedHashMap<>();
        String[] kv = {
            "交易时间", TRADE_TIME,
            "公众账号ID", "wx0000000000test1",
            "商户号", "1900000109",
            "特约商户号", "0",
            "设备号", "POS-1",
            "微信订单号", "4200000000202611200000000101",
            "商户订单号", "DW-1",
            "用户标识", "oTESTonlyFAKEpayer00000001",
            "交易类型", "MICROPAY",
            "交易状态", "REFUND",
            "付款银行", "OTHERS",
            "货币种类", "CNY",
            "应结订单金额", "0.00",
            "代金券金额", "0.00",
            "退款申请时间", APPLIED_AT,
            "退款成功时间", SUCCEEDED_AT,
            "微信退款单号", "50300000002026112500000000101",
            "商户退款单号", "RF-1",
            "退款金额", "4.00",
            "充值券退款金额", "0.00",
            "退款类型", "ORIGINAL",
            "退款状态", "SUCCESS",
            "商品名称", "test",
            "商户数据包", "",
            "手续费", "-0.02400",
            "费率", "0.60%",
            "订单金额", "0.00",
            "申请退款金额", "4.00",
            "费率备注", ""
        };
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String row(List<String> header, Map<String, String> cells) {
        List<String> out = new ArrayList<>();
        for (String c : header) {
            out.add(cells.get(c));
        }
        return "`" + String.join(",`", out);
    }

    private static StatementResult parse(List<String> header, List<String> rows, String summary)
            throws IOException {
        StringBuilder b = new StringBuilder(String.join(",", header)).append('\n');
        rows.forEach(r -> b.append(r).append('\n'));
        b.append(String.join(",", WeChatTradeBill.SUMMARY_HEADER)).append('\n');
        b.append(summary).append('\n');
        return WeChatTradeBill.parse(
                new ByteArrayInputStream(b.toString().getBytes(StandardCharsets.UTF_8)),
                "bill.csv",
                PAYER_IDS);
    }

    private static Instant china(String local) {
        return Instant.parse(local.replace(' ', 'T') + "+08:00");
    }

    @Test
    void refundBillDatesARefundByWhenTheMoneyCameBack() throws IOException {
        Map<String, String> cells = refundCells();
        StatementResult r =
                parse(
                        WeChatTradeBill.REFUND_HEADER,
                        List.of(row(WeChatTradeBill.REFUND_HEADER, cells)),
                        "`1,`0.00,`4.00,`0.00,`-0.02400,`0.00,`4.00");

        assertThat(r.problems()).isEmpty();
        ProviderEvent e = event(r.rows().get(0));
        assertThat(e.status()).isEqualTo(ProviderStatus.REFUNDED);
        assertThat(e.eventTime()).isEqualTo(china(SUCCEEDED_AT));
        assertThat(e.refundAmountMinor()).isEqualTo(400);
        assertThat(e.outRefundNo()).isEqualTo("RF-1");
        coreAccepts(r.events());
    }

    @Test
    void allBillDatesTheSameRefundByWhenItWasAccepted() throws IOException {
        Map<String, String> cells = refundCells();
        cells.put("交易时间", APPLIED_AT); // an ALL bill's refund row: the refund's acceptance
        StatementResult r =
                parse(
                        WeChatTradeBill.HEADER,
                        List.of(row(WeChatTradeBill.HEADER, cells)),
                        "`1,`0.00,`4.00,`0.00,`-0.02400,`0.00,`4.00");

        assertThat(r.problems()).isEmpty();
        ProviderEvent e = event(r.rows().get(0));
        assertThat(e.eventTime()).isEqualTo(china(APPLIED_AT));
        // Both bills name the refund alike: loaded together, it counts once.
        ProviderEvent fromRefundBill =
                event(
                        parse(
                                        WeChatTradeBill.REFUND_HEADER,
                                        List.of(row(WeChatTradeBill.REFUND_HEADER, refundCells())),
                                        "`1,`0.00,`4.00,`0.00,`-0.02400,`0.00,`4.00")
                                .rows()
                                .get(0));
        assertThat(fromRefundBill.eventId()).isEqualTo(e.eventId());
        assertThat(fromRefundBill.eventTime()).isAfter(e.eventTime());
    }

    @Test
    void aSuccessfulRefundWithoutItsSuccessTimeIsARejectedRow() throws IOException {
        Map<String, String> bad = refundCells();
        bad.put("退款成功时间", "");
        Map<String, String> good = refundCells();
        good.put("商户退款单号", "RF-2");
        good.put("微信退款单号", "50300000002026112500000000102");
        StatementResult r =
                parse(
                        WeChatTradeBill.REFUND_HEADER,
                        List.of(
                                row(WeChatTradeBill.REFUND_HEADER, bad),
                                row(WeChatTradeBill.REFUND_HEADER, good)),
                        "`2,`0.00,`8.00,`0.00,`-0.04800,`0.00,`8.00");

        assertThat(reason(r.rows().get(0))).contains("退款成功时间");
        assertThat(event(r.rows().get(1)).outRefundNo()).isEqualTo("RF-2");
        assertThat(r.deadLetters()).hasSize(1);
    }

    @Test
    void aRefundStillProcessingInARefundBillIsANoticeNotMoney() throws IOException {
        Map<String, String> cells = refundCells();
        cells.put("退款状态", "PROCESSING");
        cells.put("退款成功时间", "");
        StatementResult r =
                parse(
                        WeChatTradeBill.REFUND_HEADER,
                        List.of(row(WeChatTradeBill.REFUND_HEADER, cells)),
                        "`1,`0.00,`4.00,`0.00,`-0.02400,`0.00,`4.00");

        assertThat(r.rows().get(0).outcome()).isInstanceOf(Adapted.Notice.class);
        assertThat(r.events()).isEmpty();
    }

    @Test
    void theSummaryIsReadAsStatedTotalsInFen() throws IOException {
        StatementResult r =
                parse(
                        WeChatTradeBill.REFUND_HEADER,
                        List.of(row(WeChatTradeBill.REFUND_HEADER, refundCells())),
                        "`1,`0.00,`4.00,`0.00,`-0.02500,`0.00,`4.00");

        // -0.025 yuan rounds half-up (away from zero) to -0.03: -3 fen.
        assertThat(r.stated()).isEqualTo(new StatementTotals(1L, null, null, 0L, 400L, -3L));
    }
}
