package io.debitwatch.job;

import io.debitwatch.core.detect.Decision;
import io.debitwatch.core.detect.Detector;
import io.debitwatch.core.detect.DetectorConfig;
import io.debitwatch.core.detect.Fact;
import io.debitwatch.core.detect.Finding;
import io.debitwatch.core.detect.OrderState;
import io.debitwatch.core.detect.OrderTimeline;
import io.debitwatch.core.detect.Outputs;
import io.debitwatch.core.detect.TimelineStep;
import io.debitwatch.core.json.DeadLetters;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.OpenOrder;
import io.debitwatch.core.model.OrderKey;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.RefundRequest;
import io.debitwatch.core.model.TerminalContext;
import io.debitwatch.job.metrics.DetectorMetrics;
import io.debitwatch.job.metrics.OrderCounts;
import io.debitwatch.job.types.SerializerTypeInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins one order's terminal and provider events. The {@link OrderTimeline} decides what each fact
 * and each timer does to the order (SPEC §4, §4a: decision points, T0 moving earlier, the horizon
 * and the next timeline, dedupe, the fact bound, late facts, the as-of cut); this function is the
 * Flink glue around it: it keeps the order's {@link OrderState} in keyed state (with a heap cache),
 * sets and deletes the event-time timers, emits the decisions through {@link Outputs}, turns
 * rejected facts into dead letters, and counts ({@link DetectorMetrics}: alerts, refunds, early
 * warnings, late events, dead letters, decision lag, and the orders it holds state for).
 *
 * <p>With {@code liveEarlyWarning} the early warning leaves the moment both the debit and the
 * failed verdict are in, without waiting for a watermark (streaming). Without it, it is emitted
 * when the watermark passes its decision time, so that a bounded replay follows the definition
 * whatever the arrival order.
 */
