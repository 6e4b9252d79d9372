package io.debitwatch.core.model;

/** Where a provider-side observation came from. */
public enum ProviderSource {
    /** An asynchronous notification (callback). */
    NOTIFY,
    /** An order query response. */
    QUERY,
    /** A reversal (cancel) response. */
    REVERSE,
    /** A row of the daily statement file (对账单). */
    STATEMENT
}
