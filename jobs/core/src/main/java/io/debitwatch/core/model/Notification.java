package io.debitwatch.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A message for operators (OPS) or for the merchant's cashier (MERCHANT), in Simplified Chinese and
 * English. {@code notificationId} is deterministic, for dedupe by at-least-once consumers.
 */
public record Notification(
        String notificationId,
        Channel channel,
        String kind,
        Provider provider,
        String merchantId,
        String outTradeNo,
        Severity severity,
        @JsonInclude(JsonInclude.Include.NON_NULL) String alertId,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long amountMinor,
        @JsonInclude(JsonInclude.Include.NON_NULL) String currency,
        Instant decidedAt,
        Instant emittedAt,
        Text text) {

    /** Who the notification is for. */
    public enum Channel {
        OPS,
        MERCHANT
    }

    /** How urgent it is. */
    public enum Severity {
        CRITICAL,
        HIGH,
        MEDIUM,
        INFO
    }

    /** The same message in Simplified Chinese and English. */
    public record Text(String zh, String en) {}
}
