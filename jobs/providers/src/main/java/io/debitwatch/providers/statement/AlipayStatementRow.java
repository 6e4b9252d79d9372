package io.debitwatch.providers.statement;

import static io.debitwatch.providers.statement.AlipayStatement.AMOUNT;
import static io.debitwatch.providers.statement.AlipayStatement.FINISHED;
import static io.debitwatch.providers.statement.AlipayStatement.MERCHANT_DISCOUNT;
import static io.debitwatch.providers.statement.AlipayStatement.OUT_TRADE_NO;
import static io.debitwatch.providers.statement.AlipayStatement.PAYER;
import static io.debitwatch.providers.statement.AlipayStatement.RECEIVED;
import static io.debitwatch.providers.statement.AlipayStatement.REQUEST_NO;
import static io.debitwatch.providers.statement.AlipayStatement.TERMINAL;
import static io.debitwatch.providers.statement.AlipayStatement.TXN;
import static io.debitwatch.providers.statement.AlipayStatement.TYPE;

import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.ProviderSource;
import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.providers.PayerIds;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * One data row of an Alipay 业务明细 file, its cells checked, and the event it becomes by the mapping
 * of {@link AlipayStatement}. The 商家实收 and 商家优惠 amounts are kept for the footer's sums.
 */
final class AlipayStatementRow {

    private final UnaryOperator<String> cell;
    private final String merchantId;
    final boolean refund;
    private final String txn;
    private final String outTradeNo;
    private final Instant time;
    private final long amount;
    final long received;
    final long discount;
    private final String device;
    private final String payerRef;

    /**
     * Reads and checks the cells every row has, in this order (the first bad one names the row's
     * reason).
     *
     * @param cell a column's cell, without the tabs and spaces Alipay pads it with
     * @param hasDiscount whether the header has 商家优惠（元）, which is optional
     * @param merchantId every event's merchant id
     * @throws Cells.Bad for a bad cell
     */
    AlipayStatementRow(
            UnaryOperator<String> cell, boolean hasDiscount, String merchantId, PayerIds payerIds) {
        this.cell = cell;
        this.merchantId = merchantId;
        String type = cell.apply(TYPE);
        if (type.equals("交易")) {
            refund = false;
        } else if (type.equals("退款")) {
            refund = true;
        } else {
            throw new Cells.Bad(
                    type.isEmpty()
                            ? TYPE + " is empty"
                            : "unknown " + TYPE + " " + Cells.quote(type) + " (only 交易, 退款)");
        }
        txn = Cells.id(TXN, cell.apply(TXN), true);
        outTradeNo = Cells.id(OUT_TRADE_NO, cell.apply(OUT_TRADE_NO), true);
        time = Cells.time(FINISHED, cell.apply(FINISHED));
        amount = Cells.signedFen(AMOUNT, cell.apply(AMOUNT));
        received = Cells.signedFen(RECEIVED, cell.apply(RECEIVED));
        discount =
                hasDiscount ? Cells.signedFen(MERCHANT_DISCOUNT, cell.apply(MERCHANT_DISCOUNT)) : 0;
        device = Cells.id(TERMINAL, cell.apply(TERMINAL), false);
        payerRef = payerIds.ref(Provider.ALIPAY.name(), cell.apply(PAYER));
    }

    /** The row's event; throws {@link Cells.Bad} when its amount does not fit its type. */
    ProviderEvent event() {
        if (refund) {
            if (amount == 0) {
                throw new Cells.Bad(AMOUNT + " is 0.00 on a 退款 row");
            }
            String requestNo = cell.apply(REQUEST_NO);
            String outRefundNo =
                    requestNo.isEmpty() ? outTradeNo : Cells.id(REQUEST_NO, requestNo, true);
            return event(
                    Cells.eventId("alib", txn, "REFUNDED", outRefundNo),
                    ProviderStatus.REFUNDED,
                    0,
                    Math.abs(amount),
                    outRefundNo);
        }
        if (amount <= 0) {
            throw new Cells.Bad(AMOUNT + " must be positive on a 交易 row: " + Cells.yuan(amount));
        }
        return event(
                Cells.eventId("alib", txn, "DEBITED"), ProviderStatus.DEBITED, amount, null, null);
    }

    private ProviderEvent event(
            String eventId,
            ProviderStatus status,
            long amountMinor,
            Long refundAmount,
            String outRefundNo) {
        return new ProviderEvent(
                eventId,
                time,
                Provider.ALIPAY,
                merchantId,
                outTradeNo,
                txn,
                ProviderSource.STATEMENT,
                status,
                amountMinor,
                "CNY",
                null,
                refundAmount,
                outRefundNo,
                payerRef,
                device);
    }
}
