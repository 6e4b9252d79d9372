package io.debitwatch.job;

import io.debitwatch.core.detect.Decision;
import io.debitwatch.core.detect.Detector;
import io.debitwatch.core.detect.DetectorConfig;
import io.debitwatch.core.detect.Fact;
import io.debitwatch.core.detect.FactBound;
import io.debitwatch.core.detect.Finding;
import io.debitwatch.core.detect.Outputs;
import io.debitwatch.core.json.DeadLetters;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.OpenOrder;
import io.debitwatch.core.model.OrderKey;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.RefundRequest;
import io.debitwatch.job.types.SerializerTypeInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Joins one order's terminal and provider events. It keeps the order's facts in keyed state, sets
 * event-time timers at the decision points of SPEC §4 (D, provider events and reversals after D,
 * terminal successes after D, H), asks the {@link Detector} what is decided at each, and emits
 * every finding once. State is cleared at H; facts after H start the next timeline.
 *
 * <p>With {@code liveEarlyWarning} the early warning leaves the moment both the debit and the
 * failed verdict are in, without waiting for a watermark (streaming). Without it, it is emitted
 * when the watermark passes its decision time, so that a bounded replay follows the definition
 * whatever the arrival order.
 */
public class OrderDetector extends KeyedCoProcessFunction<String, KeyedFact, KeyedFact, Alert> {

    private static final long serialVersionUID = 1L;

    /** Name of the accumulator counting events that arrived behind the watermark. */
    public static final String LATE_EVENTS_ACCUMULATOR = "debitwatch-late-events";

    /**
     * Orders whose state a subtask also keeps on the heap, the most recently used. An order's
     * events, and its deadline, mostly come close together: they are then served from the heap
     * instead of a RocksDB read each (measured: reads were the largest cost of a replay). RocksDB
     * stays the state of record, written on every change, so checkpoints, restores and rescaling
     * are unaffected; the heap copy is rebuilt as orders are touched after a restart. Only orders
     * of at most {@link #CACHED_FACTS_PER_ORDER} facts are kept (a payment has 2 to 6), so the heap
     * used is bounded whatever a faulty source sends: a few MB for real payments, about 100 MB per
     * subtask with the longest ids the parser accepts.
     */
    static final int CACHED_ORDERS = 8_192;

    /** Larger orders are read from RocksDB each time instead (see {@link #CACHED_ORDERS}). */
    static final int CACHED_FACTS_PER_ORDER = 16;

    /** Decide every decision point, whatever its time: streaming, and replay with as-of horizon. */
    public static final long AS_OF_HORIZON = Long.MAX_VALUE;

    private final Detector detector;
    private final boolean liveEarlyWarning;
    private final long closedRetentionMillis;
    private final long asOfMillis;

    private transient ValueState<OrderState> order;
    private transient LinkedHashMap<String, OrderState> recent;
    private transient Counter alertsOut;
    private transient Counter refundsOut;
    private transient Counter earlyWarningsOut;
    private transient Counter lateEvents;
    private transient Counter duplicateEvents;
    private transient Counter compactedEvents;
    private transient Counter overflowedOrders;
    private transient Counter openOrders;
    private transient LongCounter lateEventsTotal;

    /**
     * @param config the detection rules' parameters
     * @param liveEarlyWarning send early warnings on arrival (streaming) rather than when the
     *     watermark passes their time (replay)
     * @param closedRetention how long after an order's horizon a tombstone remembers it, so that an
     *     event of the closed timeline arriving late becomes a dead letter instead of starting a
     *     new timeline; zero for a replay, where no event can be that late
     */
    public OrderDetector(
            DetectorConfig config, boolean liveEarlyWarning, Duration closedRetention) {
        this(config, liveEarlyWarning, closedRetention, AS_OF_HORIZON);
    }

