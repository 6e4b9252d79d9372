package io.debitwatch.core.model;

/** What an operator (or the refund pipeline) should do about an alert. */
public enum Action {
    REFUND,
    REVIEW,
    QUERY,
    NONE
}
