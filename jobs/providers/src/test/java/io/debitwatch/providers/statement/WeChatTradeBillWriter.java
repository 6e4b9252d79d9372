package io.debitwatch.providers.statement;

import static io.debitwatch.providers.statement.WeChatTradeBill.APPLIED_REFUND;
import static io.debitwatch.providers.statement.WeChatTradeBill.COUPON;
import static io.debitwatch.providers.statement.WeChatTradeBill.CURRENCY;
import static io.debitwatch.providers.statement.WeChatTradeBill.DEVICE;
import static io.debitwatch.providers.statement.WeChatTradeBill.HEADER;
import static io.debitwatch.providers.statement.WeChatTradeBill.MCHID;
import static io.debitwatch.providers.statement.WeChatTradeBill.OUT_REFUND_NO;
import static io.debitwatch.providers.statement.WeChatTradeBill.OUT_TRADE_NO;
import static io.debitwatch.providers.statement.WeChatTradeBill.PAYER;
import static io.debitwatch.providers.statement.WeChatTradeBill.RECHARGE_REFUND;
import static io.debitwatch.providers.statement.WeChatTradeBill.REFUND;
import static io.debitwatch.providers.statement.WeChatTradeBill.REFUND_STATE;
import static io.debitwatch.providers.statement.WeChatTradeBill.SEP;
import static io.debitwatch.providers.statement.WeChatTradeBill.SETTLE;
import static io.debitwatch.providers.statement.WeChatTradeBill.STATE;
import static io.debitwatch.providers.statement.WeChatTradeBill.SUB_MCHID;
import static io.debitwatch.providers.statement.WeChatTradeBill.SUMMARY_HEADER;
import static io.debitwatch.providers.statement.WeChatTradeBill.TIME;
import static io.debitwatch.providers.statement.WeChatTradeBill.TOTAL;
import static io.debitwatch.providers.statement.WeChatTradeBill.TXN;

import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.ProviderStatus;
import java.io.IOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test fixture: writes provider events as a WeChat trade bill that {@link WeChatTradeBill} reads.
 */
public final class WeChatTradeBillWriter {

    private WeChatTradeBillWriter() {}

    /** Whether {@link #write} can put {@code e} in a bill: WeChat DEBITED, REFUNDED or REVERSED. */
    public static boolean carries(ProviderEvent e) {
        return e.provider() == Provider.WECHAT
                && (e.status() == ProviderStatus.DEBITED
                        || e.status() == ProviderStatus.REFUNDED
                        || e.status() == ProviderStatus.REVERSED);
    }

    /**
     * Writes {@code events} as an ALL trade bill in WeChat's layout (header, back-tick-prefixed
     * rows, summary header, summary row with the count and the column sums), one row per event in
     * the given order, LF line ends, no BOM. {@link WeChatTradeBill#parse} gives the events back
     * with source STATEMENT and bill event ids, except what a bill cannot carry: times are cut to
     * the second; {@code payer_ref} is written to 用户标识 and so comes back hashed once more; a
     * DEBITED event without {@code payer_amount_minor} comes back with it equal to {@code
     * amount_minor} (a bill always states the coupon part); REFUNDED and REVERSED events lose
     * {@code payer_amount_minor}. A REFUNDED event's {@code amount_minor} is written to 订单金额 of its
     * refund row (WeChat itself writes 0.00 there) so that it comes back too. Rows are written for
     * a normal merchant (特约商户号 0), so {@code merchant_id} goes to 商户号.
     *
     * @throws IllegalArgumentException for an event {@link #carries} refuses, or a value a bill
     *     cannot hold (a line break or ",`" inside)
     */
    public static void write(List<ProviderEvent> events, Writer out) throws IOException {
        write(events, out, HEADER);
    }

    /**
     * Writes REFUNDED {@code events} as a REFUND trade bill ({@link
     * WeChatTradeBill#REFUND_HEADER}): as {@link #write}, with each refund's {@code event_time} in
     * 退款成功时间 and, five seconds earlier, in 退款申请时间 and 交易时间 (when the refund was accepted), so that
     * the bill gives the events back with their own times.
     *
     * @throws IllegalArgumentException for an event that is not a WeChat REFUNDED one
     */
    public static void writeRefundBill(List<ProviderEvent> events, Writer out) throws IOException {
        for (ProviderEvent e : events) {
            if (e.provider() != Provider.WECHAT || e.status() != ProviderStatus.REFUNDED) {
                throw new IllegalArgumentException(
                        "a REFUND bill has refunds only: " + e.eventId());
            }
        }
        write(events, out, WeChatTradeBill.REFUND_HEADER);
    }

