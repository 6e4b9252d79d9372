package io.debitwatch.job;

import static io.debitwatch.job.TestEvents.D;
import static io.debitwatch.job.TestEvents.H;
import static io.debitwatch.job.TestEvents.HORIZON;
import static io.debitwatch.job.TestEvents.at;
import static io.debitwatch.job.TestEvents.debit;
import static io.debitwatch.job.TestEvents.payResult;
import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.detect.DetectorConfig;
import io.debitwatch.core.detect.Fact;
import io.debitwatch.core.detect.OrderState;
import io.debitwatch.core.detect.TerminalTrace;
import io.debitwatch.core.model.Action;
import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.OpenOrder;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.core.model.RefundRequest;
import io.debitwatch.core.model.TerminalContext;
import io.debitwatch.core.model.TerminalEvent;
import io.debitwatch.core.model.TerminalResult;
import io.debitwatch.job.metrics.OrderCounts;
import io.debitwatch.job.types.SerializerTypeInfo;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The detector operator on RocksDB, driven by hand-set watermarks. */
class OrderDetectorTest {

    private KeyedTwoInputStreamOperatorTestHarness<String, KeyedFact, KeyedFact, Alert> harness;

    private static final Duration RETENTION = Duration.ofHours(24);

    /** The function under test in {@link #harness}. */
    private OrderDetector detector;

    private void open(boolean liveEarlyWarning) throws Exception {
        open(liveEarlyWarning, Duration.ZERO);
    }

    private void open(boolean liveEarlyWarning, Duration retention) throws Exception {
        open(liveEarlyWarning, retention, null);
    }

    private void open(boolean liveEarlyWarning, Duration retention, OperatorSubtaskState restore)
            throws Exception {
        open(liveEarlyWarning, retention, restore, OrderDetector.AS_OF_HORIZON);
    }

    private void open(
            boolean liveEarlyWarning,
            Duration retention,
            OperatorSubtaskState restore,
            long asOfMillis)
            throws Exception {
        DetectorConfig config = DetectorConfig.defaults();
        detector = new OrderDetector(config, liveEarlyWarning, retention, asOfMillis);
        harness =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        new KeyedCoProcessOperator<>(detector),
                        KeyedFact::key,
                        KeyedFact::key,
                        Types.STRING);
        harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        if (restore != null) {
            harness.initializeState(restore);
        }
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void terminal(TerminalEvent e) throws Exception {
        harness.processElement1(
                new StreamRecord<>(KeyedFact.ofTerminal(e), e.eventTime().toEpochMilli()));
    }

    private static TerminalEvent request(String order) {
        return TestEvents.terminal(
                order, 0, io.debitwatch.core.model.TerminalEventType.PAY_REQUEST, null);
    }

    private void provider(ProviderEvent e) throws Exception {
        harness.processElement2(
                new StreamRecord<>(KeyedFact.ofProvider(e), e.eventTime().toEpochMilli()));
    }

    private void watermark(long t) throws Exception {
        harness.processBothWatermarks(new Watermark(t));
    }

    private List<Alert> alerts() {
        return harness.extractOutputValues();
    }

    private List<Notification> notifications() {
        var side = harness.getSideOutput(OutputTags.NOTIFICATIONS);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    /** Keys with any state left, counted through the backend so that RocksDB works too. */
    private long stateEntries() throws Exception {
        var backend = harness.getOperator().getKeyedStateBackend();
        long n = 0;
        for (String state : List.of("order")) {
            try (var keys = backend.getKeys(state, VoidNamespace.INSTANCE)) {
                n += keys.count();
            }
        }
        return n;
    }

    private List<RefundRequest> refunds() {
        var side = harness.getSideOutput(OutputTags.REFUND_REQUESTS);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void alertsUnmatchedDebitAtDeadlineAndClearsStateAtHorizon() throws Exception {
        open(true);
        terminal(request("o1"));
        terminal(payResult("o1", 5_000, TerminalResult.FAILED));
        provider(debit("o1", 8_000));
        watermark(D - 1);
        assertThat(alerts()).isEmpty();

        watermark(D);
        assertThat(alerts())
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.type()).isEqualTo(AlertType.UNMATCHED_DEBIT);
                            assertThat(a.action()).isEqualTo(Action.REFUND);
                            assertThat(a.decidedAt().toEpochMilli()).isEqualTo(D);
                            assertThat(a.amountMinor()).isEqualTo(1000L);
                            assertThat(a.evidence()).hasSize(2);
                        });
        assertThat(refunds())
                .singleElement()
                .satisfies(r -> assertThat(r.amountMinor()).isEqualTo(1000));
        assertThat(stateEntries()).isPositive();

