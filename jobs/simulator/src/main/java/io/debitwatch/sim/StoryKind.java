package io.debitwatch.sim;

import io.debitwatch.core.model.Provider;

/**
 * The payment stories the simulator tells, with their share of the default traffic mix. Each builds
 * the events of one order and states, as it builds them, what SPEC §4 says must follow (D = T0 +
 * settle window, H = D + callback horizon). Times before D are fractions of the settle window, so
 * the stories hold for any window. The plots are written once, by family: {@link SaleStories} (the
 * terminal showed SUCCESS), {@link DebitStories} (FAILED or TIMEOUT, and debited), {@link
 * OpenStories} (no final answer at the till) and {@link BrokenRecords}.
 */
public enum StoryKind {

    /**
     * Pay call answered with the debit, terminal SUCCESS; sometimes a callback and a statement row.
     */
    NORMAL_SALE(0.758, SaleStories::normalSale),

    /** A coupon paid part of it: payer amount below the order amount, which is what counts. */
    COUPON_PAYMENT(0.05, SaleStories::couponPayment),

    /** A good sale the merchant later refunds, in full or in part: normal, no alert. */
    REFUND_AFTER_SALE(0.03, SaleStories::refundAfterSale),

    /** 扣款成功但显示失败: the terminal shows FAILED, the provider debited. */
    FAILED_DEBITED(0.02, DebitStories::failedDebited),

    /** The pay call timed out at the terminal while the provider debited. */
    TIMEOUT_DEBITED(0.015, DebitStories::timeoutDebited),

    /**
     * USERPAYING, queries, the cashier cancels; the customer confirmed between the last query and
     * the reversal. Either the reversal response shows the money returned (no alert), or only the
     * debit is seen (refund, with verdict REVERSED), or the reversal comes only after D (refund at
     * D with verdict PENDING, resolved when the provider confirms the reversal).
     */
    USERPAYING_REVERSAL(0.01, OpenStories::userpayingReversal),

    /**
     * A timed-out payment whose debit is only learned from the callback, retried on the provider's
     * schedule (first attempts lost, then duplicates under new event ids, all with the same success
     * time). The customer paid either before D (warning, refund at D) or after it (stuck at D,
     * refund when the debit happened).
     */
    LATE_NOTIFICATION(0.01, OpenStories::lateNotification),

    /** Only the provider saw the order (the terminal's records were lost): review, not refund. */
    MISSING_TERMINAL(0.01, OpenStories::missingTerminal),

    /** The terminal succeeded for one amount, the provider debited another (a keying error). */
    AMOUNT_MISMATCH(0.005, SaleStories::amountMismatch),

    /**
     * The provider's clock runs ahead: its success time is a few seconds before the terminal's
     * result, sometimes before the pay request, so T0 is the provider's. Half of them failed at the
     * terminal (warning at the failure, refund at that earlier D).
     */
    PROVIDER_CLOCK_AHEAD(0.02, SaleStories::providerClockAhead),

    /** USERPAYING or TIMEOUT and no word from the provider by D; maybe closed later, unpaid. */
    STUCK_PAYMENT(0.01, OpenStories::stuckPayment),

    /**
     * The terminal showed SUCCESS but no money moved: the provider reports the order closed or
     * unpaid after D, or nothing until H, or it reverses a debit after D.
     */
    SALE_WITHOUT_DEBIT(0.01, SaleStories::saleWithoutDebit),

    /** Failed but debited, refund decided at D, then a late query shows SUCCESS after all. */
    CONFLICT(0.005, DebitStories::conflict),

    /**
     * Failed but debited, refund decided at D, then the money comes back: our refund executed, a
     * reversal, or two partial refunds (the first delivered twice).
     */
    MONEY_RETURNED(0.01, DebitStories::moneyReturned),

    /** Failed but debited; the cashier is warned and a query then shows SUCCESS before D. */
    EARLY_WARNING_THEN_SUCCESS(0.01, DebitStories::earlyWarningThenSuccess),

