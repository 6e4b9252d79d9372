package io.debitwatch.app;

import static io.debitwatch.core.model.ProviderSource.QUERY;
import static io.debitwatch.core.model.ProviderStatus.DEBITED;

import io.debitwatch.core.model.OrderKey;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.TerminalEvent;
import io.debitwatch.core.model.TerminalEventType;
import io.debitwatch.core.model.TerminalResult;
import io.debitwatch.sim.GeneratedOrder;
import io.debitwatch.sim.Lines;
import io.debitwatch.sim.SimEvent;
import io.debitwatch.sim.Simulator;
import io.debitwatch.sim.SimulatorConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;

/**
 * Simulated traffic on a live Kafka feed, as {@code demo} and {@code simulate --bootstrap-servers}
 * send it. Orders start during {@code duration} of wall clock, on an event clock running {@code
 * speed} times faster; after that the rest of every story (callbacks hours later, next-day
 * statements) is sent at once, and a sentinel sale on every input partition moves event time past
 * every order's horizon, so that every decision of SPEC §4 is due. The clock is placed so that the
 * sentinels sit about two minutes before the real time: records produced afterwards with today's
 * event times are on time.
 */
final class LiveTraffic {

    /** Merchant of the sentinel sales; they decide nothing (terminal SUCCESS, equal debit). */
    static final String DRAIN_MERCHANT = "DWDRAIN";

    /**
     * Merchant of the warm-up order: FAILED and DEBITED (an early warning), then SUCCESS before its
     * deadline (no alert).
     */
    static final String WARM_UP_MERCHANT = "DWWARMUP";

    final SimulatorConfig config;
    final long seed;
    final SimFeed.Clock clock;
    final long liveUntilMillis;
    final long horizonSpanMillis;
    private long maxHorizon = Long.MIN_VALUE;

    LiveTraffic(
            SimulatorConfig base,
            long seed,
            int rate,
            Duration duration,
            double speed,
            long nowMillis) {
        if (rate < 0 || !(speed > 0) || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(
                    "--speed and --duration must be positive, --rate not negative");
        }
        long feedSpan = (long) (duration.toMillis() * speed);
        this.horizonSpanMillis = base.settleWindow().plus(base.callbackHorizon()).toMillis();
        long clockBase = (nowMillis - feedSpan - horizonSpanMillis - 120_000) / 1000 * 1000;
        // Orders start as a Poisson process whose mean gap gives `rate` records per second of
        // wall clock while the event clock runs `speed` times faster. Rate 0: the simulator's own
        // density, sent as fast as the broker takes it.
        long meanGap =
                rate == 0
                        ? base.meanGap().toMillis()
                        : Math.max(
                                1, Math.round(eventsPerOrder(base, seed) * 1000.0 * speed / rate));
        this.config = base.withStart(Instant.ofEpochMilli(clockBase), Duration.ofMillis(meanGap));
        this.seed = seed;
        this.liveUntilMillis = clockBase + feedSpan;
        this.clock =
                new SimFeed.Clock(
                        clockBase, rate == 0 ? Double.POSITIVE_INFINITY : speed, liveUntilMillis);
    }

    /** The orders starting in the live part, lazily. */
    Iterator<GeneratedOrder> orders() {
        long until = liveUntilMillis;
        return Simulator.generate(config, seed, Long.MAX_VALUE)
                .takeWhile(o -> o.start().toEpochMilli() < until)
                .iterator();
    }

    /** Call for every order sent: keeps the latest horizon. */
    void sent(GeneratedOrder order) {
        long t0 = Long.MAX_VALUE;
        for (SimEvent e : order.events()) {
            t0 = Math.min(t0, e.eventTimeMillis());
        }
        maxHorizon = Math.max(maxHorizon, t0 + horizonSpanMillis);
    }

