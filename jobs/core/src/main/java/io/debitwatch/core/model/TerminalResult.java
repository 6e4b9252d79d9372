package io.debitwatch.core.model;

/** The result a terminal event recorded. REVERSAL_RESULT only uses SUCCESS and FAILED. */
public enum TerminalResult {
    SUCCESS,
    FAILED,
    TIMEOUT,
    USERPAYING,
    UNKNOWN
}
