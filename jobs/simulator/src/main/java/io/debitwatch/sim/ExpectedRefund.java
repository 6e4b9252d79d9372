package io.debitwatch.sim;

import java.time.Instant;

/**
 * The refund request an order must produce: its id (from the debit's provider_txn_id), the debit it
 * refunds and the amount.
 */
public record ExpectedRefund(
        String refundRequestId, String providerTxnId, long amountMinor, Instant decidedAt) {}