        watermark(H);
        assertThat(alerts()).hasSize(1);
        assertThat(stateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void earlyWarningLeavesOnArrivalWithoutWaitingForAWatermark() throws Exception {
        open(true);
        terminal(payResult("o2", 5_000, TerminalResult.TIMEOUT));
        assertThat(notifications()).isEmpty();
        provider(debit("o2", 6_000));
        // No watermark has been seen at all: the warning must already be out.
        assertThat(notifications())
                .singleElement()
                .satisfies(
                        n -> {
                            assertThat(n.kind()).isEqualTo("EARLY_WARNING");
                            assertThat(n.channel()).isEqualTo(Notification.Channel.MERCHANT);
                            assertThat(n.decidedAt().toEpochMilli()).isEqualTo(at(6_000));
                            assertThat(n.text().zh()).contains("已支付");
                        });
        // It is sent once, not again when the deadline's timer fires.
        watermark(H);
        assertThat(notifications().stream().filter(n -> n.kind().equals("EARLY_WARNING")))
                .hasSize(1);
    }

    @Test
    void replayModeWaitsForTheWatermarkSoLateFactsCanCancelTheWarning() throws Exception {
        open(false);
        terminal(payResult("o3", 5_000, TerminalResult.FAILED));
        provider(debit("o3", 8_000));
        assertThat(notifications()).isEmpty();
        // Arrives later but happened earlier: the terminal had succeeded before the debit.
        terminal(payResult("o3", 7_000, TerminalResult.SUCCESS));
        watermark(Long.MAX_VALUE);
        assertThat(notifications()).isEmpty();
        assertThat(alerts()).isEmpty();
        assertThat(stateEntries()).isZero();
    }

    @Test
    void providerEventAfterDeadlineDecidesAtItsOwnTime() throws Exception {
        open(true);
        terminal(request("o4"));
        terminal(payResult("o4", 5_000, TerminalResult.FAILED));
        watermark(D);
        assertThat(alerts()).isEmpty();
        provider(debit("o4", 3 * 3_600_000));
        watermark(at(3 * 3_600_000) - 1);
        assertThat(alerts()).isEmpty();
        watermark(at(3 * 3_600_000));
        assertThat(alerts())
                .singleElement()
                .satisfies(
                        a -> assertThat(a.decidedAt().toEpochMilli()).isEqualTo(at(3 * 3_600_000)));
    }

    @Test
    void eventAfterHorizonStartsANewTimeline() throws Exception {
        open(true);
        terminal(payResult("o5", 0, TerminalResult.SUCCESS));
        provider(debit("o5", 1_000));
        long later = HORIZON + 3_600_000;
        // Seen before the first timeline has closed, but it belongs to the next one.
        terminal(payResult("o5", later, TerminalResult.FAILED));
        provider(debit("o5", later + 2_000));
        watermark(H);
        assertThat(alerts()).isEmpty();
        assertThat(stateEntries()).isPositive();
        watermark(at(later) + 60_000);
        assertThat(alerts())
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.type()).isEqualTo(AlertType.UNMATCHED_DEBIT);
                            assertThat(a.decidedAt().toEpochMilli()).isEqualTo(at(later) + 60_000);
                        });
        watermark(Long.MAX_VALUE);
        assertThat(stateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aLateEarlierEventMovesTheDeadline() throws Exception {
        open(true);
        provider(debit("o6", 50_000));
        // The terminal's failure happened before the debit was first seen: T0 moves to 0.
        terminal(payResult("o6", 0, TerminalResult.FAILED));
        watermark(D);
        assertThat(alerts())
                .singleElement()
                .satisfies(a -> assertThat(a.decidedAt().toEpochMilli()).isEqualTo(D));
        watermark(Long.MAX_VALUE);
        assertThat(stateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void eachFindingIsEmittedOnceWhateverTheTimers() throws Exception {
        open(true);
        terminal(payResult("o7", 1_000, TerminalResult.FAILED));
        provider(debit("o7", 2_000));
        provider(debit("o7", 90_000));
        provider(debit("o7", 95_000));
        terminal(payResult("o7", 120_000, TerminalResult.SUCCESS));
        watermark(Long.MAX_VALUE);
        assertThat(alerts())
                .extracting(Alert::type)
                .containsExactly(AlertType.UNMATCHED_DEBIT, AlertType.CONFLICT);
        assertThat(refunds()).hasSize(1);
    }

    @Test
    void resolvedWhenTheMoneyComesBack() throws Exception {
        open(true);
        terminal(payResult("o8", 1_000, TerminalResult.TIMEOUT));
        provider(debit("o8", 2_000));
        provider(TestEvents.provider("o8", 70_000, ProviderStatus.REFUNDED));
        watermark(Long.MAX_VALUE);
        assertThat(alerts())
                .extracting(Alert::type)
                .containsExactly(AlertType.UNMATCHED_DEBIT, AlertType.ALERT_RESOLVED);
        assertThat(alerts().get(1).resolvesAlertId()).isEqualTo(alerts().get(0).alertId());
    }

    private List<DeadLetter> deadLetters() {
        var side = harness.getSideOutput(OutputTags.DEAD_LETTERS);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void aLateEventOfAClosedOrderIsADeadLetterNotANewTimeline() throws Exception {
        open(true, RETENTION);
        terminal(payResult("o9", 0, TerminalResult.SUCCESS));
        provider(debit("o9", 1_000));
        watermark(H + 1);
        assertThat(alerts()).isEmpty();
        // The next morning the statement row of the same debit comes in: its time is before H.
        provider(debit("o9", 1_000));
        watermark(H + 3_600_000);
        assertThat(alerts()).isEmpty();
        assertThat(deadLetters())
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.reason())
                                    .startsWith("late event: its order's timeline closed");
                            assertThat(d.raw()).contains("o9");
                        });
        // An event after H still starts a new timeline.
        terminal(payResult("o9", HORIZON + 7_200_000, TerminalResult.FAILED));
        provider(debit("o9", HORIZON + 7_201_000));
        watermark(Long.MAX_VALUE);
        assertThat(alerts()).extracting(Alert::type).containsExactly(AlertType.UNMATCHED_DEBIT);
        assertThat(stateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void theTombstoneOfAClosedOrderIsClearedAfterTheRetention() throws Exception {
        open(true, RETENTION);
        terminal(payResult("o10", 0, TerminalResult.SUCCESS));
        provider(debit("o10", 1_000));
        watermark(H);
        assertThat(stateEntries()).isEqualTo(1);
        watermark(H + RETENTION.toMillis() - 1);
        assertThat(stateEntries()).isEqualTo(1);
        watermark(H + RETENTION.toMillis());
        assertThat(stateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    private OrderCounts counts() {
        return detector.orderCounts();
    }

    @Test
    void theOrdersHeldAreCountedAsTheirStateComesAndGoesAndSurviveARestore() throws Exception {
        open(true, RETENTION);
        terminal(payResult("c1", 0, TerminalResult.SUCCESS));
        provider(debit("c1", 1_000));
        terminal(payResult("c2", 0, TerminalResult.FAILED));
        terminal(payResult("c2", 500, TerminalResult.FAILED)); // the same order again
        assertThat(counts().open()).isEqualTo(2).isEqualTo(stateEntries());
        assertThat(counts().tombstones()).isZero();

        OperatorSubtaskState snapshot = harness.snapshot(1, 0);
        harness.close();
        open(true, RETENTION, snapshot);
        assertThat(counts().open()).isEqualTo(2);

        // At the horizon both timelines close and leave a tombstone each, until the retention.
        watermark(H);
        assertThat(counts().open()).isZero();
        assertThat(counts().tombstones()).isEqualTo(2).isEqualTo(stateEntries());
        watermark(H + RETENTION.toMillis());
        assertThat(counts().tombstones()).isZero();
        assertThat(stateEntries()).isZero();
    }

    @Test
    void theSameEventDeliveredTwiceIsKeptOnce() throws Exception {
        open(false);
        TerminalEvent failed = payResult("o11", 0, TerminalResult.FAILED);
        ProviderEvent debit = debit("o11", 1_000);
        terminal(failed);
        provider(debit);
        provider(debit);
        terminal(failed);
        watermark(D);
        assertThat(alerts()).singleElement().satisfies(a -> assertThat(a.evidence()).hasSize(2));
    }

    @Test
    void ordersBeyondTheHeapCacheAndAcrossARestoreAreDecidedFromRocksDb() throws Exception {
        // More open orders than the heap keeps, each touched twice with all others in between,
        // and a restore (empty heap copy) half-way: every order must still see both its facts.
        int orders = OrderDetector.CACHED_ORDERS + 1_000;
        open(true);
        for (int i = 0; i < orders; i++) {
            terminal(payResult("c" + i, 0, TerminalResult.FAILED));
        }
        for (int i = 0; i < orders / 2; i++) {
            provider(debit("c" + i, 2_000));
        }
        OperatorSubtaskState snapshot = harness.snapshot(1, 0);
        harness.close();
        open(true, Duration.ZERO, snapshot);
        for (int i = orders / 2; i < orders; i++) {
            provider(debit("c" + i, 2_000));
        }
        // Early warnings from before the restore went out with the first harness.
        assertThat(
                        notifications().stream()
                                .filter(n -> n.kind().equals("EARLY_WARNING"))
                                .map(Notification::outTradeNo)
                                .distinct())
                .hasSize(orders - orders / 2);
        watermark(D);
        assertThat(alerts()).hasSize(orders);
        assertThat(alerts())
                .allSatisfy(
                        a -> {
                            assertThat(a.type()).isEqualTo(AlertType.UNMATCHED_DEBIT);
                            assertThat(a.evidence()).hasSize(2);
                        });
        assertThat(refunds()).hasSize(orders);
        watermark(H);
        assertThat(stateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void anOrderTooLargeForTheHeapCacheKeepsEveryFact() throws Exception {
        // Past CACHED_FACTS_PER_ORDER facts the order is read from RocksDB each time; a stale
        // heap copy would drop the facts added after it (here the debit) without a trace.
        open(true);
        terminal(payResult("big", 0, TerminalResult.FAILED));
        for (int i = 1; i <= OrderDetector.CACHED_FACTS_PER_ORDER + 4; i++) {
            terminal(request("big"));
        }
        provider(debit("big", 1_000));
        for (int i = 0; i < 5; i++) {
            terminal(request("big"));
        }
        watermark(D);
        assertThat(alerts())
                .singleElement()
                .satisfies(a -> assertThat(a.type()).isEqualTo(AlertType.UNMATCHED_DEBIT));
        watermark(H);
        assertThat(stateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void stateOfAnOpenOrderStaysWellUnderOneKilobyte() throws Exception {
        TypeSerializer<OrderState> serializer =
                SerializerTypeInfo.ORDER_STATE.createSerializer(new SerializerConfigImpl());
        List<Fact> facts = new java.util.ArrayList<>();
        DataOutputSerializer out = new DataOutputSerializer(1024);
        // A busy order: request, two results, a debit notified twice and queried once.
        List<Object> events =
                List.of(
                        TestEvents.terminal(
                                "DW202611251000000001",
                                0,
                                io.debitwatch.core.model.TerminalEventType.PAY_REQUEST,
                                null),
                        payResult("DW202611251000000001", 5_000, TerminalResult.USERPAYING),
                        payResult("DW202611251000000001", 30_000, TerminalResult.TIMEOUT),
                        debit("DW202611251000000001", 20_000),
                        debit("DW202611251000000001", 21_000),
                        debit("DW202611251000000001", 40_000));
        for (Object e : events) {
            facts.add(e instanceof TerminalEvent t ? Fact.of(t) : Fact.of((ProviderEvent) e));
        }
        serializer.serialize(new OrderState(facts.get(0).time(), 0, facts, Long.MIN_VALUE), out);
        assertThat(out.length()).isLessThan(1024);
        System.out.println("state of a 6-event order: " + out.length() + " bytes");
    }

    /** A terminal event as {@link TestEvents} builds it, with a store, app version and error. */
    private static TerminalEvent withContext(
            TerminalEvent e, String store, String app, String error) {
        return new TerminalEvent(
                e.eventId(),
                e.eventTime(),
                e.provider(),
                e.merchantId(),
                e.terminalId(),
                e.outTradeNo(),
                e.type(),
                e.result(),
                e.amountMinor(),
                e.currency(),
                error,
                store,
                app);
    }

    @Test
    void everyAlertCarriesTheOrdersTerminalContextAcrossARestore() throws Exception {
        open(false, RETENTION);
        terminal(withContext(request("ctx"), "S-001", "2.9.7", null));
        terminal(
                withContext(
                        payResult("ctx", 10_000, TerminalResult.FAILED),
                        null,
                        "2.9.7",
                        "SYSTEMERROR"));
        provider(debit("ctx", 5_000));
        OperatorSubtaskState snapshot = harness.snapshot(1, 0);
        harness.close();
        open(false, RETENTION, snapshot);

        watermark(D);
        provider(TestEvents.provider("ctx", 120_000, ProviderStatus.REFUNDED));
        watermark(D + 120_000);

        TerminalContext expected = new TerminalContext("S-001", "POS-1", "2.9.7", "SYSTEMERROR");
        assertThat(alerts())
                .extracting(Alert::type)
                .containsExactly(AlertType.UNMATCHED_DEBIT, AlertType.ALERT_RESOLVED);
        assertThat(alerts()).allSatisfy(a -> assertThat(a.terminal()).isEqualTo(expected));
    }

    @Test
    void bytesPerOrderWithAndWithoutTerminalContext() throws Exception {
        TypeSerializer<OrderState> serializer =
                SerializerTypeInfo.ORDER_STATE.createSerializer(new SerializerConfigImpl());
        String order = "DW202611251000000001";
        List<Fact> facts =
                List.of(
                        Fact.of(request(order)),
                        Fact.of(payResult(order, 5_000, TerminalResult.USERPAYING)),
                        Fact.of(payResult(order, 30_000, TerminalResult.TIMEOUT)),
                        Fact.of(debit(order, 20_000)),
                        Fact.of(debit(order, 21_000)),
                        Fact.of(debit(order, 40_000)));
        long t0 = facts.get(0).time();
        TerminalTrace trace =
                new TerminalTrace(
                        "S000123", t0, "S000123-T02", t0, "3.4.2", t0, "SYSTEMERROR", t0 + 30_000);
        OrderState without = new OrderState(t0, 0, facts, Long.MIN_VALUE);
        OrderState with = new OrderState(t0, 0, facts, Long.MIN_VALUE, null, false, trace);

        int bytesWithout = size(serializer, without);
        int bytesWith = size(serializer, with);

        assertThat(bytesWith).isGreaterThan(bytesWithout).isLessThan(1024);
        System.out.println(
                "state of a 6-event order: "
                        + bytesWithout
                        + " bytes without terminal context, "
                        + bytesWith
                        + " with it (+"
                        + (bytesWith - bytesWithout)
                        + ")");
    }

    private static int size(TypeSerializer<OrderState> serializer, OrderState s) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(1024);
        serializer.serialize(s, out);
        return out.length();
    }

    // ---- SPEC §4a: late facts, the fact bound, a replay's as-of time ------------------------

    private List<OpenOrder> openOrders() {
        var side = harness.getSideOutput(OutputTags.OPEN_ORDERS);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void aDebitArrivingAfterItsDeadlineIsRefundedAtOnceWithTheDecidedAtItWouldHaveHad()
            throws Exception {
        // The provider's first notification was lost; its retry arrives minutes after D.
        open(true, RETENTION);
        terminal(request("late"));
        terminal(payResult("late", 10_000, TerminalResult.FAILED));
        watermark(D + 300_000);
        assertThat(alerts()).isEmpty(); // FAILED without a debit: nothing to say yet

        provider(debit("late", 20_000)); // event time before D, arrival after it
        watermark(D + 300_001); // the next watermark advance, not the horizon

        assertThat(alerts())
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.type()).isEqualTo(AlertType.UNMATCHED_DEBIT);
                            assertThat(a.action()).isEqualTo(Action.REFUND);
                            assertThat(a.decidedAt().toEpochMilli()).isEqualTo(D);
                        });
        assertThat(refunds()).hasSize(1);
    }

    @Test
    void aLateSuccessAfterAnEmittedRefundRaisesAConflictNotARetraction() throws Exception {
        open(true, RETENTION);
        terminal(request("o9"));
        terminal(payResult("o9", 5_000, TerminalResult.TIMEOUT));
        provider(debit("o9", 8_000));
        watermark(D);
        assertThat(refunds()).hasSize(1);

        terminal(payResult("o9", 40_000, TerminalResult.SUCCESS)); // before D, arrives late
        watermark(D + 2_000);

        assertThat(alerts())
                .extracting(Alert::type, Alert::action)
                .containsExactly(
                        org.assertj.core.api.Assertions.tuple(
                                AlertType.UNMATCHED_DEBIT, Action.REFUND),
                        org.assertj.core.api.Assertions.tuple(AlertType.CONFLICT, Action.REVIEW));
        assertThat(alerts().get(1).decidedAt().toEpochMilli()).isEqualTo(D);
        assertThat(refunds()).hasSize(1);
    }

    @Test
    void aFloodOfPollsNeverDropsTheDecisiveSuccess() throws Exception {
        open(true, RETENTION);
        terminal(request("flood"));
        for (int i = 0; i < 300; i++) {
            terminal(
                    TestEvents.terminal(
                            "flood",
                            100 + i * 150L,
                            io.debitwatch.core.model.TerminalEventType.QUERY_RESULT,
                            TerminalResult.USERPAYING));
        }
        provider(debit("flood", 46_000));
        terminal(payResult("flood", 50_000, TerminalResult.SUCCESS));
        watermark(H);

        assertThat(deadLetters()).isEmpty();
        assertThat(alerts()).isEmpty();
        assertThat(refunds()).isEmpty();
        assertThat(stateEntries()).isOne(); // the tombstone
    }

    @Test
    void aReplayAsOfTimeDecidesNothingAfterItAndReportsTheOrdersItCut() throws Exception {
        long asOf = at(55_000); // the input ends before D
        open(false, Duration.ZERO, null, asOf);
        terminal(request("cut"));
        terminal(payResult("cut", 10_000, TerminalResult.USERPAYING));
        provider(debit("cut", 50_000));
        // A complete order before the cut: its horizon decides a sale without debit.
        terminal(
                TestEvents.terminal(
                        "sold",
                        -3_600_000,
                        io.debitwatch.core.model.TerminalEventType.PAY_REQUEST,
                        null));
        terminal(payResult("sold", -3_590_000, TerminalResult.SUCCESS));
        watermark(Long.MAX_VALUE); // end of input

        assertThat(alerts()).isEmpty();
        assertThat(refunds()).isEmpty();
        assertThat(openOrders())
                .extracting(OpenOrder::outTradeNo, OpenOrder::pending)
                .containsExactlyInAnyOrder(
                        org.assertj.core.api.Assertions.tuple(
                                "cut", List.of(AlertType.UNMATCHED_DEBIT)),
                        org.assertj.core.api.Assertions.tuple(
                                "sold", List.of(AlertType.SALE_WITHOUT_DEBIT)));
        OpenOrder cut =
                openOrders().stream().filter(o -> o.outTradeNo().equals("cut")).findFirst().get();
        assertThat(cut.deadline().toEpochMilli()).isEqualTo(D);
        assertThat(cut.events()).isEqualTo(3);
        assertThat(stateEntries()).isZero();
    }

    @Test
    void aLateEventThatWouldSplitADecidedTimelineIsADeadLetterNotASecondRefund() throws Exception {
        open(true, RETENTION);
        terminal(request("split"));
        terminal(payResult("split", 5_000, TerminalResult.FAILED));
        provider(debit("split", 8_000));
        watermark(D);
        assertThat(refunds()).hasSize(1);

        // A NOT_PAID dated a horizon before the order: its H would fall before the debit.
        provider(TestEvents.provider("split", -(HORIZON + 59_000), ProviderStatus.NOT_PAID));
        watermark(H + HORIZON);

        assertThat(refunds()).hasSize(1);
        assertThat(alerts()).extracting(Alert::type).containsOnlyOnce(AlertType.UNMATCHED_DEBIT);
        assertThat(deadLetters())
                .singleElement()
                .satisfies(d -> assertThat(d.reason()).contains("would split"));
    }

    @Test
    void aRecordReusingAnEventIdWithOtherContentDoesNotHideTheRealOne() throws Exception {
        open(true, RETENTION);
        TerminalEvent real = payResult("reuse", 6_000, TerminalResult.SUCCESS);
        TerminalEvent decoy =
                new TerminalEvent(
                        real.eventId(),
                        real.eventTime().plusSeconds(7_200),
                        real.provider(),
                        real.merchantId(),
                        real.terminalId(),
                        real.outTradeNo(),
                        real.type(),
                        real.result(),
                        real.amountMinor(),
                        real.currency(),
                        null,
                        null,
                        null);
        terminal(decoy);
        terminal(request("reuse"));
        provider(debit("reuse", 5_000));
        terminal(real);
        watermark(H);

        assertThat(refunds()).isEmpty();
        assertThat(alerts()).noneMatch(a -> a.type() == AlertType.UNMATCHED_DEBIT);
    }

    @Test
    void aStateWrittenInTheFirstFormatIsStillRead() throws Exception {
        TypeSerializer<OrderState> serializer =
                SerializerTypeInfo.ORDER_STATE.createSerializer(new SerializerConfigImpl());
        // Version 1, as yesterday's savepoints hold it: t0, emitted, closedAt, one fact.
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeByte(1);
        out.writeLong(1000L);
        out.writeInt(2);
        out.writeLong(Long.MIN_VALUE);
        out.writeInt(1);
        out.writeByte(1); // Fact version 1
        org.apache.flink.types.StringValue.writeString("te-1", out);
        out.writeLong(1000L);
        out.writeByte(5); // T_SUCCESS
        out.writeByte(1); // PAY_RESULT
        out.writeLong(1234L);
        org.apache.flink.types.StringValue.writeString("CNY", out);
        org.apache.flink.types.StringValue.writeString(null, out);
        org.apache.flink.types.StringValue.writeString(null, out);
        out.writeLong(-1L);

        OrderState read =
                serializer.deserialize(
                        new org.apache.flink.core.memory.DataInputDeserializer(
                                out.getCopyOfBuffer()));

        assertThat(read.t0()).isEqualTo(1000L);
        assertThat(read.emitted()).isEqualTo(2);
        assertThat(read.prior()).isNull();
        assertThat(read.overflow()).isFalse();
        assertThat(read.facts())
                .singleElement()
                .satisfies(
                        f -> {
                            assertThat(f.kind()).isEqualTo(Fact.Kind.T_SUCCESS);
                            assertThat(f.refundTotal()).isEqualTo(-1);
                        });
    }

    @Test
    void theEmittedRefundAndTheOverflowSurviveTheStateFormat() throws Exception {
        TypeSerializer<OrderState> serializer =
                SerializerTypeInfo.ORDER_STATE.createSerializer(new SerializerConfigImpl());
        OrderState s =
                new OrderState(
                        1000L,
                        3,
                        List.of(Fact.of(debit("o", 1))),
                        Long.MIN_VALUE,
                        new io.debitwatch.core.detect.Detector.Prior(
                                61_000L, Action.REFUND, 900L, "CNY", "4200", 1000L),
                        true);
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(s, out);
        assertThat(
                        serializer.deserialize(
                                new org.apache.flink.core.memory.DataInputDeserializer(
                                        out.getCopyOfBuffer())))
                .isEqualTo(s);
    }
}
