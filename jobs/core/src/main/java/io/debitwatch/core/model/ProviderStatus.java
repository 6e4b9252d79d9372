package io.debitwatch.core.model;

/** Normalised provider-side state of an order. */
public enum ProviderStatus {
    /** The customer's money was taken (WeChat SUCCESS, Alipay TRADE_SUCCESS). */
    DEBITED,
    /** Nothing was taken; the order is still unpaid. */
    NOT_PAID,
    /** Nothing was taken; the order is closed. */
    CLOSED,
    /** The order was reversed: any money taken is returned in full. */
    REVERSED,
    /** {@code refund_amount_minor} was returned under {@code out_refund_no}. */
    REFUNDED
}
