package io.debitwatch.core.model;

import java.time.Instant;
import java.util.List;

/**
 * An order a replay could not decide in full because its input ends before the order's decision
 * points (SPEC §4a.6): its deadline is after the replay's as-of time, or its horizon would still
 * decide something on the facts known. A later replay with the next input decides it.
 *
 * @param t0 the order's first event time
 * @param deadline its settle deadline D
 * @param horizon its horizon H
 * @param events how many of its events the replay kept
 * @param pending the alert types its known facts would still decide after the as-of time
 */
public record OpenOrder(
        Provider provider,
        String merchantId,
        String outTradeNo,
        Instant t0,
        Instant deadline,
        Instant horizon,
        int events,
        List<AlertType> pending) {

    public OpenOrder {
        pending = List.copyOf(pending);
    }
}
