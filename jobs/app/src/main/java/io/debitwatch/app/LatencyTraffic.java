package io.debitwatch.app;

import io.debitwatch.core.json.Json;
import io.debitwatch.core.model.OrderKey;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.ProviderSource;
import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.core.model.TerminalEvent;
import io.debitwatch.core.model.TerminalEventType;
import io.debitwatch.core.model.TerminalResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The live traffic of {@code bench-latency}: orders at a fixed rate with event times equal to the
 * wall clock at send time, one in {@value #FAILED_EVERY} failed-but-debited. A normal sale is
 * PAY_REQUEST, PAY_RESULT SUCCESS, NOTIFY DEBITED; a failed-but-debited one is PAY_REQUEST, then
 * PAY_RESULT FAILED and QUERY DEBITED in either order. Events are the model's records, written by
 * the one JSON mapper ({@link Json}).
 */
final class LatencyTraffic {

    private static final int EVENTS_PER_ORDER = 3;

    /** One order in this many is failed-but-debited: 5 %. */
    private static final int FAILED_EVERY = 20;

    private static final String MERCHANT = "1900000109";

    /** Offsets of an order's events after its first: the result and the provider's event. */
    private static final long FIRST_STEP = TimeUnit.MILLISECONDS.toNanos(300);

    private static final long SECOND_STEP = TimeUnit.MILLISECONDS.toNanos(500);

    private record Order(String outTradeNo, boolean failed, boolean debitFirst, long amount) {}

    /** An event of a started order, sent when due. */
    private record Pending(long dueNanos, long seq, Order order, int step) {
        long orderStart() {
            return dueNanos - (step == 0 ? 0 : step == 1 ? FIRST_STEP : SECOND_STEP);
        }
    }

    private final int rate;
    private final Random random;
    private final LatencyProbes probes;
    private final String terminalTopic;
    private final String providerTopic;
    private final String prefix =
            "LB" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
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
        this.random = new Random(seed);
        this.probes = probes;
        this.terminalTopic = terminalTopic;
        this.providerTopic = providerTopic;
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
                        e.order.failed
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
            boolean failed = started % FAILED_EVERY == FAILED_EVERY / 2;
            Order order =
                    new Order(
                            prefix + String.format(Locale.ROOT, "%09d", started),
                            failed,
                            random.nextBoolean(),
                            100 + random.nextInt(50_000));
            queue.add(new Pending(at, seq++, order, 0));
            queue.add(new Pending(at + FIRST_STEP, seq++, order, 1));
            queue.add(new Pending(at + SECOND_STEP, seq++, order, 2));
        }
    }

    /** Sends one event with event_time = now; a probed order's facts record their acks. */
    private void send(KafkaProducer<byte[], byte[]> producer, Pending e, boolean probed) {
        Order o = e.order;
        long nowMillis = System.currentTimeMillis();
        byte[] key =
                new OrderKey(Provider.WECHAT, MERCHANT, o.outTradeNo)
                        .encode()
                        .getBytes(StandardCharsets.UTF_8);
        boolean debitStep = o.failed ? e.step == (o.debitFirst ? 1 : 2) : e.step == 2;
        LatencyProbes.Probe probe = null;
        if (probed) {
            probe = e.step == 0 ? probes.start(o.outTradeNo, nowMillis) : probes.get(o.outTradeNo);
        }
        Instant time = Instant.ofEpochMilli(nowMillis);
        String topic = e.step == 0 || !debitStep ? terminalTopic : providerTopic;
        String value =
                e.step == 0
                        ? terminal(o, time, 0, TerminalEventType.PAY_REQUEST, null)
                        : debitStep
                                ? debit(o, time)
                                : terminal(
                                        o,
                                        time,
                                        1,
                                        TerminalEventType.PAY_RESULT,
                                        o.failed ? TerminalResult.FAILED : TerminalResult.SUCCESS);
        LatencyProbes.Probe p = e.step > 0 ? probe : null;
        producer.send(
                new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8)),
                (metadata, error) -> {
                    if (error == null && p != null) {
                        probes.acked(p, debitStep, System.nanoTime());
                    }
                });
    }

    private static String terminal(
            Order o, Instant time, int n, TerminalEventType type, TerminalResult result) {
        return Json.write(
                new TerminalEvent(
                        "te-" + o.outTradeNo + "-" + n,
                        time,
                        Provider.WECHAT,
                        MERCHANT,
                        "POS-0001",
                        o.outTradeNo,
                        type,
                        result,
                        o.amount,
                        "CNY",
                        null,
                        null,
                        null));
    }

    private static String debit(Order o, Instant time) {
        return Json.write(
                new ProviderEvent(
                        "pe-" + o.outTradeNo,
                        time,
                        Provider.WECHAT,
                        MERCHANT,
                        o.outTradeNo,
                        "42" + o.outTradeNo,
                        o.failed ? ProviderSource.QUERY : ProviderSource.NOTIFY,
                        ProviderStatus.DEBITED,
                        o.amount,
                        "CNY",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null));
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