public class OrderDetector extends KeyedCoProcessFunction<String, KeyedFact, KeyedFact, Alert>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(OrderDetector.class);

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

    private final OrderTimeline timeline;

    private transient ValueState<OrderState> order;
    private transient LinkedHashMap<String, OrderState> recent;
    private transient DetectorMetrics metrics;
    private transient Counter duplicateEvents;
    private transient Counter compactedEvents;
    private transient Counter overflowedOrders;
    private transient Counter openOrdersReported;
    private transient LongCounter lateEventsTotal;

    /** Orders with state on this subtask, kept as states are created and cleared. */
    private transient OrderCounts orderCounts;

    private transient ListState<long[]> savedOrderCounts;

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
     *     OutputTags#OPEN_ORDERS} instead. {@link #AS_OF_HORIZON} decides every point.
     */
    public OrderDetector(
            DetectorConfig config,
            boolean liveEarlyWarning,
            Duration closedRetention,
            long asOfMillis) {
        this.timeline =
                new OrderTimeline(
                        new Detector(config),
                        liveEarlyWarning,
                        closedRetention.toMillis(),
                        asOfMillis);
    }

    /** Restores the counts of orders held ({@link OrderCounts}), operator state of its own. */
    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        savedOrderCounts =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "order-counts",
                                        PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        orderCounts = new OrderCounts();
        if (context.isRestored()) {
            orderCounts.restore(savedOrderCounts.get());
            if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
                logRestore(context.getRestoredCheckpointId().orElse(-1));
            }
        }
    }

    /**
     * Says, once per restore and before the Kafka committers retry, what their "producer is already
     * fenced" error means after a restart (docs/runbook.md, DebitwatchKafkaCommitFailed): the sinks
     * commit again the transactions of the checkpoint restored, and for one that the previous
     * attempt had already committed (it was killed after committing, before it could record so) the
     * broker answers "fenced". The refund requests of that checkpoint are then in the topic
     * already.
     */
    private static void logRestore(long checkpointId) {
        LOG.info(
                "Restored from checkpoint {}. The alert and refund sinks now commit that"
                        + " checkpoint's Kafka transactions again; an ERROR \"Unable to commit"
                        + " transaction ... because its producer is already fenced\" for one of them"
                        + " right after this line usually means the previous attempt had committed it"
                        + " already, not that it is lost: confirm by reading the refund-requests topic"
                        + " with isolation.level=read_committed (docs/runbook.md,"
                        + " DebitwatchKafkaCommitFailed).",
                checkpointId);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        savedOrderCounts.update(orderCounts.snapshot());
    }

    @Override
    public void open(OpenContext openContext) {
        if (orderCounts == null) {
            orderCounts = new OrderCounts(); // not run by a Flink operator (a plain unit test)
        }
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
        var group = getRuntimeContext().getMetricGroup();
        metrics = new DetectorMetrics(group, orderCounts);
        duplicateEvents = group.counter("duplicateEvents");
        compactedEvents = group.counter("compactedEvents");
        overflowedOrders = group.counter("overflowedOrders");
        openOrdersReported = group.counter("openOrdersReported");
        lateEventsTotal = getRuntimeContext().getLongCounter(LATE_EVENTS_ACCUMULATOR);
    }

    @Override
    public void processElement1(KeyedFact terminal, Context ctx, Collector<Alert> out)
            throws Exception {
        onFact(
                terminal.fact(),
                terminal.terminal(),
                OrderKey.providerOf(terminal.key()),
                DetectorMetrics.TERMINAL,
                ctx,
                out);
    }

    @Override
    public void processElement2(KeyedFact provider, Context ctx, Collector<Alert> out)
            throws Exception {
        onFact(
                provider.fact(),
                null,
                OrderKey.providerOf(provider.key()),
                DetectorMetrics.PROVIDER,
                ctx,
                out);
    }

    private void onFact(
            Fact fact,
            TerminalContext terminal,
            Provider provider,
            int input,
            Context ctx,
            Collector<Alert> out)
            throws Exception {
        String key = ctx.getCurrentKey();
        OrderState before = load(key);
        TimelineStep step =
                timeline.onFact(
                        before, fact, terminal, provider, ctx.timerService().currentWatermark());
        if (step.late()) {
            metrics.lateEvent(input);
            lateEventsTotal.add(1);
        }
        if (step.duplicate()) {
            duplicateEvents.inc();
        }
        if (step.compacted() > 0) {
            compactedEvents.inc(step.compacted());
        }
        if (step.overflowed()) {
            overflowedOrders.inc();
        }
        if (step.rejectReason() != null) {
            reject(fact, step.rejectReason(), ctx);
        }
        apply(key, before, step, ctx, out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        String key = ctx.getCurrentKey();
        OrderState before = load(key);
        TimelineStep step = timeline.onTimer(before, OrderKey.providerOf(key), timestamp);
        if (step.open() != null) {
            ctx.output(OutputTags.OPEN_ORDERS, step.open().of(OrderKey.decode(key)));
            openOrdersReported.inc();
        }
        apply(key, before, step, ctx, out);
    }

    /**
     * Does what a timeline step asks: timers, decisions, then the state ({@code before}: the state
     * the step started from, for the counts of orders held).
     */
    private void apply(
            String key, OrderState before, TimelineStep step, Context ctx, Collector<Alert> out)
            throws Exception {
        TimerService timers = ctx.timerService();
        for (long t : step.timersToDelete()) {
            timers.deleteEventTimeTimer(t);
        }
        for (long t : step.timersToRegister()) {
            timers.registerEventTimeTimer(t);
        }
        for (Decision d : step.decisions()) {
            emit(d, step.terminal(), ctx, out);
        }
        switch (step.write()) {
            case STORE -> {
                store(key, step.state());
                orderCounts.changed(before, step.state());
            }
            case CLEAR -> {
                drop(key);
                orderCounts.changed(before, null);
            }
            case KEEP -> {}
        }
    }

    /** The counts of orders held on this subtask (the gauges' source; tests read it). */
    OrderCounts orderCounts() {
        return orderCounts;
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
        metrics.deadLetter(reason);
        OrderKey key = OrderKey.decode(ctx.getCurrentKey());
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("order", key.toString());
        raw.put("event", fact.toEvidence());
        ctx.output(
                OutputTags.DEAD_LETTERS,
                new DeadLetter(
                        Uids.DETECTOR,
                        reason,
                        DeadLetters.sanitize(Json.write(raw)),
                        null,
                        null,
                        null,
                        null));
    }

    private void emit(Decision d, TerminalContext terminal, Context ctx, Collector<Alert> out) {
        OrderKey key = OrderKey.decode(ctx.getCurrentKey());
        Instant now = Instant.now();
        // Notifications first: they are the latency-critical path.
        for (Notification n : Outputs.notifications(key, d, now)) {
            ctx.output(OutputTags.NOTIFICATIONS, n);
        }
        long lagMillis = now.toEpochMilli() - d.decidedAt();
        if (d.finding() == Finding.EARLY_WARNING) {
            metrics.earlyWarning(key.provider(), lagMillis);
            return;
        }
        out.collect(Outputs.alert(key, d, now, terminal));
        metrics.alert(d.finding().alertType(), key.provider(), lagMillis);
        RefundRequest refund = Outputs.refund(key, d);
        if (refund != null) {
            ctx.output(OutputTags.REFUND_REQUESTS, refund);
            metrics.refund(refund.currency(), refund.amountMinor());
        }
    }
}
