package io.debitwatch.job;

/**
 * Operator uids. They name state in checkpoints and savepoints: never change one that has shipped,
 * or a restore loses that operator's state.
 */
public final class Uids {

    public static final String TERMINAL_SOURCE = "terminal-events-source";
    public static final String PROVIDER_SOURCE = "provider-events-source";
    public static final String TERMINAL_SPLIT = "terminal-events-split";
    public static final String PROVIDER_SPLIT = "provider-events-split";
    public static final String DETECTOR = "order-detector";
    public static final String ALERTS_SINK = "alerts-sink";
    public static final String REFUNDS_SINK = "refund-requests-sink";
    public static final String NOTIFICATIONS_SINK = "notifications-sink";
    public static final String DEAD_LETTERS_SINK = "dead-letters-sink";
    public static final String OPEN_ORDERS_SINK = "open-orders-sink";
    public static final String WECHAT_NOTIFICATIONS_SOURCE = "wechat-notifications-source";
    public static final String WECHAT_NOTIFICATIONS_SPLIT = "wechat-notifications-split";
    public static final String ALIPAY_NOTIFICATIONS_SOURCE = "alipay-notifications-source";
    public static final String ALIPAY_NOTIFICATIONS_SPLIT = "alipay-notifications-split";
    public static final String WECHAT_BILL_SOURCE = "wechat-bill-source";
    public static final String WECHAT_BILL_SPLIT = "wechat-bill-split";
    public static final String ALIPAY_BILL_SOURCE = "alipay-bill-source";
    public static final String ALIPAY_BILL_SPLIT = "alipay-bill-split";

    private Uids() {}
}
