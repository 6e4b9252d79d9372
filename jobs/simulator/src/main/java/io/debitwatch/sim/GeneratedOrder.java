package io.debitwatch.sim;

import io.debitwatch.core.model.OrderKey;
import java.time.Instant;
import java.util.List;

/**
 * One simulated order: its key, the story it tells, when it started (no event is more than {@link
 * Simulator#MAX_LEAD} before that), its records in story order and its ground truth.
 */
public record GeneratedOrder(
        long sequence,
        OrderKey key,
        StoryKind kind,
        Instant start,
        List<SimEvent> events,
        Expectation expectation) {

    public GeneratedOrder {
        events = List.copyOf(events);
    }
}