    /**
     * Sends one normal sale per input partition, later than every order's horizon by the watermark
     * bound; returns its event time.
     */
    long drain(SimFeed feed, String terminalTopic, String providerTopic, Duration bound) {
        long at = Math.max(maxHorizon, feed.eventClockMillis()) + bound.toMillis() + 1_000;
        int pt = feed.partitions(terminalTopic);
        int pp = feed.partitions(providerTopic);
        for (int i = 0; i < Math.max(pt, pp); i++) {
            String id = at + "-" + i;
            OrderKey key = new OrderKey(Provider.WECHAT, DRAIN_MERCHANT, "drain-" + id);
            TerminalResult success = TerminalResult.SUCCESS;
            send(
                    feed,
                    terminalTopic,
                    i % pt,
                    result("drain-t-" + id, at, key, "DRAIN", success, 1));
            send(
                    feed,
                    providerTopic,
                    i % pp,
                    debit("drain-p-" + id, at, key, "drain-" + id, 1, "DRAIN"));
        }
        return at;
    }

    /**
     * Sends an order that produces exactly one early warning and nothing else, ten minutes of event
     * time before the traffic: its notification shows that the whole pipeline (sources, detector,
     * notification sink) is up.
     */
    void warmUp(SimFeed feed, String terminalTopic, String providerTopic) {
        long t = clock.baseMillis() - 600_000;
        OrderKey key = new OrderKey(Provider.ALIPAY, WARM_UP_MERCHANT, "warm-up-" + t);
        String pos = "WARMUP";
        send(feed, terminalTopic, 0, result("warm-up-t1", t, key, pos, TerminalResult.FAILED, 100));
        send(feed, providerTopic, 0, debit("warm-up-p1", t + 1, key, "warm-up-" + t, 100, pos));
        send(
                feed,
                terminalTopic,
                0,
                result("warm-up-t2", t + 2, key, pos, TerminalResult.SUCCESS, 100));
        feed.flush();
    }

    /** A pay result of {@code amount} at {@code at}. */
    private static SimEvent result(
            String eventId,
            long at,
            OrderKey key,
            String terminalId,
            TerminalResult result,
            long amount) {
        TerminalEvent e =
                new TerminalEvent(
                        eventId,
                        Instant.ofEpochMilli(at),
                        key.provider(),
                        key.merchantId(),
                        terminalId,
                        key.outTradeNo(),
                        TerminalEventType.PAY_RESULT,
                        result,
                        amount,
                        "CNY",
                        null,
                        null,
                        null);
        return new SimEvent.TerminalRecord(e, at);
    }

    /**
     * A debit of {@code amount} at {@code at}, seen in a query response, on {@code device} (the
     * terminal the customer paid at).
     */
    private static SimEvent debit(
            String eventId, long at, OrderKey key, String txn, long amount, String device) {
        ProviderEvent e =
                new ProviderEvent(
                        eventId,
                        Instant.ofEpochMilli(at),
                        key.provider(),
                        key.merchantId(),
                        key.outTradeNo(),
                        txn,
                        QUERY,
                        DEBITED,
                        amount,
                        "CNY",
                        null,
                        null,
                        null,
                        null,
                        device);
        return new SimEvent.ProviderRecord(e, at);
    }

    private static void send(SimFeed feed, String topic, int partition, SimEvent e) {
        OrderKey key =
                e instanceof SimEvent.TerminalRecord t
                        ? t.event().orderKey()
                        : ((SimEvent.ProviderRecord) e).event().orderKey();
        feed.sendRaw(topic, partition, key, Lines.line(e), e.eventTimeMillis());
    }

    /** Records sent in the live part: those with event time up to its end. */
    long liveEvents(SimFeed.SentLog log) {
        int lo = 0;
        int hi = log.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (log.eventMillis(mid) <= liveUntilMillis) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Average records per order of the traffic mix, from a sample of the same generator. */
    private static double eventsPerOrder(SimulatorConfig config, long seed) {
        long[] events = {0};
        int sample = 2_000;
        Simulator.generate(config, seed ^ 0x5DEECE66DL, sample)
                .forEach(o -> events[0] += o.events().size());
        return (double) events[0] / sample;
    }
}
