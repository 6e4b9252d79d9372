package io.debitwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.model.OrderKey;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.TerminalEvent;
import io.debitwatch.core.model.TerminalEventType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The traffic looks like the providers' own: id formats, amounts, offsets, unique orders. */
class RealismTest {

    private final List<GeneratedOrder> orders =
            Simulator.generate(SimulatorConfig.defaults(), 3, 5_000).toList();

    @Test
    void idsHaveTheProvidersFormats() {
        Set<String> merchants = new HashSet<>();
        for (GeneratedOrder o : orders) {
            OrderKey k = o.key();
            merchants.add(k.merchantId());
            if (k.provider() == Provider.WECHAT) {
                assertThat(k.merchantId()).matches("1[0-9]{9}");
            } else {
                assertThat(k.provider()).isEqualTo(Provider.ALIPAY);
                assertThat(k.merchantId()).matches("2088[0-9]{12}");
            }
            for (SimEvent e : o.events()) {
                if (e instanceof SimEvent.ProviderRecord p && p.event().providerTxnId() != null) {
                    String txn = p.event().providerTxnId();
                    assertThat(txn)
                            .matches(
                                    k.provider() == Provider.WECHAT
                                            ? "42000[0-9]{23}"
                                            : "20[0-9]{6}22001[0-9]{15}");
                }
            }
        }
        assertThat(merchants.size()).isGreaterThan(100);
    }

    /**
     * Every terminal event names its store and app version, and the outdated 2.9.7 runs on three in
     * four tills that fail, one in four of the rest: a cause the console's breakdowns show.
     */
    @Test
    void failingTillsRunTheOutdatedAppVersionMoreOften() {
        int failing = 0;
        int failingOutdated = 0;
        int others = 0;
        int othersOutdated = 0;
        for (GeneratedOrder o : orders) {
            TerminalEvent first = null;
            for (SimEvent e : o.events()) {
                if (e instanceof SimEvent.TerminalRecord t && t.event() != null) {
                    assertThat(t.event().storeId()).isNotNull();
                    assertThat(t.event().appVersion()).isNotNull();
                    first = first == null ? t.event() : first;
                }
            }
            if (first == null) {
                continue;
            }
            boolean outdated = first.appVersion().equals("2.9.7");
            if (o.kind().tillFails()) {
                failing++;
                failingOutdated += outdated ? 1 : 0;
            } else {
                others++;
                othersOutdated += outdated ? 1 : 0;
            }
        }
        double failingShare = (double) failingOutdated / failing;
        double othersShare = (double) othersOutdated / others;
        System.out.printf(
                "app version 2.9.7: %.2f of %d failing tills, %.2f of %d others%n",
                failingShare, failing, othersShare, others);
        assertThat(failingShare).isBetween(0.65, 0.85);
        assertThat(othersShare).isBetween(0.2, 0.3);
    }

    @Test
    void outTradeNosAreUniqueAndStartsAreInOrder() {
        Set<OrderKey> keys = new HashSet<>();
        long last = Long.MIN_VALUE;
        for (GeneratedOrder o : orders) {
            assertThat(keys.add(o.key())).isTrue();
            assertThat(o.start().toEpochMilli()).isGreaterThanOrEqualTo(last);
            last = o.start().toEpochMilli();
            for (SimEvent e : o.events()) {
                assertThat(e.eventTimeMillis())
                        .isGreaterThanOrEqualTo(last - Simulator.MAX_LEAD.toMillis());
                assertThat(e.arrivalMillis()).isGreaterThanOrEqualTo(e.eventTimeMillis());
            }
        }
    }

    @Test
    void onlyLateRetriesArriveAfterTheDeadlineOfTheirEventTime() {
        long settle = SimulatorConfig.defaults().settleWindow().toMillis();
        int late = 0;
        for (GeneratedOrder o : orders) {
            long deadline =
                    o.events().stream().mapToLong(SimEvent::eventTimeMillis).min().orElseThrow()
                            + settle;
            for (SimEvent e : o.events()) {
                if (e.late()) {
                    late++;
                    assertThat(o.kind()).isEqualTo(StoryKind.LATE_RETRY);
                    assertThat(e.eventTimeMillis()).isLessThan(deadline);
                    assertThat(e.arrivalMillis()).isGreaterThanOrEqualTo(deadline + 30_000);
                    assertThat(e.feedMillis()).isEqualTo(e.arrivalMillis());
                } else {
                    assertThat(e.feedMillis()).isEqualTo(e.eventTimeMillis());
                }
            }
        }
        assertThat(late).isPositive();
    }

    @Test
    void amountsAreLongTailedMostlyFiveToThreeHundredYuan() {
        long inRange = 0;
        long above = 0;
        long count = 0;
        for (GeneratedOrder o : orders) {
            for (SimEvent e : o.events()) {
                if (e instanceof SimEvent.TerminalRecord t
                        && t.event().type() == TerminalEventType.PAY_REQUEST) {
                    long a = t.event().amountMinor();
                    count++;
                    inRange += a >= 500 && a <= 30_000 ? 1 : 0;
                    above += a > 100_000 ? 1 : 0;
                }
            }
        }
        assertThat((double) inRange / count).isGreaterThan(0.8);
        assertThat(above).isPositive();
    }

    @Test
    void couponPaymentsChargeThePayerLessThanTheOrder() {
        int coupons = 0;
        for (GeneratedOrder o : orders) {
            for (SimEvent e : o.events()) {
                if (e instanceof SimEvent.ProviderRecord p
                        && p.event().payerAmountMinor() != null) {
                    ProviderEvent pe = p.event();
                    assertThat(pe.payerAmountMinor()).isLessThan(pe.amountMinor()).isPositive();
                    coupons++;
                }
            }
        }
        assertThat(coupons).isPositive();
    }

    @Test
    void theSameOrderIsBuiltTheSameWay() {
        List<GeneratedOrder> again =
                Simulator.generate(SimulatorConfig.defaults(), 3, 5_000).toList();
        assertThat(again).isEqualTo(orders);
        TerminalEvent first = ((SimEvent.TerminalRecord) orders.get(0).events().get(0)).event();
        assertThat(first.eventTime()).isEqualTo(SimulatorConfig.defaults().start());
    }
}
