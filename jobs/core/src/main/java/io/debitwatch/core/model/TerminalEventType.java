package io.debitwatch.core.model;

/** What the POS terminal or the acquirer gateway recorded. */
public enum TerminalEventType {
    /** The terminal started a payment; carries no result. */
    PAY_REQUEST,
    /** The response to the pay call, as the terminal showed it. */
    PAY_RESULT,
    /** The result of an order query made by the terminal or gateway. */
    QUERY_RESULT,
    /** The result of a reversal (撤销/cancel): SUCCESS or FAILED. */
    REVERSAL_RESULT
}
