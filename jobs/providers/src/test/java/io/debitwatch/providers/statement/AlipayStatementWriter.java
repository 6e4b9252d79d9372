package io.debitwatch.providers.statement;

import static io.debitwatch.providers.statement.AlipayStatement.AMOUNT;
import static io.debitwatch.providers.statement.AlipayStatement.CN_DATE;
import static io.debitwatch.providers.statement.AlipayStatement.CREATED;
import static io.debitwatch.providers.statement.AlipayStatement.FINISHED;
import static io.debitwatch.providers.statement.AlipayStatement.GBK;
import static io.debitwatch.providers.statement.AlipayStatement.HEADER;
import static io.debitwatch.providers.statement.AlipayStatement.MERCHANT_DISCOUNT;
import static io.debitwatch.providers.statement.AlipayStatement.OUT_TRADE_NO;
import static io.debitwatch.providers.statement.AlipayStatement.PAYER;
import static io.debitwatch.providers.statement.AlipayStatement.RECEIVED;
import static io.debitwatch.providers.statement.AlipayStatement.REQUEST_NO;
import static io.debitwatch.providers.statement.AlipayStatement.TERMINAL;
import static io.debitwatch.providers.statement.AlipayStatement.TITLE;
import static io.debitwatch.providers.statement.AlipayStatement.TXN;
import static io.debitwatch.providers.statement.AlipayStatement.TYPE;
import static io.debitwatch.providers.statement.AlipayStatement.merchantIdOf;

import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.ProviderStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test fixture: writes provider events as an Alipay 业务明细 file that {@link AlipayStatement} reads.
 */
public final class AlipayStatementWriter {

    private AlipayStatementWriter() {}

    /** Whether {@link #write} can put {@code e} in a file: Alipay DEBITED or REFUNDED in CNY. */
    public static boolean carries(ProviderEvent e) {
        return e.provider() == Provider.ALIPAY
                && "CNY".equals(e.currency())
                && (e.status() == ProviderStatus.DEBITED || e.status() == ProviderStatus.REFUNDED);
    }