    /**
     * SUCCESS, then the terminal polls again and sees USERPAYING, UNKNOWN or TIMEOUT before D.
     * SUCCESS sticks (SPEC §4a.1): no alert and no early warning, also when the debit is only seen
     * after a TIMEOUT poll.
     */
    SUCCESS_THEN_POLL(0.005, SaleStories::successThenPoll),

    /**
     * SUCCESS, then a FAILED before D ("already paid": a repeated pay call or a misread query),
     * with the debit: the verdict is CONTESTED (SPEC §4a.1), so the unmatched debit at D is a
     * REVIEW, not a refund, and there is no early warning.
     */
    SUCCESS_THEN_FAILED(0.004, SaleStories::successThenFailed),

    /**
     * FAILED or TIMEOUT with two distinct debits (another provider_txn_id and amount). Both before
     * D: REVIEW at D of the earliest debit (ties by provider_txn_id), no refund (SPEC §4a.2). Or
     * the second only after D, once the first was refunded at D: CONFLICT at the second.
     */
    DOUBLE_DEBIT(0.004, DebitStories::doubleDebit),

    /**
     * USERPAYING, then a flood of USERPAYING polls (300, about 150 ms apart with the default
     * window, in half of them; fewer in the rest), then the debit and SUCCESS before D: no alert.
     * The SUCCESS must survive any bound on the facts kept per order (SPEC §4a.3).
     */
    USERPAYING_FLOOD(0.001, OpenStories::userpayingFlood),

    /**
     * Failed but debited, refunded at D, then two partial refunds notified as Alipay does, with the
     * total refunded so far (SPEC §4a.7): 60 % then 90 % leaves 10 % owed, no resolution; 60 % then
     * 100 % resolves the alert at the last refund. Alipay only.
     */
    CUMULATIVE_REFUNDS(0.004, Provider.ALIPAY, DebitStories::cumulativeRefunds),

    /**
     * FAILED at the terminal; the provider's notification of the debit (before D) was lost and its
     * retry only arrives after D (the typical 掉单). A live feed sends it then, late: the refund is
     * still decided at D, the early warning at the debit (SPEC §4a.4).
     */
    LATE_RETRY(0.004, DebitStories::lateRetry),

    /** One record the job must dead-letter: not JSON, unknown enum, negative amount, no field. */
    MALFORMED(0.005, BrokenRecords::malformed);

    /** The plot of one kind: adds the order's events and expectations to the builder. */
    @FunctionalInterface
    interface Story {
        void build(OrderBuilder b);
    }

    private final double defaultWeight;
    private final Provider onlyProvider;
    private final Story story;

    StoryKind(double defaultWeight, Story story) {
        this(defaultWeight, null, story);
    }

    StoryKind(double defaultWeight, Provider onlyProvider, Story story) {
        this.defaultWeight = defaultWeight;
        this.onlyProvider = onlyProvider;
        this.story = story;
    }

    /** This kind's share of the default traffic mix. */
    public double defaultWeight() {
        return defaultWeight;
    }

    /**
     * Whether the terminal shows the customer a failure, a timeout or no answer: the stories whose
     * terminals are more often on outdated software (a terminal attribute only; it changes no event
     * nor expectation).
     */
    boolean tillFails() {
        return switch (this) {
            case FAILED_DEBITED,
                    TIMEOUT_DEBITED,
                    USERPAYING_REVERSAL,
                    STUCK_PAYMENT,
                    CONFLICT,
                    MONEY_RETURNED,
                    EARLY_WARNING_THEN_SUCCESS,
                    DOUBLE_DEBIT,
                    CUMULATIVE_REFUNDS,
                    LATE_RETRY ->
                    true;
            default -> false;
        };
    }

    /** The only provider whose merchants tell this story, or null for both. */
    Provider onlyProvider() {
        return onlyProvider;
    }

    void build(OrderBuilder b) {
        story.build(b);
    }
}
