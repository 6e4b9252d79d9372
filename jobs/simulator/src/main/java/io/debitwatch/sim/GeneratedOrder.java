package io.debitwatch.sim;

import io.debitwatch.core.model.OrderKey;
import java.time.Instant;
import java.util.List;

/**
 * One simulated order: its key, the story it tells, when it started (no event is more than {@link
 * Simulator#MAX_LEAD} before that), its records in story order and its ground truth.
 *
 * @param successfulSale the terminal showed SUCCESS by the deadline and the order was not reversed:
 *     no refund may ever be requested for it (SPEC §4a)
 */
public record GeneratedOrder(
        long sequence,
        OrderKey key,
        StoryKind kind,
        Instant start,
        List<SimEvent> events,
        Expectation expectation,
        boolean successfulSale) {

    public GeneratedOrder {
        events = List.copyOf(events);
    }
}
