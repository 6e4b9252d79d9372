package io.debitwatch.sim;

import java.time.Instant;
import java.util.List;

/**
 * The ground truth of one order: its alerts in decision order, its refund request and early warning
 * (null when none) and how many of its records are dead letters.
 */
public record Expectation(
        List<ExpectedAlert> alerts,
        ExpectedRefund refund,
        Instant earlyWarningAt,
        int deadLetters) {

    public Expectation {
        alerts = List.copyOf(alerts);
    }
}
