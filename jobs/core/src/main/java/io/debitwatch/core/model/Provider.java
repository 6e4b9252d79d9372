package io.debitwatch.core.model;

/** Payment provider of an order; part of the order key. */
public enum Provider {
    WECHAT,
    ALIPAY,
    UNIONPAY
}
