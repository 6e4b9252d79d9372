package io.debitwatch.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * An alert on one order. {@code alertId} is deterministic from type and order key, so a replay or a
 * restart reproduces it. {@code amountMinor} is the net debit for UNMATCHED_DEBIT, the debit for
 * AMOUNT_MISMATCH, the refunded amount for CONFLICT and ALERT_RESOLVED, and the terminal amount
 * otherwise (absent when the terminal never recorded one). {@code reviewReason} says, for an
 * UNMATCHED_DEBIT whose action is REVIEW, why it is not refunded automatically (SPEC §4a). {@code
 * terminal} says what the order's terminal events said about the store, terminal, app version and
 * error code (absent when none said anything); it never influences the decision.
 */
public record Alert(
        String alertId,
        AlertType type,
        Action action,
        Provider provider,
        String merchantId,
        String outTradeNo,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long amountMinor,
        @JsonInclude(JsonInclude.Include.NON_NULL) String currency,
        String verdict,
        Instant decidedAt,
        Instant emittedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String resolution,
        @JsonInclude(JsonInclude.Include.NON_NULL) String resolvesAlertId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String reviewReason,
        List<Evidence> evidence,
        @JsonInclude(JsonInclude.Include.NON_NULL) TerminalContext terminal) {

    /** An alert without terminal context. */
    public Alert(
            String alertId,
            AlertType type,
            Action action,
            Provider provider,
            String merchantId,
            String outTradeNo,
            Long amountMinor,
            String currency,
            String verdict,
            Instant decidedAt,
            Instant emittedAt,
            String resolution,
            String resolvesAlertId,
            String reviewReason,
            List<Evidence> evidence) {
        this(
                alertId,
                type,
                action,
                provider,
                merchantId,
                outTradeNo,
                amountMinor,
                currency,
                verdict,
                decidedAt,
                emittedAt,
                resolution,
                resolvesAlertId,
                reviewReason,
                evidence,
                null);
    }
}
