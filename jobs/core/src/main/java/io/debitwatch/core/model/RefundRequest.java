package io.debitwatch.core.model;

/**
 * A request to refund a debit. {@code refundRequestId} is the provider's refund number
 * (out_refund_no / out_request_no): deterministic from the debit, so it can never refund twice.
 */
public record RefundRequest(
        String refundRequestId,
        String alertId,
        Provider provider,
        String merchantId,
        String outTradeNo,
        String providerTxnId,
        long amountMinor,
        String currency,
        String reason) {}
