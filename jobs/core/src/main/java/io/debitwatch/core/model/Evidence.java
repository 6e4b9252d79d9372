package io.debitwatch.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One event that decided an alert. {@code type} is the terminal event type or the provider source;
 * {@code result} the terminal result or the provider status.
 */
public record Evidence(
        String eventId,
        Stream stream,
        String type,
        @JsonInclude(JsonInclude.Include.NON_NULL) String result,
        Instant eventTime,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long amountMinor,
        @JsonInclude(JsonInclude.Include.NON_NULL) String currency,
        @JsonInclude(JsonInclude.Include.NON_NULL) String providerTxnId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String outRefundNo,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long refundAmountMinor,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long refundTotalMinor) {

    /** Evidence without a cumulative refund total. */
    public Evidence(
            String eventId,
            Stream stream,
            String type,
            String result,
            Instant eventTime,
            Long amountMinor,
            String currency,
            String providerTxnId,
            String outRefundNo,
            Long refundAmountMinor) {
        this(
                eventId,
                stream,
                type,
                result,
                eventTime,
                amountMinor,
                currency,
                providerTxnId,
                outRefundNo,
                refundAmountMinor,
                null);
    }

    /** Which input stream the event came from. */
    public enum Stream {
        TERMINAL,
        PROVIDER
    }
}
