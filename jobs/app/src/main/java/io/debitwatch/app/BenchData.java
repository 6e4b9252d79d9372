package io.debitwatch.app;

import io.debitwatch.sim.FileSink;
import io.debitwatch.sim.GeneratedOrder;
import io.debitwatch.sim.Simulator;
import io.debitwatch.sim.SimulatorConfig;
import io.debitwatch.sim.StoryKind;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes a large, seeded benchmark input with the simulator: many orders spread over an event-time
 * span, most of them ordinary sales, some failed-but-debited, stuck, late-notified or paid with a
 * coupon. Lines go out in event-time order (as a gateway would log them), so the replay's state is
 * cleared at each order's horizon as it goes. No ground truth: the bench measures, it does not
 * score.
 */
final class BenchData {

    /** The bench's traffic mix: the stories and their shares. */
    static final Map<StoryKind, Double> MIX = mix();

    private static final Instant START = Instant.parse("2026-11-25T00:00:00Z");

    private BenchData() {}

    /** Returns the number of events written. */
    static long write(Path terminalFile, Path providerFile, long orders, long spanMillis, long seed)
            throws IOException {
        long events = 0;
        try (FileSink sink = new FileSink(terminalFile, providerFile, null)) {
            Iterator<GeneratedOrder> it =
                    Simulator.generate(config(orders, spanMillis), seed, orders).iterator();
            while (it.hasNext()) {
                GeneratedOrder order = it.next();
                sink.accept(order);
                events += order.events().size();
            }
        }
        return events;
    }

    /** The simulator's defaults with the bench's mix, {@code orders} starting over the span. */
    static SimulatorConfig config(long orders, long spanMillis) {
        SimulatorConfig c = SimulatorConfig.defaults().withMix(MIX);
        // Sales without callback and statement echoes: three events each, like the old bench's.
        return c.withSaleFollowUps(false)
                .withStart(START, Duration.ofMillis(Math.max(1, spanMillis / Math.max(1, orders))));
    }

    private static Map<StoryKind, Double> mix() {
        Map<StoryKind, Double> m = new EnumMap<>(StoryKind.class);
        m.put(StoryKind.NORMAL_SALE, 0.88);
        m.put(StoryKind.FAILED_DEBITED, 0.05); // failed at the till, debited all the same
        m.put(StoryKind.LATE_NOTIFICATION, 0.03); // timed out, the notification comes later
        m.put(StoryKind.STUCK_PAYMENT, 0.02); // no word from the provider by the deadline
        m.put(StoryKind.COUPON_PAYMENT, 0.02); // payer amount below order amount, still fine
        return Map.copyOf(m);
    }
}
