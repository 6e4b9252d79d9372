package io.debitwatch.core.detect;

import io.debitwatch.core.model.AlertType;

/** What the detector can decide about an order: the alert types and the early warning. */
public enum Finding {
    EARLY_WARNING(null),
    UNMATCHED_DEBIT(AlertType.UNMATCHED_DEBIT),
    AMOUNT_MISMATCH(AlertType.AMOUNT_MISMATCH),
    STUCK_PAYMENT(AlertType.STUCK_PAYMENT),
    SALE_WITHOUT_DEBIT(AlertType.SALE_WITHOUT_DEBIT),
    CONFLICT(AlertType.CONFLICT),
    ALERT_RESOLVED(AlertType.ALERT_RESOLVED);

    private final AlertType alertType;

    Finding(AlertType alertType) {
        this.alertType = alertType;
    }

    /** The alert type, or null for the early warning (a notification, not an alert). */
    public AlertType alertType() {
        return alertType;
    }

    /** This finding's bit in a set of findings kept as an int. */
    public int bit() {
        return 1 << ordinal();
    }
}
