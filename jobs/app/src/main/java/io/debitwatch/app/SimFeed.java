package io.debitwatch.app;

import io.debitwatch.core.model.OrderKey;
import io.debitwatch.job.kafka.KafkaClientProperties;
import io.debitwatch.sim.GeneratedOrder;
import io.debitwatch.sim.Lines;
import io.debitwatch.sim.SimEvent;
import io.debitwatch.sim.Simulator;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends simulated traffic to the two input topics in event-time order, paced on an event clock: a
 * record with event time {@code t} is appended when the wall clock reaches {@code wallStart + (t -
 * base) / speed}. Records later than {@link Clock#pacedUntilMillis()} are sent as fast as the
 * broker takes them (fast-forward). Records are keyed by order key. A record the story delivers
 * late on purpose ({@link SimEvent#late()}) goes at its arrival time instead, after the watermark
 * has passed its event time; every other record stays in event-time order.
 *
 * <p>Every record sent is logged with its event time and the instant the broker acknowledged it
 * ({@code acks=all}), so that latencies can be measured from the append of the record that made a
 * decision possible. Single-threaded: one feed, one thread.
 */
final class SimFeed implements AutoCloseable {

    /**
     * The event clock. {@code speed} event-time milliseconds pass per wall-clock millisecond;
     * {@code Double.POSITIVE_INFINITY} sends everything as fast as possible.
     */
    record Clock(long baseMillis, double speed, long pacedUntilMillis) {
        Clock {
            if (!(speed > 0)) {
                throw new IllegalArgumentException("speed must be positive: " + speed);
            }
        }

        /** Wall-clock nanos (relative to the feed's start) at which {@code eventMillis} is due. */
        long dueNanos(long eventMillis) {
            if (Double.isInfinite(speed) || eventMillis > pacedUntilMillis) {
                return Long.MIN_VALUE;
            }
            return (long) ((eventMillis - baseMillis) * 1e6 / speed);
        }
    }

    /** What a caller learns about each record as it goes out. */
    interface Listener {
        void sent(int index, SimEvent event, OrderKey key);
    }

    private record Pending(long time, long seq, SimEvent event, OrderKey key) {}

    private static final Comparator<Pending> ORDER =
            Comparator.comparingLong(Pending::time).thenComparingLong(Pending::seq);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String terminalTopic;
    private final String providerTopic;
    private final Clock clock;
    private final PriorityQueue<Pending> queue = new PriorityQueue<>(ORDER);
    private final SentLog log = new SentLog();
    private final AtomicLong terminalSent = new AtomicLong();
    private final AtomicLong providerSent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private volatile long eventClockMillis = Long.MIN_VALUE;
    private volatile java.util.function.Consumer<String> onMalformed;
    private volatile boolean fastForward;
    private long seq;
    private long startNanos;

    SimFeed(String bootstrapServers, String terminalTopic, String providerTopic, Clock clock) {
        this(bootstrapServers, KafkaClientProperties.none(), terminalTopic, providerTopic, clock);
    }

    /** A feed whose producer also gets {@code client}'s settings (TLS, SASL: {@code --kafka.*}). */
    SimFeed(
            String bootstrapServers,
            KafkaClientProperties client,
            String terminalTopic,
            String providerTopic,
            Clock clock) {
        this.producer = producer(bootstrapServers, client);
        this.terminalTopic = terminalTopic;
        this.providerTopic = providerTopic;
        this.clock = clock;
    }

    /**
     * Sends every record of {@code orders} in event-time order (late ones at their arrival),
     * calling {@code onOrder} for each order as it is generated and {@code listener} for each
     * record as it is sent. Returns when all are sent (not necessarily acknowledged; see {@link
     * #flush()}).
     */
    void run(Iterator<GeneratedOrder> orders, Consumer<GeneratedOrder> onOrder, Listener listener) {
        startNanos = System.nanoTime();
        while (orders.hasNext()) {
            GeneratedOrder order = orders.next();
            onOrder.accept(order);
            // No event precedes its order's start by more than MAX_LEAD (a late one is sent even
            // later), and orders come in start order: whatever is queued before this bound can go,
            // in exact event-time order.
            release(order.start().toEpochMilli() - Simulator.MAX_LEAD.toMillis(), listener);
            for (SimEvent e : order.events()) {
                queue.add(new Pending(e.feedMillis(), seq++, e, order.key()));
            }
        }
        release(Long.MAX_VALUE, listener);
    }

    /** Sends one valid record outside the simulated stories (the drain's sentinels). */
    void sendRaw(String topic, int partition, OrderKey key, String value, long eventMillis) {
        int index = log.add(eventMillis);
        send(new ProducerRecord<>(topic, partition, bytes(key.encode()), bytes(value)), index);
        eventClockMillis = Math.max(eventClockMillis, eventMillis);
    }

    int partitions(String topic) {
        return producer.partitionsFor(topic).size();
    }

    void flush() {
        producer.flush();
    }

    SentLog log() {
        return log;
    }

    long terminalSent() {
        return terminalSent.get();
    }

    long providerSent() {
        return providerSent.get();
    }

    long failedSends() {
        return failed.get();
    }

    String firstFailure() {
        return firstFailure.get();
    }

    /** Event time of the latest record sent. */
    long eventClockMillis() {
        return eventClockMillis;
    }

    boolean fastForward() {
        return fastForward;
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(30));
    }

    private void release(long upTo, Listener listener) {
        while (!queue.isEmpty() && queue.peek().time() <= upTo) {
            Pending p = queue.poll();
            long due = clock.dueNanos(p.time());
            if (due == Long.MIN_VALUE) {
                fastForward = true;
            } else {
                waitUntil(startNanos + due);
            }
            SimEvent e = p.event();
            String topic = e.stream() == SimEvent.Stream.TERMINAL ? terminalTopic : providerTopic;
            int index = log.add(p.time());
            listener.sent(index, e, p.key());
            send(
                    new ProducerRecord<>(topic, bytes(p.key().encode()), bytes(Lines.line(e))),
                    index,
                    e instanceof SimEvent.MalformedRecord);
            (e.stream() == SimEvent.Stream.TERMINAL ? terminalSent : providerSent)
                    .incrementAndGet();
            eventClockMillis = p.time();
        }
    }

    private void send(ProducerRecord<byte[], byte[]> record, int index) {
        send(record, index, false);
    }

    private void send(ProducerRecord<byte[], byte[]> record, int index, boolean malformed) {
        producer.send(
                record,
                (metadata, error) -> {
                    if (error != null) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, error.toString());
                    } else {
                        log.acked(index, System.nanoTime());
                        if (malformed && onMalformed != null) {
                            onMalformed.accept(
                                    metadata.topic()
                                            + '/'
                                            + metadata.partition()
                                            + '/'
                                            + metadata.offset());
                        }
                    }
                });
    }

    /**
     * Told, from the producer's I/O thread, where each malformed record landed: {@code
     * topic/partition/offset}, as the job's dead letter will name it.
     */
    void onMalformed(java.util.function.Consumer<String> where) {
        this.onMalformed = where;
    }

    private static void waitUntil(long nanos) {
        long left;
        while ((left = nanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(5)));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static KafkaProducer<byte[], byte[]> producer(
            String bootstrapServers, KafkaClientProperties client) {
        Properties props = client.applyTo(new Properties());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "debitwatch-simulator");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    /**
     * Time on the event clock (the event time, or the arrival of a record sent late on purpose) and
     * broker acknowledgement (System.nanoTime) of every record sent, by send index. Written by the
     * feed thread (times) and the producer's I/O thread (acks); read after the producer has been
     * flushed.
     */
    static final class SentLog {
        private static final int CHUNK_BITS = 16;
        private static final int CHUNK = 1 << CHUNK_BITS;
        private long[][] times = new long[16][];
        private long[][] acks = new long[16][];
        private volatile int size;

        int add(long eventMillis) {
            int i = size;
            int c = i >>> CHUNK_BITS;
            if (c == times.length) {
                times = java.util.Arrays.copyOf(times, c * 2);
                acks = java.util.Arrays.copyOf(acks, c * 2);
            }
            if (times[c] == null) {
                times[c] = new long[CHUNK];
                acks[c] = new long[CHUNK];
            }
            times[c][i & (CHUNK - 1)] = eventMillis;
            size = i + 1;
            return i;
        }

        void acked(int index, long nanos) {
            acks[index >>> CHUNK_BITS][index & (CHUNK - 1)] = nanos;
        }

        int size() {
            return size;
        }

        long eventMillis(int index) {
            return times[index >>> CHUNK_BITS][index & (CHUNK - 1)];
        }

        /** Ack time of record {@code index}, or 0 if it was never acknowledged. */
        long ackNanos(int index) {
            return acks[index >>> CHUNK_BITS][index & (CHUNK - 1)];
        }

        /**
         * The earliest acknowledgement of a record with a time at or after {@code eventMillis}, or
         * 0 if none was sent. Records are sent in the order of their times, so this is the moment
         * the stream first reached that time.
         */
        long firstAckAtOrAfter(long eventMillis) {
            int lo = 0;
            int hi = size;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (eventMillis(mid) < eventMillis) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            // Acks of records sent back to back can complete in either order: take the earliest
            // of the few that follow with the same event time or later, up to 64 records on.
            long best = 0;
            for (int i = lo; i < Math.min(size, lo + 64); i++) {
                long a = ackNanos(i);
                if (a != 0 && (best == 0 || a < best)) {
                    best = a;
                }
            }
            return best;
        }
    }
}