    /**
     * Writes {@code events} as a GBK 业务明细 file of {@code account} in Alipay's layout (preamble,
     * header, tab-suffixed cells, footer with counts and sums, CRLF line ends), one row per event
     * in the given order. {@link AlipayStatement#parse} gives the events back with source STATEMENT
     * and file event ids, except what the file cannot carry: times are cut to the second; {@code
     * payer_ref} is written to 对方账户 and so comes back hashed once more; {@code payer_amount_minor}
     * is dropped; a REFUNDED event comes back with {@code amount_minor} 0.
     *
     * @param account as in the {@code #账号} line, e.g. "20881021462251350156" (PID + 0156); every
     *     event's merchant id must be {@link AlipayStatement#merchantIdOf} it
     * @throws IllegalArgumentException for an event {@link #carries} refuses, of another merchant,
     *     or with a value the file cannot hold (a comma, a line break, a character outside GBK)
     */
    public static void write(List<ProviderEvent> events, String account, OutputStream out)
            throws IOException {
        String merchantId = merchantIdOf(account);
        StringBuilder b = new StringBuilder();
        line(b, TITLE);
        line(b, "#账号：[" + account + "]");
        if (!events.isEmpty()) {
            LocalDate first = null;
            LocalDate last = null;
            for (ProviderEvent e : events) {
                LocalDate d = e.eventTime().atZone(Cells.CHINA).toLocalDate();
                first = first == null || d.isBefore(first) ? d : first;
                last = last == null || d.isAfter(last) ? d : last;
            }
            line(
                    b,
                    "#起始日期：["
                            + CN_DATE.format(first.atStartOfDay())
                            + "]   终止日期：["
                            + CN_DATE.format(last.plusDays(1).atStartOfDay())
                            + "]");
        }
        line(
                b,
                "#-----------------------------------------业务明细列表----------------------------------------");
        line(b, String.join(",", HEADER));
        int trades = 0;
        int refunds = 0;
        long tradeSum = 0;
        long refundSum = 0;
        for (ProviderEvent e : events) {
            if (!carries(e)) {
                throw new IllegalArgumentException(
                        "an Alipay 业务明细 file cannot carry "
                                + e.provider()
                                + " "
                                + e.status()
                                + " "
                                + e.currency()
                                + " event "
                                + e.eventId());
            }
            if (!merchantId.equals(e.merchantId())) {
                throw new IllegalArgumentException(
                        "event "
                                + e.eventId()
                                + " is of merchant "
                                + e.merchantId()
                                + ", the file of "
                                + merchantId);
            }
            boolean refund = e.status() == ProviderStatus.REFUNDED;
            long amount;
            if (refund) {
                amount = -(e.refundAmountMinor() == null ? 0 : e.refundAmountMinor());
                refunds++;
                refundSum += amount;
            } else {
                amount = e.amountMinor();
                trades++;
                tradeSum += amount;
            }
            String time = Cells.localTime(e.eventTime());
            Map<String, String> row = new HashMap<>();
            row.put(TXN, cell(e, TXN, e.providerTxnId()) + "\t");
            row.put(OUT_TRADE_NO, cell(e, OUT_TRADE_NO, e.outTradeNo()) + "\t");
            row.put(TYPE, (refund ? "退款" : "交易") + "\t");
            row.put("商品名称", "");
            row.put(CREATED, time);
            row.put(FINISHED, time);
            row.put("门店编号", "\t");
            row.put("门店名称", "\t");
            row.put("操作员", "\t");
            row.put(TERMINAL, cell(e, TERMINAL, e.deviceId()) + "\t");
            row.put(PAYER, cell(e, PAYER, e.payerRef()) + "\t");
            row.put(AMOUNT, Cells.yuan(amount));
            row.put(RECEIVED, Cells.yuan(amount));
            row.put("支付宝红包（元）", "0.00");
            row.put("集分宝（元）", "0.00");
            row.put("支付宝优惠（元）", "0.00");
            row.put(MERCHANT_DISCOUNT, "0.00");
            row.put("券核销金额（元）", "0.00");
            row.put("券名称", "");
            row.put("商家红包消费金额（元）", "0.00\t");
            row.put("卡消费金额（元）", "0.00");
            row.put(REQUEST_NO, (refund ? cell(e, REQUEST_NO, e.outRefundNo()) : "") + "\t");
            row.put("服务费（元）", "0.00");
            row.put("分润（元）", "0.00");
            row.put("备注", "");
            List<String> cells = new ArrayList<>();
            for (String c : HEADER) {
                cells.add(row.get(c));
            }
            line(b, String.join(",", cells));
        }
        line(
                b,
                "#-----------------------------------------业务明细列表结束------------------------------------");
        line(b, "#交易合计：" + trades + "笔，商家实收共" + Cells.yuan(tradeSum) + "元，商家优惠共0.00元");
        line(b, "#退款合计：" + refunds + "笔，商家实收退款共" + Cells.yuan(refundSum) + "元，商家优惠退款共0.00元");
        if (!events.isEmpty()) {
            Instant latest =
                    events.stream().map(ProviderEvent::eventTime).max(Instant::compareTo).get();
            LocalDate day = latest.atZone(Cells.CHINA).toLocalDate().plusDays(1);
            line(b, "#导出时间：[" + CN_DATE.format(day.atTime(5, 0)) + "]");
        }
        try {
            ByteBuffer bytes =
                    GBK.newEncoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .encode(CharBuffer.wrap(b));
            out.write(bytes.array(), bytes.position(), bytes.remaining());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("a value cannot be written in GBK", e);
        }
        out.flush();
    }

    private static void line(StringBuilder b, String text) {
        b.append(text).append("\r\n");
    }

    private static String cell(ProviderEvent e, String column, String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') >= 0
                || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0
                || value.indexOf('"') >= 0) {
            throw new IllegalArgumentException(
                    "an Alipay 业务明细 file cannot hold "
                            + column
                            + " of "
                            + e.eventId()
                            + ": comma, quote or line break");
        }
        return value;
    }
}
