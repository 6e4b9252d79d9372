package io.debitwatch.core.detect;

/** What the terminal concluded about an order at a given event time (SPEC §4). */
public enum Verdict {
    /** No terminal event at or before that time. */
    MISSING,
    /** Terminal events, but none with a result, or USERPAYING / UNKNOWN. */
    PENDING,
    TIMEOUT,
    FAILED,
    SUCCESS,
    /** A successful reversal: the order was cancelled. */
    REVERSED
}
