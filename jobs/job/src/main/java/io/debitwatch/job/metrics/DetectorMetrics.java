package io.debitwatch.job.metrics;

import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.Provider;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The business metrics of one detector subtask, with bounded labels only (alert type, provider,
 * currency, input, dead-letter class; never an order, merchant or reason text). Every counter of an
 * enum value is created when the detector opens, so that counting allocates nothing; refunds are
 * counted per currency, a counter pair created the first time a currency is seen (at most {@link
 * #MAX_CURRENCIES}, the rest under {@code other}).
 *
 * <p>Metric names (the Prometheus reporter prefixes them with {@code
 * flink_taskmanager_job_task_operator_} and the label keys): {@code alerts{type,provider}}, {@code
 * earlyWarnings{provider}}, {@code refundRequests{currency}}, {@code refundAmountMinor{currency}},
 * {@code lateEvents{input}}, {@code deadLetters{source="detector",reason}}, {@code
 * decisionLagMillis{finding}} (a histogram of wall clock minus {@code decided_at} at emission) and
 * the gauges {@code openOrders} and {@code closedOrderTombstones} (orders whose state this subtask
 * holds; kept by {@link #stateChanged}, never by a scan).
 */
public final class DetectorMetrics {

    /** Refund currencies counted apart; more would only grow the label. */
    static final int MAX_CURRENCIES = 16;

    /** Decisions the lag histograms keep for their quantiles, per subtask. */
    static final int LAG_WINDOW = 2_048;

    /** The detector's inputs, in the order of its two-input function. */
    public static final int TERMINAL = 0;

    public static final int PROVIDER = 1;

    private static final String[] INPUTS = {"terminal", "provider"};

    private final Counter[][] alerts;
    private final Counter[] earlyWarnings;
    private final Counter[] lateEvents = new Counter[INPUTS.length];
    private final DeadLetterCounters deadLetters;
    private final Histogram alertLag;
    private final Histogram earlyWarningLag;
    private final MetricGroup refunds;
    private final Map<String, Counter[]> refundsByCurrency = new HashMap<>();
    private final OrderCounts orders;

    /** Registers the metrics in the detector's {@code group}; the gauges read {@code orders}. */
    public DetectorMetrics(MetricGroup group, OrderCounts orders) {
        this.orders = orders;
        alerts = new Counter[AlertType.values().length][Provider.values().length];
        earlyWarnings = new Counter[Provider.values().length];
        for (Provider p : Provider.values()) {
            String provider = label(p);
            for (AlertType t : AlertType.values()) {
                alerts[t.ordinal()][p.ordinal()] =
                        group.addGroup("type", label(t))
                                .addGroup("provider", provider)
                                .counter("alerts");
            }
            earlyWarnings[p.ordinal()] =
                    group.addGroup("provider", provider).counter("earlyWarnings");
        }
        for (int i = 0; i < INPUTS.length; i++) {
            lateEvents[i] = group.addGroup("input", INPUTS[i]).counter("lateEvents");
        }
        deadLetters = new DeadLetterCounters(group, "detector");
        alertLag =
                group.addGroup("finding", "alert")
                        .histogram(
                                "decisionLagMillis",
                                new DescriptiveStatisticsHistogram(LAG_WINDOW));
        earlyWarningLag =
                group.addGroup("finding", "early_warning")
                        .histogram(
                                "decisionLagMillis",
                                new DescriptiveStatisticsHistogram(LAG_WINDOW));
        refunds = group;
        group.gauge("openOrders", (Gauge<Long>) orders::open);
        group.gauge("closedOrderTombstones", (Gauge<Long>) orders::tombstones);
    }

    /** An alert of {@code type} went out, {@code lagMillis} after its decision time. */
    public void alert(AlertType type, Provider provider, long lagMillis) {
        alerts[type.ordinal()][provider.ordinal()].inc();
        alertLag.update(lagMillis);
    }

    /** An early warning went out, {@code lagMillis} after its decision time. */
    public void earlyWarning(Provider provider, long lagMillis) {
        earlyWarnings[provider.ordinal()].inc();
        earlyWarningLag.update(lagMillis);
    }

    /** A refund request of {@code amountMinor} in {@code currency} went out. */
    public void refund(String currency, long amountMinor) {
        Counter[] pair = refundsByCurrency.get(currency);
        if (pair == null) {
            pair = refundCounters(currency);
        }
        pair[0].inc();
        pair[1].inc(amountMinor);
    }

    private Counter[] refundCounters(String currency) {
        String label =
                refundsByCurrency.size() < MAX_CURRENCIES && currency != null ? currency : "other";
        Counter[] pair = refundsByCurrency.get(label);
        if (pair == null) {
            MetricGroup g = refunds.addGroup("currency", label);
            pair = new Counter[] {g.counter("refundRequests"), g.counter("refundAmountMinor")};
            refundsByCurrency.put(label, pair);
        }
        if (currency != null) {
            refundsByCurrency.put(currency, pair);
        }
        return pair;
    }

    /**
     * A fact arrived behind the watermark on {@code input} ({@link #TERMINAL}, {@link #PROVIDER}).
     */
    public void lateEvent(int input) {
        lateEvents[input].inc();
    }

    /** The detector made a dead letter with {@code reason}. */
    public void deadLetter(String reason) {
        deadLetters.count(reason);
    }

    private static String label(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
