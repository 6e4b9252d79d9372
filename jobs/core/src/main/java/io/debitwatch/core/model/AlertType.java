package io.debitwatch.core.model;

/** The alert types of SPEC §4. */
public enum AlertType {
    UNMATCHED_DEBIT,
    AMOUNT_MISMATCH,
    STUCK_PAYMENT,
    SALE_WITHOUT_DEBIT,
    CONFLICT,
    ALERT_RESOLVED
}
