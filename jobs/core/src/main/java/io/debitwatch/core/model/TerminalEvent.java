package io.debitwatch.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What the POS terminal and the acquirer gateway saw for one order. {@code eventTime} is stamped by
 * the gateway. Optional components are annotated {@code NON_NULL}; the schema test relies on it.
 */
public record TerminalEvent(
        String eventId,
        Instant eventTime,
        Provider provider,
        String merchantId,
        String terminalId,
        String outTradeNo,
        TerminalEventType type,
        @JsonInclude(JsonInclude.Include.NON_NULL) TerminalResult result,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long amountMinor,
        @JsonInclude(JsonInclude.Include.NON_NULL) String currency,
        @JsonInclude(JsonInclude.Include.NON_NULL) String errorCode,
        @JsonInclude(JsonInclude.Include.NON_NULL) String storeId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String appVersion) {

    public OrderKey orderKey() {
        return new OrderKey(provider, merchantId, outTradeNo);
    }
}