    /**
     * @param asOfMillis decide only decision points up to this event time (a replay's as-of time,
     *     SPEC §4a.6); an order with points after it is reported as an {@link OpenOrder} on {@link
     *     Tags#OPEN_ORDERS} instead. {@link #AS_OF_HORIZON} decides every point.
     */
    public OrderDetector(
            DetectorConfig config,
            boolean liveEarlyWarning,
            Duration closedRetention,
            long asOfMillis) {
        this.detector = new Detector(config);
        this.liveEarlyWarning = liveEarlyWarning;
        this.closedRetentionMillis = closedRetention.toMillis();
        this.asOfMillis = asOfMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        // Cleared at H, or at H + closedRetention for its tombstone: bounded by the horizon.
        order =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "order", SerializerTypeInfo.ORDER_STATE));
        recent =
                new LinkedHashMap<>(CACHED_ORDERS * 4 / 3 + 1, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, OrderState> eldest) {
                        return size() > CACHED_ORDERS;
                    }
                };
        var metrics = getRuntimeContext().getMetricGroup();
        alertsOut = metrics.counter("alertsEmitted");
        refundsOut = metrics.counter("refundRequestsEmitted");
        earlyWarningsOut = metrics.counter("earlyWarningsEmitted");
        lateEvents = metrics.counter("lateEvents");
        duplicateEvents = metrics.counter("duplicateEvents");
        compactedEvents = metrics.counter("compactedEvents");
        overflowedOrders = metrics.counter("overflowedOrders");
        openOrders = metrics.counter("openOrders");
        lateEventsTotal = getRuntimeContext().getLongCounter(LATE_EVENTS_ACCUMULATOR);
    }

    @Override
    public void processElement1(KeyedFact terminal, Context ctx, Collector<Alert> out)
            throws Exception {
        onFact(terminal.fact(), OrderKey.providerOf(terminal.key()), ctx, out);
    }

    @Override
    public void processElement2(KeyedFact provider, Context ctx, Collector<Alert> out)
            throws Exception {
        onFact(provider.fact(), OrderKey.providerOf(provider.key()), ctx, out);
    }

    private void onFact(Fact fact, Provider provider, Context ctx, Collector<Alert> out)
            throws Exception {
        TimerService timers = ctx.timerService();
        long watermark = timers.currentWatermark();
        boolean late = fact.time() <= watermark;
        if (late) {
            lateEvents.inc();
            lateEventsTotal.add(1);
        }
        DetectorConfig config = detector.config();
        String key = ctx.getCurrentKey();
        OrderState state = load(key);
        long closedAt = state == null ? Long.MIN_VALUE : state.closedAt();
        if (fact.time() <= closedAt) {
            reject(
                    fact,
                    "late event: its order's timeline closed at " + Instant.ofEpochMilli(closedAt),
                    ctx);
            return;
        }
        OrderState next;
        if (state == null || state.isTombstone()) {
            next = new OrderState(fact.time(), 0, List.of(fact), closedAt);
            timers.registerEventTimeTimer(config.deadline(provider, fact.time()));
            timers.registerEventTimeTimer(config.horizon(provider, fact.time()));
        } else {
            long latest = Long.MIN_VALUE;
            for (Fact known : state.facts()) {
                // The same event delivered again: nothing new. Only the same content counts: a
                // record reusing an event id with other content must not hide the real one.
                if (known.equals(fact)) {
                    duplicateEvents.inc();
                    return;
                }
                latest = Math.max(latest, known.time());
            }
            long t0 = state.t0();
            if (fact.time() < t0
                    && state.emitted() != 0
                    && latest > config.horizon(provider, fact.time())) {
                // It would move the horizon before facts of a timeline whose findings went out,
                // and those facts would start a second timeline that decides them again.
                reject(
                        fact,
                        "late event: it would split its order's timeline after findings went out",
                        ctx);
                return;
            }
            FactBound.Admission admission = FactBound.admit(state.facts(), fact);
            compactedEvents.inc(admission.compacted());
            if (admission.overflow() && !state.overflow()) {
                overflowedOrders.inc();
            }
            boolean overflow = state.overflow() || admission.overflow();
            if (!admission.accepted()) {
                // Only a non-final result is refused, and the order is then only reviewed.
                reject(
                        fact,
                        "more than "
                                + FactBound.MAX_FACTS
                                + " events for one order after compaction; its refunds become"
                                + " reviews",
                        ctx);
                if (overflow != state.overflow()) {
                    store(key, withOverflow(state));
                }
                return;
            }
            if (fact.time() < t0) {
                // A late event moves T0, and with it D and H, earlier.
                timers.deleteEventTimeTimer(config.deadline(provider, t0));
                timers.deleteEventTimeTimer(config.horizon(provider, t0));
                t0 = fact.time();
                registerTimeline(provider, t0, admission.facts(), timers);
            } else if (fact.time() > config.deadline(provider, t0)
                    && fact.time() <= config.horizon(provider, t0)
                    && Detector.isDecisionPoint(fact)) {
                timers.registerEventTimeTimer(fact.time());
            }
            next =
                    new OrderState(
                            t0,
                            state.emitted(),
                            admission.facts(),
                            closedAt,
                            state.prior(),
                            overflow);
        }
        if (late && watermark < Long.MAX_VALUE) {
            // A late fact acts at once (SPEC §4a.4): whatever it changes that is already due is
            // decided at the next watermark advance, with the decided_at it would have had.
            timers.registerEventTimeTimer(watermark + 1);
        }
        int emitted = next.emitted();
        if (liveEarlyWarning
                && fact.time() < config.deadline(provider, next.t0())
                && (emitted & Finding.EARLY_WARNING.bit()) == 0
                && Detector.completesEarlyWarning(fact)) {
            Decision early = detector.earlyWarning(provider, next.facts());
            if (early != null) {
                emit(early, ctx, out);
                next = withEmitted(next, emitted | Finding.EARLY_WARNING.bit(), next.prior());
            }
        }
        store(key, next);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        String key = ctx.getCurrentKey();
        OrderState state = load(key);
        if (state == null) {
            return; // a timer of a timeline that has already ended
        }
        if (state.isTombstone()) {
            if (timestamp >= state.closedAt() + closedRetentionMillis) {
                drop(key);
            }
            return;
        }
        Provider provider = OrderKey.providerOf(key);
        long at = Math.min(timestamp, asOfMillis);
        OrderState decided = decideUpTo(provider, state, at, ctx, out);
        long horizon = detector.config().horizon(provider, state.t0());
        if (timestamp > asOfMillis) {
            reportOpen(key, provider, decided, ctx);
            return;
        }
        if (timestamp < horizon) {
            if (decided != state) {
                store(key, decided);
            }
            return;
        }
        // H: the timeline ends. Facts after H start the next one.
        List<Fact> next = new ArrayList<>();
        for (Fact f : state.facts()) {
            if (f.time() > horizon) {
                next.add(f);
            }
        }
        if (!next.isEmpty()) {
            long t0 = Detector.firstTime(next);
            store(key, new OrderState(t0, 0, next, horizon));
            registerTimeline(provider, t0, next, ctx.timerService());
        } else if (closedRetentionMillis > 0) {
            store(key, new OrderState(horizon, 0, List.of(), horizon));
            ctx.timerService().registerEventTimeTimer(horizon + closedRetentionMillis);
        } else {
            drop(key);
        }
    }

    /** Emits every finding decided up to {@code at} that was not emitted yet; the new state. */
    private OrderState decideUpTo(
            Provider provider, OrderState state, long at, Context ctx, Collector<Alert> out) {
        int emitted = state.emitted();
        Detector.Prior prior = state.prior();
        for (Decision d : detector.decide(provider, state.facts(), at, prior, state.overflow())) {
            int bit = d.finding().bit();
            if ((emitted & bit) == 0) {
                emit(d, ctx, out);
                emitted |= bit;
                if (d.finding() == Finding.UNMATCHED_DEBIT) {
                    prior = Detector.Prior.of(d);
                }
            }
        }
        return emitted == state.emitted() ? state : withEmitted(state, emitted, prior);
    }

    /**
     * A replay's as-of time has passed before this order's last decision point: it is reported
     * open, with what its known facts would still decide, and forgotten (SPEC §4a.6).
     */
    private void reportOpen(String key, Provider provider, OrderState state, Context ctx) {
        DetectorConfig config = detector.config();
        long deadline = config.deadline(provider, state.t0());
        long horizon = config.horizon(provider, state.t0());
        EnumSet<AlertType> pending = EnumSet.noneOf(AlertType.class);
        for (Decision d :
                detector.decide(
                        provider, state.facts(), horizon, state.prior(), state.overflow())) {
            AlertType type = d.finding().alertType();
            if (type != null && (state.emitted() & d.finding().bit()) == 0) {
                pending.add(type);
            }
        }
        if (deadline > asOfMillis || !pending.isEmpty()) {
            OrderKey order = OrderKey.decode(key);
            int events = 0;
            for (Fact f : state.facts()) {
                events += f.time() <= horizon ? 1 : 0;
            }
            ctx.output(
                    Tags.OPEN_ORDERS,
                    new OpenOrder(
                            order.provider(),
                            order.merchantId(),
                            order.outTradeNo(),
                            Instant.ofEpochMilli(state.t0()),
                            Instant.ofEpochMilli(deadline),
                            Instant.ofEpochMilli(horizon),
                            events,
                            List.copyOf(pending)));
            openOrders.inc();
        }
        drop(key);
    }

    private static OrderState withEmitted(OrderState s, int emitted, Detector.Prior prior) {
        return new OrderState(s.t0(), emitted, s.facts(), s.closedAt(), prior, s.overflow());
    }

    private static OrderState withOverflow(OrderState s) {
        return new OrderState(s.t0(), s.emitted(), s.facts(), s.closedAt(), s.prior(), true);
    }

    /** The current order's state: from the heap if it was used recently, else from RocksDB. */
    private OrderState load(String key) throws Exception {
        OrderState s = recent.get(key);
        if (s == null) {
            s = order.value();
            if (s != null && s.facts().size() <= CACHED_FACTS_PER_ORDER) {
                recent.put(key, s);
            }
        }
        return s;
    }

    /** Writes through: RocksDB, the state of record, and the heap copy. */
    private void store(String key, OrderState s) throws Exception {
        order.update(s);
        if (s.facts().size() <= CACHED_FACTS_PER_ORDER) {
            recent.put(key, s);
        } else {
            recent.remove(key);
        }
    }

    private void drop(String key) {
        order.clear();
        recent.remove(key);
    }

    /** A fact the detector cannot use becomes a dead letter; state is left as it was. */
    private void reject(Fact fact, String reason, Context ctx) {
        OrderKey key = OrderKey.decode(ctx.getCurrentKey());
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("order", key.toString());
        raw.put("event", fact.toEvidence());
        ctx.output(
                Tags.DEAD_LETTERS,
                new DeadLetter(
                        Uids.DETECTOR,
                        reason,
                        DeadLetters.sanitize(Json.write(raw)),
                        null,
                        null,
                        null,
                        null));
    }

    private void registerTimeline(
            Provider provider, long t0, List<Fact> timeline, TimerService timers) {
        DetectorConfig config = detector.config();
        long deadline = config.deadline(provider, t0);
        long horizon = config.horizon(provider, t0);
        timers.registerEventTimeTimer(deadline);
        timers.registerEventTimeTimer(horizon);
        for (Fact f : timeline) {
            if (f.time() > deadline && f.time() <= horizon && Detector.isDecisionPoint(f)) {
                timers.registerEventTimeTimer(f.time());
            }
        }
    }

    private void emit(Decision d, Context ctx, Collector<Alert> out) {
        OrderKey key = OrderKey.decode(ctx.getCurrentKey());
        Instant now = Instant.now();
        // Notifications first: they are the latency-critical path.
        for (Notification n : Outputs.notifications(key, d, now)) {
            ctx.output(Tags.NOTIFICATIONS, n);
        }
        if (d.finding() == Finding.EARLY_WARNING) {
            earlyWarningsOut.inc();
            return;
        }
        out.collect(Outputs.alert(key, d, now));
        alertsOut.inc();
        RefundRequest refund = Outputs.refund(key, d);
        if (refund != null) {
            ctx.output(Tags.REFUND_REQUESTS, refund);
            refundsOut.inc();
        }
    }
}
