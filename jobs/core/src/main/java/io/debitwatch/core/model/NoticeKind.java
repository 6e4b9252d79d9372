package io.debitwatch.core.model;

/**
 * Provider-side facts with no money effect that operators must still see (SPEC §3, adapters): what
 * an authentic provider record that is not a provider event becomes. Each gives one OPS
 * notification of this kind; none ever reaches the detector.
 *
 * <ul>
 *   <li>{@link #REFUND_ABNORMAL}: WeChat Pay REFUND.ABNORMAL (退款异常), the refund could not be paid
 *       back to the payer's account: someone must act (severity HIGH);
 *   <li>{@link #REFUND_CLOSED}: WeChat Pay REFUND.CLOSED (退款关闭), nothing was returned under that
 *       refund number (INFO);
 *   <li>{@link #REFUND_PROCESSING}: a refund accepted but not paid back yet (退款处理中, a statement row
 *       with 退款状态 PROCESSING): not counted as returned (INFO);
 *   <li>{@link #TRADE_FINISHED}: Alipay TRADE_FINISHED (交易结束), no refund is possible any more;
 *       never a new debit (INFO).
 * </ul>
 */
public enum NoticeKind {
    REFUND_ABNORMAL,
    REFUND_CLOSED,
    REFUND_PROCESSING,
    TRADE_FINISHED;

    /** The kind named {@code name}, or null when there is none of that name. */
    public static NoticeKind byName(String name) {
        for (NoticeKind k : values()) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        return null;
    }
}
