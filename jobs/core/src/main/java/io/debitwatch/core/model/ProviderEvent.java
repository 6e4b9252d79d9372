package io.debitwatch.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One provider-side observation of an order (notification, query or reversal response, statement
 * row), normalised. {@code eventTime} is when the provider state changed. A REFUNDED event carries
 * this refund's amount ({@code refundAmountMinor}, with its {@code outRefundNo}), the total
 * refunded so far ({@code refundTotalMinor}, as Alipay's {@code refund_fee} is), or both (SPEC
 * §4a.7).
 */
public record ProviderEvent(
        String eventId,
        Instant eventTime,
        Provider provider,
        String merchantId,
        String outTradeNo,
        @JsonInclude(JsonInclude.Include.NON_NULL) String providerTxnId,
        ProviderSource source,
        ProviderStatus status,
        long amountMinor,
        String currency,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long payerAmountMinor,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long refundAmountMinor,
        @JsonInclude(JsonInclude.Include.NON_NULL) String outRefundNo,
        @JsonInclude(JsonInclude.Include.NON_NULL) String payerRef,
        @JsonInclude(JsonInclude.Include.NON_NULL) String deviceId,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long refundTotalMinor) {

    /** An event without a cumulative refund total (every status but some REFUNDED). */
    public ProviderEvent(
            String eventId,
            Instant eventTime,
            Provider provider,
            String merchantId,
            String outTradeNo,
            String providerTxnId,
            ProviderSource source,
            ProviderStatus status,
            long amountMinor,
            String currency,
            Long payerAmountMinor,
            Long refundAmountMinor,
            String outRefundNo,
            String payerRef,
            String deviceId) {
        this(
                eventId,
                eventTime,
                provider,
                merchantId,
                outTradeNo,
                providerTxnId,
                source,
                status,
                amountMinor,
                currency,
                payerAmountMinor,
                refundAmountMinor,
                outRefundNo,
                payerRef,
                deviceId,
                null);
    }

    public OrderKey orderKey() {
        return new OrderKey(provider, merchantId, outTradeNo);
    }
}
