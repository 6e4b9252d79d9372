package io.debitwatch.providers.statement;

import static io.debitwatch.providers.statement.WeChatTradeBill.APPLIED_REFUND;
import static io.debitwatch.providers.statement.WeChatTradeBill.COUPON;
import static io.debitwatch.providers.statement.WeChatTradeBill.CURRENCY;
import static io.debitwatch.providers.statement.WeChatTradeBill.DEVICE;
import static io.debitwatch.providers.statement.WeChatTradeBill.MCHID;
import static io.debitwatch.providers.statement.WeChatTradeBill.OUT_REFUND_NO;
import static io.debitwatch.providers.statement.WeChatTradeBill.OUT_TRADE_NO;
import static io.debitwatch.providers.statement.WeChatTradeBill.PAYER;
import static io.debitwatch.providers.statement.WeChatTradeBill.RECHARGE_REFUND;
import static io.debitwatch.providers.statement.WeChatTradeBill.REFUND;
import static io.debitwatch.providers.statement.WeChatTradeBill.REFUND_STATE;
import static io.debitwatch.providers.statement.WeChatTradeBill.REFUND_SUCCESS_TIME;
import static io.debitwatch.providers.statement.WeChatTradeBill.SETTLE;
import static io.debitwatch.providers.statement.WeChatTradeBill.STATE;
import static io.debitwatch.providers.statement.WeChatTradeBill.SUB_MCHID;
import static io.debitwatch.providers.statement.WeChatTradeBill.TIME;
import static io.debitwatch.providers.statement.WeChatTradeBill.TOTAL;
import static io.debitwatch.providers.statement.WeChatTradeBill.TXN;

import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.ProviderSource;
import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.providers.Adapted;
import io.debitwatch.providers.PayerIds;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * One data row of a WeChat Pay trade bill, its cells checked, and what it becomes by the mapping of
 * {@link WeChatTradeBill}: the event of a SUCCESS, REFUND or REVOKED row, or the notice of a refund
 * whose money is not back. The amounts are kept for the summary's column sums.
 */
final class WeChatBillRow {

    private final UnaryOperator<String> cell;
    final String state;
    private final Instant time;
    private final String merchant;
    private final String outTradeNo;
    private final String txn;
    private final String currency;
    private final String device;
    final long total;
    final long settle;
    private final long coupon;
    final long refund;
    final long applied;
    final long recharge;
    private final String payerRef;
    private final boolean refundBill;

    /**
     * Reads and checks the cells every row has, in this order (the first bad one names the row's
     * reason).
     *
     * @param cell a column's cell, stripped
     * @param hasRecharge whether the header has 充值券退款金额, which is optional
     * @param refundBill whether this is a REFUND bill, whose refund rows are dated by 退款成功时间
     * @throws Cells.Bad for a bad cell
     */
    WeChatBillRow(
            UnaryOperator<String> cell,
            boolean hasRecharge,
            boolean refundBill,
            PayerIds payerIds) {
        this.cell = cell;
        this.refundBill = refundBill;
        state = cell.apply(STATE);
        if (!state.equals("SUCCESS") && !state.equals("REFUND") && !state.equals("REVOKED")) {
            throw new Cells.Bad(
                    state.isEmpty()
                            ? STATE + " is empty"
                            : STATE
                                    + " "
                                    + Cells.quote(state)
                                    + " is not expected in a trade bill (only SUCCESS, REFUND,"
                                    + " REVOKED)");
        }
        time = Cells.time(TIME, cell.apply(TIME));
        String sub = cell.apply(SUB_MCHID);
        merchant =
                sub.isEmpty() || sub.equals("0")
                        ? Cells.id(MCHID, cell.apply(MCHID), true)
                        : Cells.id(SUB_MCHID, sub, true);
        outTradeNo = Cells.id(OUT_TRADE_NO, cell.apply(OUT_TRADE_NO), true);
        txn = Cells.id(TXN, cell.apply(TXN), !state.equals("REVOKED"));
        currency = Cells.currency(CURRENCY, cell.apply(CURRENCY));
        device = Cells.id(DEVICE, cell.apply(DEVICE), false);
        total = Cells.fen(TOTAL, cell.apply(TOTAL));
        settle = Cells.fen(SETTLE, cell.apply(SETTLE));
        coupon = Cells.fen(COUPON, cell.apply(COUPON));
        refund = Cells.fen(REFUND, cell.apply(REFUND));
        applied = Cells.fen(APPLIED_REFUND, cell.apply(APPLIED_REFUND));
        recharge = hasRecharge ? Cells.fen(RECHARGE_REFUND, cell.apply(RECHARGE_REFUND)) : 0;
        payerRef = payerIds.ref(Provider.WECHAT.name(), cell.apply(PAYER));
    }

