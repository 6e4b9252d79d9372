package io.debitwatch.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One provider-side observation of an order (notification, query or reversal response, statement
 * row), normalised. {@code eventTime} is when the provider state changed.
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
        @JsonInclude(JsonInclude.Include.NON_NULL) String deviceId) {

    public OrderKey orderKey() {
        return new OrderKey(provider, merchantId, outTradeNo);
    }
}
