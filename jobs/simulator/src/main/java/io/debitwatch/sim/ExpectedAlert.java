package io.debitwatch.sim;

import io.debitwatch.core.model.Action;
import io.debitwatch.core.model.AlertType;
import java.time.Instant;

/** An alert the detector must decide for an order, known from how its story was built. */
public record ExpectedAlert(AlertType type, Action action, long amountMinor, Instant decidedAt) {}
