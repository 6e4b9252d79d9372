package io.debitwatch.sim;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A seeded, reproducible generator of POS payment traffic: orders in start order, each telling one
 * {@link StoryKind} with its events and its ground truth. The same config, seed and count always
 * give the same orders, event ids and times.
 */
public final class Simulator {

    /**
     * No event is earlier than its order's start by more than this (a provider clock running
     * ahead); together with orders starting in time order it bounds what a writer must hold back.
     */
    public static final Duration MAX_LEAD = Duration.ofSeconds(5);

    private Simulator() {}

    /** {@code orders} orders, generated lazily one by one. */
    public static Stream<GeneratedOrder> generate(SimulatorConfig config, long seed, long orders) {
        if (orders < 0) {
            throw new IllegalArgumentException("orders must not be negative: " + orders);
        }
        Generator g = new Generator(config, seed);
        Spliterator<GeneratedOrder> split =
                new Spliterators.AbstractSpliterator<>(
                        orders, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.SIZED) {
                    private long made;

                    @Override
                    public boolean tryAdvance(Consumer<? super GeneratedOrder> action) {
                        if (made >= orders) {
                            return false;
                        }
                        action.accept(g.next(made++));
                        return true;
                    }
                };
        return StreamSupport.stream(split, false);
    }

    /** Generates {@code orders} orders into {@code sink} and closes it. */
    public static void run(SimulatorConfig config, long seed, long orders, EventSink sink)
            throws IOException {
        try (sink) {
            for (GeneratedOrder o :
                    (Iterable<GeneratedOrder>) generate(config, seed, orders)::iterator) {
                sink.accept(o);
            }
        }
    }

    /** The sequential state of one run. */
    private static final class Generator {
        private final SimulatorConfig config;
        private final SplittableRandom rng;
        private final Population population;
        private final StoryKind[] kinds;
        private final double[] cumulative;
        private long clock;

        Generator(SimulatorConfig config, long seed) {
            this.config = config;
            this.rng = new SplittableRandom(seed);
            this.population = new Population(config, rng.split());
            Map<StoryKind, Double> w = new EnumMap<>(config.weights());
            this.kinds = w.keySet().toArray(new StoryKind[0]);
            this.cumulative = new double[kinds.length];
            double total = 0;
            for (int i = 0; i < kinds.length; i++) {
                total += w.get(kinds[i]);
                cumulative[i] = total;
            }
            for (int i = 0; i < kinds.length; i++) {
                cumulative[i] /= total;
            }
            this.clock = config.start().toEpochMilli();
        }

        GeneratedOrder next(long sequence) {
            // Each order draws from its own split stream: a story's number of draws does not
            // shift the choices of the orders after it.
            SplittableRandom orderRng = rng.split();
            double u = orderRng.nextDouble();
            StoryKind kind = kinds[kinds.length - 1];
            for (int i = 0; i < kinds.length; i++) {
                if (u < cumulative[i]) {
                    kind = kinds[i];
                    break;
                }
            }
            if (sequence > 0) {
                // Poisson arrivals: exponential gaps, whole milliseconds.
                double gap = -Math.log(1 - orderRng.nextDouble()) * config.meanGap().toMillis();
                clock += Math.round(gap);
            }
            OrderBuilder b =
                    new OrderBuilder(
                            config,
                            orderRng,
                            sequence,
                            population.pick(orderRng, kind.onlyProvider()),
                            clock,
                            kind.tillFails());
            kind.build(b);
            return b.build(kind);
        }
    }
}
