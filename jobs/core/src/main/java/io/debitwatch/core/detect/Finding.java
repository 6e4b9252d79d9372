package io.debitwatch.core.detect;

import io.debitwatch.core.model.AlertType;

/** What the detector can decide about an order: the alert types and the early warning. */
public enum Finding {
    EARLY_WARNING(null, 1),
    UNMATCHED_DEBIT(AlertType.UNMATCHED_DEBIT, 1 << 1),
    AMOUNT_MISMATCH(AlertType.AMOUNT_MISMATCH, 1 << 2),
    STUCK_PAYMENT(AlertType.STUCK_PAYMENT, 1 << 3),
    SALE_WITHOUT_DEBIT(AlertType.SALE_WITHOUT_DEBIT, 1 << 4),
    CONFLICT(AlertType.CONFLICT, 1 << 5),
    ALERT_RESOLVED(AlertType.ALERT_RESOLVED, 1 << 6);

    private final AlertType alertType;
    private final int bit;

    Finding(AlertType alertType, int bit) {
        this.alertType = alertType;
        this.bit = bit;
    }

    /** The alert type, or null for the early warning (a notification, not an alert). */
    public AlertType alertType() {
        return alertType;
    }

    /**
     * This finding's bit in a set of findings kept as an int. Stored in job state: explicit, so
     * that reordering the constants cannot change what a restored bit means.
     */
    public int bit() {
        return bit;
    }
}
