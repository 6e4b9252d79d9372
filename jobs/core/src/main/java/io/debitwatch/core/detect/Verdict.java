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
    /**
     * A terminal SUCCESS followed by a FAILED before the deadline (SPEC §4a.1): the terminal
     * contradicted itself, so nothing is refunded automatically.
     */
    CONTESTED,
    /** A successful reversal: the order was cancelled. */
    REVERSED
}
