package io.debitwatch.core.detect;

import io.debitwatch.core.model.Action;
import io.debitwatch.core.model.Money;
import io.debitwatch.core.model.NoticeKind;
import io.debitwatch.core.model.Notification.Channel;
import io.debitwatch.core.model.Notification.Text;
import io.debitwatch.core.model.OrderKey;

/**
 * Notification texts in Simplified Chinese and English. MERCHANT texts are for the cashier at the
 * till: short, concrete, and they say what to do next.
 */
final class Messages {

    private Messages() {}

    static Text text(Channel channel, OrderKey key, Decision d) {
        return channel == Channel.MERCHANT ? merchantText(key, d) : opsText(key, d);
    }

    /** What the merchant's cashier is told, in plain words. */
    private static Text merchantText(OrderKey key, Decision d) {
        String order = key.outTradeNo();
        String amountZh = amount(d, "元");
        String amountEn = amount(d, "");
        String provZh = providerZh(key);
        String provEn = providerEn(key);
        return switch (d.finding()) {
            case EARLY_WARNING ->
                    new Text(
                            "订单 "
                                    + order
                                    + " 实际已支付成功（"
                                    + provZh
                                    + amountZh
                                    + "），请勿让顾客重复付款，也不要让顾客离开。",
                            "Order "
                                    + order
                                    + " was in fact paid ("
                                    + provEn
                                    + " "
                                    + amountEn
                                    + "). Do not charge the customer again and do not"
                                    + " send them away.");
            case UNMATCHED_DEBIT ->
                    d.action() == Action.REFUND
                            ? new Text(
                                    "订单 " + order + " 终端显示失败，但顾客已被扣款" + amountZh + "，系统将自动原路退款。",
                                    "Order "
                                            + order
                                            + " failed at the terminal but the customer was"
                                            + " debited "
                                            + amountEn
                                            + ". It will be refunded automatically.")
                            : new Text(
                                    "订单 " + order + " 顾客已被扣款" + amountZh + "，但收银系统无此交易记录，请核对。",
                                    "Order "
                                            + order
                                            + ": the customer was debited "
                                            + amountEn
                                            + " but the till has no record of the sale."
                                            + " Please check.");
            case SALE_WITHOUT_DEBIT ->
                    new Text(
                            "订单 " + order + " 终端显示支付成功，但" + provZh + "未扣款，请勿发货或请与顾客核实。",
                            "Order "
                                    + order
                                    + " shows as paid at the terminal but "
                                    + provEn
                                    + " took no money. Check with the customer before"
                                    + " handing over goods.");
            default -> throw new IllegalArgumentException("no merchant text for " + d);
        };
    }

    /** What operations is told: the action, the finding, the order and the verdict. */
    private static Text opsText(OrderKey key, Decision d) {
        String what =
                switch (d.finding()) {
                    case UNMATCHED_DEBIT -> "debit without a successful sale at the terminal";
                    case AMOUNT_MISMATCH -> "debited amount differs from the terminal amount";
                    case STUCK_PAYMENT -> "payment unresolved at the settle deadline";
                    case SALE_WITHOUT_DEBIT -> "sale recorded at the terminal but no debit";
                    case CONFLICT -> "terminal success after a refund was requested";
                    case ALERT_RESOLVED -> "money returned to the customer";
                    case EARLY_WARNING -> "paid while the terminal showed a failure";
                };
        String whatZh =
                switch (d.finding()) {
                    case UNMATCHED_DEBIT -> "已扣款但终端未成功（掉单）";
                    case AMOUNT_MISMATCH -> "扣款金额与终端金额不一致";
                    case STUCK_PAYMENT -> "结算时限已到，支付状态仍未明确";
                    case SALE_WITHOUT_DEBIT -> "终端显示成功但未扣款";
                    case CONFLICT -> "已申请退款后终端又记录成功";
                    case ALERT_RESOLVED -> "款项已退回顾客";
                    case EARLY_WARNING -> "终端显示失败但已扣款";
                };
        return new Text(
                "["
                        + actionZh(d.action())
                        + "] "
                        + whatZh
                        + "：" // full-width colon
                        + providerZh(key)
                        + " 商户 "
                        + key.merchantId()
                        + " 订单 "
                        + key.outTradeNo()
                        + amountPart(amount(d, "元"))
                        + "，终端结论 "
                        + d.verdict(),
                "["
                        + d.action()
                        + "] "
                        + what
                        + ": "
                        + providerEn(key)
                        + " merchant "
                        + key.merchantId()
                        + " order "
                        + key.outTradeNo()
                        + amountPart(amount(d, ""))
                        + ", terminal verdict "
                        + d.verdict());
    }