    /** The event or notice of the row; throws {@link Cells.Bad} when its state's checks fail. */
    Adapted outcome() {
        return switch (state) {
            case "SUCCESS" -> debit();
            case "REFUND" -> refund();
            default -> reversal();
        };
    }

    private Adapted debit() {
        if (total == 0) {
            throw new Cells.Bad(TOTAL + " is 0.00 on a SUCCESS row");
        }
        if (coupon > total) {
            throw new Cells.Bad(COUPON + " is above " + TOTAL);
        }
        return event(
                Cells.eventId("wxb", txn, "DEBITED"),
                ProviderStatus.DEBITED,
                total - coupon,
                null,
                null);
    }

    private Adapted refund() {
        String outRefundNo = Cells.id(OUT_REFUND_NO, cell.apply(OUT_REFUND_NO), true);
        if (applied == 0) {
            throw new Cells.Bad(APPLIED_REFUND + " is 0.00 on a REFUND row");
        }
        String refundState = cell.apply(REFUND_STATE);
        String notice =
                switch (refundState) {
                    case "SUCCESS" -> null;
                    case "PROCESSING" -> "REFUND_PROCESSING";
                    case "CHANGE", "ABNORMAL" -> "REFUND_ABNORMAL";
                    case "REFUNDCLOSE", "CLOSED" -> "REFUND_CLOSED";
                    case "" -> throw new Cells.Bad(REFUND_STATE + " is empty on a REFUND row");
                    default ->
                            throw new Cells.Bad(
                                    "unknown " + REFUND_STATE + " " + Cells.quote(refundState));
                };
        if (notice == null) {
            return event(
                    Cells.eventId("wxb", txn, "REFUNDED", outRefundNo),
                    refundTime(),
                    ProviderStatus.REFUNDED,
                    null,
                    applied,
                    outRefundNo);
        }
        return new Adapted.Notice(
                notice,
                Provider.WECHAT,
                merchant,
                outTradeNo,
                time,
                outRefundNo,
                applied,
                currency,
                "trade bill refund row with 退款状态 "
                        + refundState
                        + ": the refund was accepted but the money is"
                        + " not back (yet); not counted as returned");
    }

    /**
     * When the money of a successful refund came back, as far as the bill tells: 退款成功时间 in a REFUND
     * bill; in an ALL bill only 交易时间 is given, which on a refund row is when the refund was
     * accepted.
     */
    private Instant refundTime() {
        return refundBill ? Cells.time(REFUND_SUCCESS_TIME, cell.apply(REFUND_SUCCESS_TIME)) : time;
    }

    /** A REVOKED row; one without 微信订单号 is identified by merchant and 商户订单号. */
    private Adapted reversal() {
        String id =
                txn != null
                        ? Cells.eventId("wxb", txn, "REVERSED")
                        : Cells.eventId("wxb", merchant, outTradeNo, "REVERSED");
        return event(id, ProviderStatus.REVERSED, null, null, null);
    }

    private Adapted event(
            String eventId,
            ProviderStatus status,
            Long payerAmount,
            Long refundAmount,
            String outRefundNo) {
        return event(eventId, time, status, payerAmount, refundAmount, outRefundNo);
    }

    private Adapted event(
            String eventId,
            Instant at,
            ProviderStatus status,
            Long payerAmount,
            Long refundAmount,
            String outRefundNo) {
        return Adapted.Events.of(
                new ProviderEvent(
                        eventId,
                        at,
                        Provider.WECHAT,
                        merchant,
                        outTradeNo,
                        txn,
                        ProviderSource.STATEMENT,
                        status,
                        total,
                        currency,
                        payerAmount,
                        refundAmount,
                        outRefundNo,
                        payerRef,
                        device));
    }
}
