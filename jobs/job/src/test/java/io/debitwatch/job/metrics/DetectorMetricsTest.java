package io.debitwatch.job.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.detect.Fact;
import io.debitwatch.core.detect.OrderState;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.Provider;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/** The detector's metrics, registered in a group that records them under their labels. */
class DetectorMetricsTest {

    /** Records each metric as "key=value,…/name". */
    private static final class Recording extends UnregisteredMetricsGroup {
        private final Map<String, Metric> metrics;
        private final String labels;

        Recording(Map<String, Metric> metrics, String labels) {
            this.metrics = metrics;
            this.labels = labels;
        }

        @Override
        public MetricGroup addGroup(String key, String value) {
            return new Recording(metrics, labels + key + "=" + value + ",");
        }

        @Override
        public <C extends Counter> C counter(String name, C counter) {
            metrics.put(labels + "/" + name, counter);
            return counter;
        }

        @Override
        public Counter counter(String name) {
            return counter(name, new org.apache.flink.metrics.SimpleCounter());
        }

        @Override
        public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
            metrics.put(labels + "/" + name, gauge);
            return gauge;
        }

        @Override
        public <H extends Histogram> H histogram(String name, H histogram) {
            metrics.put(labels + "/" + name, histogram);
            return histogram;
        }
    }

    private final Map<String, Metric> registered = new TreeMap<>();
    private final OrderCounts orders = new OrderCounts();
    private final DetectorMetrics metrics =
            new DetectorMetrics(new Recording(registered, ""), orders);

    private long count(String key) {
        return ((Counter) registered.get(key)).getCount();
    }

    @Test
    void everyAlertTypeAndProviderHasItsCounterFromTheStart() {
        assertThat(registered.keySet())
                .contains(
                        "type=unmatched_debit,provider=wechat,/alerts",
                        "type=alert_resolved,provider=unionpay,/alerts",
                        "provider=alipay,/earlyWarnings",
                        "input=terminal,/lateEvents",
                        "source=detector,reason=late_event,/deadLetters",
                        "finding=alert,/decisionLagMillis",
                        "/openOrders");
        assertThat(registered.keySet().stream().filter(k -> k.endsWith("/alerts")))
                .hasSize(AlertType.values().length * Provider.values().length);
        assertThat(registered.keySet()).noneMatch(k -> k.contains("currency"));
    }

    @Test
    void countsWhatTheDetectorEmitsUnderItsLabels() {
        metrics.alert(AlertType.UNMATCHED_DEBIT, Provider.WECHAT, 2_500);
        metrics.alert(AlertType.UNMATCHED_DEBIT, Provider.WECHAT, 3_500);
        metrics.earlyWarning(Provider.ALIPAY, 40);
        metrics.lateEvent(DetectorMetrics.PROVIDER);
        metrics.deadLetter("late event: its order's timeline closed at 2026-11-26T11:01:00Z");
        metrics.refund("CNY", 1_000);
        metrics.refund("CNY", 250);
        metrics.refund("HKD", 7);

        assertThat(count("type=unmatched_debit,provider=wechat,/alerts")).isEqualTo(2);
        assertThat(count("type=unmatched_debit,provider=alipay,/alerts")).isZero();
        assertThat(count("provider=alipay,/earlyWarnings")).isEqualTo(1);
        assertThat(count("input=provider,/lateEvents")).isEqualTo(1);
        assertThat(count("input=terminal,/lateEvents")).isZero();
        assertThat(count("source=detector,reason=late_event,/deadLetters")).isEqualTo(1);
        assertThat(count("currency=CNY,/refundRequests")).isEqualTo(2);
        assertThat(count("currency=CNY,/refundAmountMinor")).isEqualTo(1_250);
        assertThat(count("currency=HKD,/refundAmountMinor")).isEqualTo(7);
        Histogram lag = (Histogram) registered.get("finding=alert,/decisionLagMillis");
        assertThat(lag.getCount()).isEqualTo(2);
        assertThat(lag.getStatistics().getMax()).isEqualTo(3_500);
    }

    @Test
    void currenciesBeyondTheBoundShareOneLabel() {
        for (int i = 0; i < DetectorMetrics.MAX_CURRENCIES + 5; i++) {
            metrics.refund("C" + (char) ('A' + i / 26) + (char) ('A' + i % 26), 1);
        }
        metrics.refund(null, 1);
        List<String> labels =
                registered.keySet().stream().filter(k -> k.endsWith("/refundRequests")).toList();
        assertThat(labels).hasSizeLessThanOrEqualTo(DetectorMetrics.MAX_CURRENCIES + 1);
        assertThat(count("currency=other,/refundRequests")).isGreaterThanOrEqualTo(6);
    }

    @Test
    void theGaugesReadTheOrderCounts() {
        OrderState open =
                new OrderState(
                        0,
                        0,
                        List.of(
                                new Fact(
                                        "e1",
                                        0,
                                        Fact.Kind.P_DEBITED,
                                        Fact.Origin.NOTIFY,
                                        100,
                                        "CNY",
                                        "t1",
                                        null,
                                        -1)),
                        Long.MIN_VALUE);
        OrderState tombstone = new OrderState(0, 0, List.of(), 1_000);
        orders.changed(null, open);
        orders.changed(null, open);
        orders.changed(open, open); // a new fact: still one open order
        orders.changed(open, tombstone);
        assertThat(gauge("/openOrders").getValue()).isEqualTo(1);
        assertThat(gauge("/closedOrderTombstones").getValue()).isEqualTo(1);
        orders.changed(tombstone, null);
        assertThat(gauge("/closedOrderTombstones").getValue()).isZero();

        OrderCounts restored = new OrderCounts();
        restored.restore(orders.snapshot());
        restored.restore(List.of(new long[] {2, 3})); // another subtask's share, after a rescale
        assertThat(restored.open()).isEqualTo(3);
        assertThat(restored.tombstones()).isEqualTo(3);
    }

    @SuppressWarnings("unchecked")
    private Gauge<Long> gauge(String key) {
        return (Gauge<Long>) registered.get(key);
    }
}
