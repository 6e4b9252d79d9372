package io.debitwatch.job;

import io.debitwatch.core.detect.Decision;
import io.debitwatch.core.detect.Detector;
import io.debitwatch.core.detect.DetectorConfig;
import io.debitwatch.core.detect.Fact;
import io.debitwatch.core.detect.Finding;
import io.debitwatch.core.detect.Outputs;
import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.OrderKey;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.RefundRequest;
import io.debitwatch.core.model.TerminalEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
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
public class OrderDetector
        extends KeyedCoProcessFunction<String, TerminalEvent, ProviderEvent, Alert> {

    private static final long serialVersionUID = 1L;

    private final Detector detector;
    private final boolean liveEarlyWarning;

    private transient ListState<Fact> facts;
    private transient ValueState<OrderState> order;
    private transient Counter alertsOut;
    private transient Counter refundsOut;
    private transient Counter earlyWarningsOut;
    private transient Counter lateEvents;

    public OrderDetector(DetectorConfig config, boolean liveEarlyWarning) {
        this.detector = new Detector(config);
        this.liveEarlyWarning = liveEarlyWarning;
    }

    @Override
    public void open(OpenContext openContext) {
        // Both are cleared at H (onTimer), so state is bounded by the horizon.
        facts =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>("facts", TypeInformation.of(Fact.class)));
        order =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "order", TypeInformation.of(OrderState.class)));
        var metrics = getRuntimeContext().getMetricGroup();
        alertsOut = metrics.counter("alertsEmitted");
        refundsOut = metrics.counter("refundRequestsEmitted");
        earlyWarningsOut = metrics.counter("earlyWarningsEmitted");
        lateEvents = metrics.counter("lateEvents");
    }

    @Override
    public void processElement1(TerminalEvent event, Context ctx, Collector<Alert> out)
            throws Exception {
        onFact(Fact.of(event), event.provider(), ctx, out);
    }

    @Override
    public void processElement2(ProviderEvent event, Context ctx, Collector<Alert> out)
            throws Exception {
        onFact(Fact.of(event), event.provider(), ctx, out);
    }

    private void onFact(Fact fact, Provider provider, Context ctx, Collector<Alert> out)
            throws Exception {
        TimerService timers = ctx.timerService();
        if (fact.time() <= timers.currentWatermark()) {
            lateEvents.inc();
        }
        facts.add(fact);
        DetectorConfig config = detector.config();
        OrderState state = order.value();
        if (state == null) {
            state = new OrderState(fact.time(), 0);
            order.update(state);
            timers.registerEventTimeTimer(config.deadline(provider, state.t0()));
            timers.registerEventTimeTimer(config.horizon(provider, state.t0()));
        } else if (fact.time() < state.t0()) {
            // A late event moves T0, and with it D and H, earlier.
            timers.deleteEventTimeTimer(config.deadline(provider, state.t0()));
            timers.deleteEventTimeTimer(config.horizon(provider, state.t0()));
            state = new OrderState(fact.time(), state.emitted());
            order.update(state);
            registerTimeline(provider, state.t0(), current(), timers);
        } else if (fact.time() > config.deadline(provider, state.t0())
                && fact.time() <= config.horizon(provider, state.t0())
                && isDecisionPoint(fact)) {
            timers.registerEventTimeTimer(fact.time());
        }
        long deadline = config.deadline(provider, state.t0());
        if (liveEarlyWarning
                && fact.time() < deadline
                && (state.emitted() & Finding.EARLY_WARNING.bit()) == 0
                && completesEarlyWarning(fact)) {
            Decision early = detector.earlyWarning(provider, current());
            if (early != null) {
                emit(early, ctx, out);
                order.update(state.withEmitted(Finding.EARLY_WARNING.bit()));
            }
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        OrderState state = order.value();
        if (state == null) {
            return; // a timer of a timeline that has already ended
        }
        Provider provider = OrderKey.decode(ctx.getCurrentKey()).provider();
        DetectorConfig config = detector.config();
        List<Fact> all = current();
        int emitted = state.emitted();
        for (Decision d : detector.decide(provider, all, timestamp)) {
            int bit = d.finding().bit();
            if ((emitted & bit) == 0) {
                emit(d, ctx, out);
                emitted |= bit;
            }
        }
        long horizon = config.horizon(provider, state.t0());
        if (timestamp < horizon) {
            if (emitted != state.emitted()) {
                order.update(new OrderState(state.t0(), emitted));
            }
            return;
        }
        // H: the timeline ends. Facts after H start the next one.
        List<Fact> next = new ArrayList<>();
        for (Fact f : all) {
            if (f.time() > horizon) {
                next.add(f);
            }
        }
        if (next.isEmpty()) {
            facts.clear();
            order.clear();
            return;
        }
        facts.update(next);
        OrderState nextState = new OrderState(Detector.firstTime(next), 0);
        order.update(nextState);
        registerTimeline(provider, nextState.t0(), next, ctx.timerService());
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

    private List<Fact> current() throws Exception {
        List<Fact> list = new ArrayList<>(8);
        for (Fact f : facts.get()) {
            list.add(f);
        }
        return list;
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
