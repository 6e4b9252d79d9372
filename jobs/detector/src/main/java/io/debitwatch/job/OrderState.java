package io.debitwatch.job;

import io.debitwatch.core.detect.Fact;
import java.util.List;

/**
 * Everything the job keeps for one open order, in one state value so that an event costs one read
 * and one write: the first event time of the current timeline, the findings already emitted for it
 * (a bit per {@link io.debitwatch.core.detect.Finding}), and the order's facts.
 *
 * @param t0 first event time of the current timeline, epoch millis
 * @param emitted bit set of emitted findings
 * @param facts the order's facts in arrival order (may include facts of the next timeline)
 */
public record OrderState(long t0, int emitted, List<Fact> facts) {}