    private static void write(List<ProviderEvent> events, Writer out, List<String> header)
            throws IOException {
        boolean refundBill = header.equals(WeChatTradeBill.REFUND_HEADER);
        StringBuilder b = new StringBuilder();
        b.append(String.join(",", header)).append('\n');
        long settle = 0;
        long refund = 0;
        long total = 0;
        long applied = 0;
        for (ProviderEvent e : events) {
            if (!carries(e)) {
                throw new IllegalArgumentException(
                        "a WeChat trade bill cannot carry "
                                + e.provider()
                                + " "
                                + e.status()
                                + " event "
                                + e.eventId());
            }
            Map<String, String> row = new HashMap<>();
            row.put(TIME, Cells.localTime(e.eventTime()));
            if (refundBill) {
                String accepted = Cells.localTime(e.eventTime().minusSeconds(5));
                row.put(TIME, accepted);
                row.put(WeChatTradeBill.REFUND_APPLIED_TIME, accepted);
                row.put(WeChatTradeBill.REFUND_SUCCESS_TIME, Cells.localTime(e.eventTime()));
            }
            row.put("公众账号ID", "");
            row.put(MCHID, e.merchantId());
            row.put(SUB_MCHID, "0");
            row.put(DEVICE, nullToEmpty(e.deviceId()));
            row.put(TXN, nullToEmpty(e.providerTxnId()));
            row.put(OUT_TRADE_NO, e.outTradeNo());
            row.put(PAYER, nullToEmpty(e.payerRef()));
            row.put("交易类型", "MICROPAY");
            row.put("付款银行", "OTHERS");
            row.put(CURRENCY, e.currency());
            row.put("商品名称", "");
            row.put("商户数据包", "");
            row.put("手续费", "0.00000");
            row.put("费率", "0.00%");
            row.put("费率备注", "");
            row.put(RECHARGE_REFUND, "0.00");
            row.put(TOTAL, Cells.yuan(e.amountMinor()));
            switch (e.status()) {
                case DEBITED, REVERSED -> {
                    long coupon = 0;
                    if (e.status() == ProviderStatus.DEBITED && e.payerAmountMinor() != null) {
                        coupon = e.amountMinor() - e.payerAmountMinor();
                        if (coupon < 0) {
                            throw new IllegalArgumentException(
                                    "payer_amount_minor above amount_minor in " + e.eventId());
                        }
                    }
                    long s = e.amountMinor() - coupon;
                    row.put(STATE, e.status() == ProviderStatus.DEBITED ? "SUCCESS" : "REVOKED");
                    row.put(SETTLE, Cells.yuan(s));
                    row.put(COUPON, Cells.yuan(coupon));
                    row.put("微信退款单号", "0");
                    row.put(OUT_REFUND_NO, "0");
                    row.put(REFUND, "0.00");
                    row.put("退款类型", "");
                    row.put(REFUND_STATE, "");
                    row.put(APPLIED_REFUND, "0.00");
                    settle += s;
                }
                case REFUNDED -> {
                    long r = e.refundAmountMinor() == null ? 0 : e.refundAmountMinor();
                    row.put(STATE, "REFUND");
                    row.put(SETTLE, "0.00");
                    row.put(COUPON, "0.00");
                    row.put("微信退款单号", "");
                    row.put(OUT_REFUND_NO, nullToEmpty(e.outRefundNo()));
                    row.put(REFUND, Cells.yuan(r));
                    row.put("退款类型", "ORIGINAL");
                    row.put(REFUND_STATE, "SUCCESS");
                    row.put(APPLIED_REFUND, Cells.yuan(r));
                    refund += r;
                    applied += r;
                }
                default -> throw new IllegalStateException("unreachable");
            }
            total += e.amountMinor();
            for (int i = 0; i < header.size(); i++) {
                String v = row.get(header.get(i));
                checkWritable(e, header.get(i), v);
                b.append(i == 0 ? "`" : SEP).append(v);
            }
            b.append('\n');
        }
        b.append(String.join(",", SUMMARY_HEADER)).append('\n');
        b.append('`')
                .append(events.size())
                .append(SEP)
                .append(Cells.yuan(settle))
                .append(SEP)
                .append(Cells.yuan(refund))
                .append(SEP)
                .append("0.00")
                .append(SEP)
                .append("0.00")
                .append(SEP)
                .append(Cells.yuan(total))
                .append(SEP)
                .append(Cells.yuan(applied))
                .append('\n');
        out.write(b.toString());
        out.flush();
    }

    private static void checkWritable(ProviderEvent e, String column, String value) {
        if (value.contains(SEP) || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(
                    "a bill cannot hold "
                            + column
                            + " of "
                            + e.eventId()
                            + ": line break or \",`\"");
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