    private static String amountPart(String amount) {
        return amount.isEmpty() ? "" : " " + amount;
    }

    private static String actionZh(Action action) {
        return switch (action) {
            case REFUND -> "退款";
            case REVIEW -> "人工核查";
            case QUERY -> "查询";
            case NONE -> "无需处理";
        };
    }

    private static String providerZh(OrderKey key) {
        return switch (key.provider()) {
            case WECHAT -> "微信支付";
            case ALIPAY -> "支付宝";
            case UNIONPAY -> "银联";
        };
    }

    private static String providerEn(OrderKey key) {
        return switch (key.provider()) {
            case WECHAT -> "WeChat Pay";
            case ALIPAY -> "Alipay";
            case UNIONPAY -> "UnionPay";
        };
    }

    /**
     * Minor units as a decimal amount in the currency's own minor units ({@link Money}), with the
     * currency: {@code 12.30元} for CNY in Chinese, else {@code 12.30 CNY}, {@code 1500 JPY}.
     */
    static String amount(Decision d, String cnySuffix) {
        return d.amountMinor() < 0 ? "" : amount(d.amountMinor(), d.currency(), cnySuffix);
    }

    private static String amount(long v, String currency, String cnySuffix) {
        if ("CNY".equals(currency) && !cnySuffix.isEmpty()) {
            return Money.decimal(v, currency) + cnySuffix;
        }
        return Money.format(v, currency);
    }

    /**
     * The OPS text of a provider notice: what happened, the order (and refund number), the amount
     * when known, and what to do. Same shape as the alerts' OPS texts: {@code [action] what: ...}.
     */
    static Text noticeText(
            NoticeKind kind, OrderKey key, String outRefundNo, Long amountMinor, String currency) {
        String provZh = providerZh(key);
        String provEn = providerEn(key);
        String refundZh = outRefundNo == null ? "" : " 退款单 " + outRefundNo;
        String refundEn = outRefundNo == null ? "" : " refund " + outRefundNo;
        String amountZh = amountMinor == null ? "" : " " + amount(amountMinor, currency, "元");
        String amountEn = amountMinor == null ? "" : " " + amount(amountMinor, currency, "");
        String orderZh =
                provZh
                        + " 商户 "
                        + key.merchantId()
                        + " 订单 "
                        + key.outTradeNo()
                        + refundZh
                        + amountZh;
        String orderEn =
                provEn
                        + " merchant "
                        + key.merchantId()
                        + " order "
                        + key.outTradeNo()
                        + refundEn
                        + amountEn;
        return switch (kind) {
            case REFUND_ABNORMAL ->
                    new Text(
                            "[人工处理] 退款异常，请人工处理：" + orderZh + " 未能退回顾客账户，请在商户平台重试退款或线下退款",
                            "[REVIEW] refund abnormal, handle it manually: "
                                    + orderEn
                                    + " could not be paid back to the customer's account; retry"
                                    + " the refund in the merchant platform or refund offline");
            case REFUND_CLOSED ->
                    new Text(
                            "[无需处理] 退款关闭：" + orderZh + " 已关闭，此退款单未退回任何款项",
                            "[NONE] refund closed: "
                                    + orderEn
                                    + " was closed; nothing was returned under this refund"
                                    + " number");
            case REFUND_PROCESSING ->
                    new Text(
                            "[无需处理] 退款处理中：" + orderZh + " 已受理，款项尚未退回顾客",
                            "[NONE] refund processing: "
                                    + orderEn
                                    + " was accepted; the money is not back with the customer"
                                    + " yet");
            case TRADE_FINISHED ->
                    new Text(
                            "[无需处理] 交易结束：" + orderZh + "，已不可退款，并非新的扣款",
                            "[NONE] trade finished: "
                                    + orderEn
                                    + " can no longer be refunded; this is not a new debit");
        };
    }
}
