package io.debitwatch.app;

import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.core.model.TerminalEventType;
import io.debitwatch.sim.GeneratedOrder;
import io.debitwatch.sim.Lines;
import io.debitwatch.sim.SimEvent;
import io.debitwatch.sim.Simulator;
import io.debitwatch.sim.SimulatorConfig;
import io.debitwatch.sim.StoryKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The live traffic of {@code bench-latency}: the simulator's orders at a fixed rate, about one in
 * {@value #FAILED_EVERY} failed-but-debited ({@link StoryKind#FAILED_DEBITED}), the rest normal
 * sales. Of each order three records go out, 0, 300 and 500 ms after its start, in the story's
 * order: the pay request, then the pay result and the first debit (PAY_RESULT FAILED and the debit
 * in either order for a failed-but-debited one). Event times are the wall clock at send time; lines
 * are written by the simulator ({@link Lines}), through the one JSON mapper.
 */
final class LatencyTraffic {

    private static final int EVENTS_PER_ORDER = 3;

    /** About one order in this many is failed-but-debited: 5 %. */
    private static final int FAILED_EVERY = 20;

    /** Offsets of an order's events after its first. */
    private static final long[] STEPS = {
        0, TimeUnit.MILLISECONDS.toNanos(300), TimeUnit.MILLISECONDS.toNanos(500)
    };

    /** The three records of an order that go out, in story order. */
    private record Order(GeneratedOrder order, List<SimEvent> records, boolean failed) {
        String outTradeNo() {
            return order.key().outTradeNo();
        }
    }

    /** An event of a started order, sent when due. */
    private record Pending(long dueNanos, long seq, Order order, int step) {
        long orderStart() {
            return dueNanos - STEPS[step];
        }
    }

    private final int rate;
    private final Iterator<GeneratedOrder> orders;
    private final LatencyProbes probes;
    private final String terminalTopic;
    private final String providerTopic;
    private final PriorityQueue<Pending> queue =
            new PriorityQueue<>(
                    (a, b) ->
                            a.dueNanos != b.dueNanos
                                    ? Long.compare(a.dueNanos, b.dueNanos)
                                    : Long.compare(a.seq, b.seq));
    private long seq;
    private long started;

    LatencyTraffic(
            int rate, long seed, LatencyProbes probes, String terminalTopic, String providerTopic) {
        this.rate = rate;
        this.orders = Simulator.generate(config(), seed, Long.MAX_VALUE).iterator();
        this.probes = probes;
        this.terminalTopic = terminalTopic;
        this.providerTopic = providerTopic;
    }

    /** The simulator's defaults with only normal sales and failed-but-debited orders. */
    private static SimulatorConfig config() {
        return SimulatorConfig.defaults()
                .withMix(
                        Map.of(
                                StoryKind.NORMAL_SALE,
                                FAILED_EVERY - 1.0,
                                StoryKind.FAILED_DEBITED,
                                1.0));
    }

    /**
     * Sends the traffic at the rate: {@code warmup}, the measured window, then {@code tail};
     * failed-but-debited orders started in the measured window are probed. Returns the counts.
     */
    LatencyProbes.Feed run(
            String bootstrapServers, Duration warmup, Duration measured, Duration tail) {
        long warmupNanos = warmup.toNanos();
        long measuredEnd = warmupNanos + measured.toNanos();
        long lastOrder =
                LatencyFigures.ordersDue(measuredEnd + tail.toNanos() - 1, rate, EVENTS_PER_ORDER);
        long sent = 0;
        long sentMeasured = 0;
        long firstMeasured = -1;
        long lastMeasured = -1;
        long lastSent = 0;
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrapServers)) {
            long start = System.nanoTime();
            while (true) {
                long now = System.nanoTime() - start;
                startOrders(
                        Math.min(LatencyFigures.ordersDue(now, rate, EVENTS_PER_ORDER), lastOrder));
                if (queue.isEmpty()) {
                    break;
                }
                if (queue.peek().dueNanos > now) {
                    LockSupport.parkNanos(Math.min(queue.peek().dueNanos - now, 200_000));
                    continue;
                }
                Pending e = queue.poll();
                long sentAt = System.nanoTime() - start;
                boolean probed =
                        e.order.failed()
                                && e.orderStart() >= warmupNanos
                                && e.orderStart() < measuredEnd;
                send(producer, e, probed);
                sent++;
                lastSent = sentAt;
                if (sentAt >= warmupNanos && sentAt < measuredEnd) {
                    if (firstMeasured < 0) {
                        firstMeasured = sentAt;
                    }
                    lastMeasured = sentAt;
                    sentMeasured++;
                }
            }
            producer.flush();
        }
        return new LatencyProbes.Feed(sentMeasured, lastMeasured - firstMeasured, sent, lastSent);
    }

    /** Queues the events of the orders due by now, up to order number {@code due}. */
    private void startOrders(long due) {
        for (; started < due; started++) {
            long at = (long) (started * 1e9 * EVENTS_PER_ORDER / rate);
            Order order = order(orders.next());
            for (int step = 0; step < EVENTS_PER_ORDER; step++) {
                queue.add(new Pending(at + STEPS[step], seq++, order, step));
            }
        }
    }

    /** The pay request, the pay result and the first debit of a generated order. */
    private static Order order(GeneratedOrder o) {
        SimEvent request = null;
        SimEvent result = null;
        SimEvent debit = null;
        for (SimEvent e : o.events()) {
            if (e instanceof SimEvent.TerminalRecord t) {
                TerminalEventType type = t.event().type();
                if (request == null && type == TerminalEventType.PAY_REQUEST) {
                    request = e;
                } else if (result == null && type == TerminalEventType.PAY_RESULT) {
                    result = e;
                }
            } else if (debit == null
                    && e instanceof SimEvent.ProviderRecord p
                    && p.event().status() == ProviderStatus.DEBITED) {
                debit = e;
            }
        }
        List<SimEvent> records = new ArrayList<>(List.of(request, result, debit));
        records.sort(Comparator.comparingLong(SimEvent::eventTimeMillis));
        return new Order(o, records, o.kind() == StoryKind.FAILED_DEBITED);
    }

    /** Sends one event with event_time = now; a probed order's facts record their acks. */
    private void send(KafkaProducer<byte[], byte[]> producer, Pending e, boolean probed) {
        Order o = e.order;
        long nowMillis = System.currentTimeMillis();
        byte[] key = o.order().key().encode().getBytes(StandardCharsets.UTF_8);
        SimEvent record = o.records().get(e.step);
        boolean debitStep = record.stream() == SimEvent.Stream.PROVIDER;
        LatencyProbes.Probe probe = null;
        if (probed) {
            probe =
                    e.step == 0
                            ? probes.start(o.outTradeNo(), nowMillis)
                            : probes.get(o.outTradeNo());
        }
        String topic = debitStep ? providerTopic : terminalTopic;
        String value = Lines.lineAt(record, nowMillis);
        LatencyProbes.Probe p = e.step > 0 ? probe : null;
        producer.send(
                new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8)),
                (metadata, error) -> {
                    if (error == null && p != null) {
                        probes.acked(p, debitStep, System.nanoTime());
                    }
                });
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(props);
    }
}
