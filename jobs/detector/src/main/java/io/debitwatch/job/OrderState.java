package io.debitwatch.job;

/**
 * Per-order bookkeeping beside the facts: the first event time of the current timeline and the
 * findings already emitted for it (a bit per {@link io.debitwatch.core.detect.Finding}).
 *
 * @param t0 first event time of the current timeline, epoch millis
 * @param emitted bit set of emitted findings
 */
public record OrderState(long t0, int emitted) {

    OrderState withEmitted(int bits) {
        return new OrderState(t0, emitted | bits);
    }
}
