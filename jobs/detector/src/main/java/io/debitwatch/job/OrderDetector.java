package io.debitwatch.job;

import io.debitwatch.core.detect.Decision;
import io.debitwatch.core.detect.Detector;
import io.debitwatch.core.detect.DetectorConfig;
import io.debitwatch.core.detect.Fact;
import io.debitwatch.core.detect.Finding;
import io.debitwatch.core.detect.Outputs;
import io.debitwatch.core.json.DeadLetters;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.OrderKey;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.RefundRequest;
import io.debitwatch.job.types.SerializerTypeInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
     * An order with more events than this is not a payment but a fault; more become dead letters.
     */
    public static final int MAX_FACTS_PER_ORDER = 256;

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

    private final Detector detector;
    private final boolean liveEarlyWarning;
    private final long closedRetentionMillis;

    private transient ValueState<OrderState> order;
    private transient LinkedHashMap<String, OrderState> recent;
    private transient Counter alertsOut;
    private transient Counter refundsOut;
    private transient Counter earlyWarningsOut;
    private transient Counter lateEvents;
    private transient Counter duplicateEvents;
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
        this.detector = new Detector(config);
        this.liveEarlyWarning = liveEarlyWarning;
        this.closedRetentionMillis = closedRetention.toMillis();
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
        if (fact.time() <= timers.currentWatermark()) {
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
        List<Fact> facts;
        long t0;
        int emitted;
        if (state == null || state.isTombstone()) {
            facts = new ArrayList<>(4);
            facts.add(fact);
            t0 = fact.time();
            emitted = 0;
            timers.registerEventTimeTimer(config.deadline(provider, t0));
            timers.registerEventTimeTimer(config.horizon(provider, t0));
        } else {
            for (Fact known : state.facts()) {
                if (known.eventId().equals(fact.eventId()) && known.kind() == fact.kind()) {
                    duplicateEvents.inc(); // the same event delivered again: nothing new
                    return;
                }
            }
            if (state.facts().size() >= MAX_FACTS_PER_ORDER) {
                reject(fact, "more than " + MAX_FACTS_PER_ORDER + " events for one order", ctx);
                return;
            }
            facts = new ArrayList<>(state.facts().size() + 1);
            facts.addAll(state.facts());
            facts.add(fact);
            emitted = state.emitted();
            t0 = state.t0();
            if (fact.time() < t0) {
                if (emitted != 0 && t0 > config.horizon(provider, fact.time())) {
                    // It would open an earlier timeline, after findings of this one went out.
                    reject(
                            fact,
                            "late event: more than the horizon before its order's timeline",
                            ctx);
                    return;
                }
                // A late event moves T0, and with it D and H, earlier.
                timers.deleteEventTimeTimer(config.deadline(provider, t0));
                timers.deleteEventTimeTimer(config.horizon(provider, t0));
                t0 = fact.time();
                registerTimeline(provider, t0, facts, timers);
            } else if (fact.time() > config.deadline(provider, t0)
                    && fact.time() <= config.horizon(provider, t0)
                    && isDecisionPoint(fact)) {
                timers.registerEventTimeTimer(fact.time());
            }
        }
        if (liveEarlyWarning
                && fact.time() < config.deadline(provider, t0)
                && (emitted & Finding.EARLY_WARNING.bit()) == 0
                && completesEarlyWarning(fact)) {
            Decision early = detector.earlyWarning(provider, facts);
            if (early != null) {
                emit(early, ctx, out);
                emitted |= Finding.EARLY_WARNING.bit();
            }
        }
        store(key, new OrderState(t0, emitted, facts, closedAt));
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
        List<Fact> facts = state.facts();
        int emitted = state.emitted();
        for (Decision d : detector.decide(provider, facts, timestamp)) {
            int bit = d.finding().bit();
            if ((emitted & bit) == 0) {
                emit(d, ctx, out);
                emitted |= bit;
            }
        }
        long horizon = detector.config().horizon(provider, state.t0());
        if (timestamp < horizon) {
            if (emitted != state.emitted()) {
                store(key, new OrderState(state.t0(), emitted, facts, state.closedAt()));
            }
            return;
        }
        // H: the timeline ends. Facts after H start the next one.
        List<Fact> next = new ArrayList<>();
        for (Fact f : facts) {
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
            if (f.time() > deadline && f.time() <= horizon && isDecisionPoint(f)) {
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

    /** Provider events, reversals and terminal successes after D are decision points. */
    private static boolean isDecisionPoint(Fact f) {
        return f.kind().isProvider()
                || f.kind() == Fact.Kind.T_REVERSAL_SUCCESS
                || f.kind() == Fact.Kind.T_REVERSAL_FAILED
                || f.kind() == Fact.Kind.T_SUCCESS;
    }

    /** Only a debit or a failed/timed-out terminal result can complete an early warning. */
    private static boolean completesEarlyWarning(Fact f) {
        return f.kind() == Fact.Kind.P_DEBITED
                || f.kind() == Fact.Kind.T_FAILED
                || f.kind() == Fact.Kind.T_TIMEOUT;
    }
}
