package io.debitwatch.core.detect;

import io.debitwatch.core.model.Action;
import java.util.List;

/**
 * One finding about one order, decided at an event time.
 *
 * @param finding what was found
 * @param decidedAt the decision point, epoch milliseconds of event time
 * @param action what to do
 * @param amountMinor the amount the finding is about (net debit for UNMATCHED_DEBIT), or -1
 * @param currency its currency, or null
 * @param verdict the terminal verdict at the decision point
 * @param debitTxnId provider_txn_id of the debit, when one exists
 * @param evidence the facts that decided it, in event-time order
 * @param reviewReason why an UNMATCHED_DEBIT is REVIEW rather than REFUND, else null
 */
public record Decision(
        Finding finding,
        long decidedAt,
        Action action,
        long amountMinor,
        String currency,
        Verdict verdict,
        String debitTxnId,
        List<Fact> evidence,
        String reviewReason) {}
