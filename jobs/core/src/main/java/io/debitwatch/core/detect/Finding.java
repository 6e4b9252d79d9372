package io.debitwatch.core.detect;

import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.Notification.Severity;
import java.util.Objects;

/**
 * What the detector can decide about an order: the alert types and the early warning. Each finding
 * carries its severity and whether the merchant is told, read by every consumer (outputs,
 * scorecard) and never restated.
 */
public enum Finding {
    EARLY_WARNING(null, 1, Severity.CRITICAL, true),
    UNMATCHED_DEBIT(AlertType.UNMATCHED_DEBIT, 1 << 1, Severity.CRITICAL, true),
    AMOUNT_MISMATCH(AlertType.AMOUNT_MISMATCH, 1 << 2, Severity.HIGH, false),
    STUCK_PAYMENT(AlertType.STUCK_PAYMENT, 1 << 3, Severity.MEDIUM, false),
    SALE_WITHOUT_DEBIT(AlertType.SALE_WITHOUT_DEBIT, 1 << 4, Severity.HIGH, true),
    CONFLICT(AlertType.CONFLICT, 1 << 5, Severity.HIGH, false),
    ALERT_RESOLVED(AlertType.ALERT_RESOLVED, 1 << 6, Severity.INFO, false);

    private final AlertType alertType;
    private final int bit;
    private final Severity severity;
    private final boolean tellsMerchant;

    Finding(AlertType alertType, int bit, Severity severity, boolean tellsMerchant) {
        this.alertType = alertType;
        this.bit = bit;
        this.severity = severity;
        this.tellsMerchant = tellsMerchant;
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

    /** The severity of its notifications. */
    public Severity severity() {
        return severity;
    }

    /** Whether a MERCHANT notification is sent for it (OPS is told of every alert). */
    public boolean tellsMerchant() {
        return tellsMerchant;
    }

    /** Whether an OPS notification is sent for it: for every alert, not the early warning. */
    public boolean tellsOps() {
        return alertType != null;
    }

    /** The finding of an alert type. */
    public static Finding of(AlertType type) {
        Objects.requireNonNull(type, "type");
        for (Finding f : values()) {
            if (f.alertType == type) {
                return f;
            }
        }
        throw new IllegalArgumentException("no finding for " + type);
    }
}
