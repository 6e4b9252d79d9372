package io.debitwatch.job;

import static io.debitwatch.job.TestEvents.D;
import static io.debitwatch.job.TestEvents.at;
import static io.debitwatch.job.TestEvents.debit;
import static io.debitwatch.job.TestEvents.payResult;
import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.detect.DetectorConfig;
import io.debitwatch.core.model.Action;
import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.RefundRequest;
import io.debitwatch.core.model.TerminalEvent;
import io.debitwatch.core.model.TerminalEventType;
import io.debitwatch.core.model.TerminalResult;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC §4a rule 10 on the detector's operator: event time follows the processing-time clock, less
 * the lag, only while both inputs are idle; it never moves back and never passes the clock.
 */
class QuietClockOperatorTest {

    /** Out-of-orderness 2 s + quiet allowance 10 s. */
    private static final long LAG = 12_000;

    private KeyedTwoInputStreamOperatorTestHarness<String, KeyedFact, KeyedFact, Alert> harness;

    private void open(OperatorSubtaskState restore) throws Exception {
        harness =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        new QuietClockOperator(
                                new OrderDetector(
                                        DetectorConfig.defaults(), true, Duration.ofHours(24)),
                                Duration.ofMillis(LAG)),
                        KeyedFact::key,
                        KeyedFact::key,
                        Types.STRING);
        harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        harness.setProcessingTime(at(0));
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

    private void provider(ProviderEvent e) throws Exception {
        harness.processElement2(
                new StreamRecord<>(KeyedFact.ofProvider(e), e.eventTime().toEpochMilli()));
    }

    @Test
    void theLagGaugesMeasureEachInputsWatermarkAgainstTheClockAndZeroWhileIdle() throws Exception {
        open(null);
        QuietClockOperator operator = (QuietClockOperator) harness.getOperator();
        assertThat(operator.watermarkLagMillis(0)).isZero(); // no watermark yet
        assertThat(operator.eventTimeLagMillis()).isZero();
        harness.setProcessingTime(at(100_000));
        harness.processWatermark1(new Watermark(at(40_000)));
        harness.processWatermark2(new Watermark(at(70_000)));
        assertThat(operator.watermarkLagMillis(0)).isEqualTo(60_000);
        assertThat(operator.watermarkLagMillis(1)).isEqualTo(30_000);
        // The detector's event time is the slower input's.
        assertThat(operator.eventTimeLagMillis()).isEqualTo(60_000);

        // An idle input holds nothing back: it reads 0, and event time moves with the other.
        harness.processWatermarkStatus1(WatermarkStatus.IDLE);
        assertThat(operator.watermarkLagMillis(0)).isZero();
        assertThat(operator.eventTimeLagMillis()).isEqualTo(30_000);
        harness.setProcessingTime(at(110_000));
        assertThat(operator.watermarkLagMillis(1)).isEqualTo(40_000);
    }

    /** A refunded failed sale: UNMATCHED_DEBIT with REFUND is due at D. */
    private void failedButDebited(String order) throws Exception {
        terminal(TestEvents.terminal(order, 0, TerminalEventType.PAY_REQUEST, null));
        terminal(payResult(order, 5_000, TerminalResult.FAILED));
        provider(debit(order, 8_000));
    }

    private List<Alert> alerts() {
        return harness.extractOutputValues();
    }

    private List<RefundRequest> refunds() {
        var side = harness.getSideOutput(OutputTags.REFUND_REQUESTS);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    /** The watermarks the operator applied and passed on, in order. */
    private List<Long> watermarks() {
        return harness.getOutput().stream()
                .filter(Watermark.class::isInstance)
                .map(w -> ((Watermark) w).getTimestamp())
                .toList();
    }

    private void bothIdle() throws Exception {
        harness.processWatermarkStatus1(WatermarkStatus.IDLE);
        harness.processWatermarkStatus2(WatermarkStatus.IDLE);
    }

    @Test
    void aDeadlinePassedOnTheWallClockIsDecidedWhenBothInputsAreIdle() throws Exception {
        open(null);
        failedButDebited("o1");
        harness.processBothWatermarks(new Watermark(at(8_000) - 2_001));

        // Both idle a moment before D + lag: event time goes to the clock less the lag, not yet D.
        harness.setProcessingTime(D + LAG - 1);
        bothIdle();
        assertThat(watermarks()).last().isEqualTo(D - 1);
        assertThat(alerts()).isEmpty();

        // The next tick, a second later, passes D: the refund leaves without any new record.
        harness.setProcessingTime(D + LAG + 999);
        assertThat(watermarks()).last().isEqualTo(D + 999);
        assertThat(alerts())
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.type()).isEqualTo(AlertType.UNMATCHED_DEBIT);
                            assertThat(a.action()).isEqualTo(Action.REFUND);
                            assertThat(a.decidedAt().toEpochMilli()).isEqualTo(D);
                        });
        assertThat(refunds()).hasSize(1);
        // Ticks go on every second while both inputs stay idle, never past the clock.
        harness.setProcessingTime(D + LAG + 5_999);
        assertThat(watermarks()).last().isEqualTo(D + 5_999);
        assertThat(harness.getProcessingTimeService().getNumActiveTimers()).isEqualTo(1);
    }

    @Test
    void oneActiveInputHoldsEventTimeToTheRecords() throws Exception {
        open(null);
        failedButDebited("o2");
        harness.processBothWatermarks(new Watermark(at(6_000)));

        harness.processWatermarkStatus1(WatermarkStatus.IDLE);
        harness.setProcessingTime(D + LAG + 60_000);

        assertThat(alerts()).isEmpty();
        assertThat(watermarks()).containsExactly(at(6_000));
        assertThat(harness.getProcessingTimeService().getNumActiveTimers()).isZero();
    }

    @Test
    void lowerWatermarksAfterwardsDoNotMoveEventTimeBack() throws Exception {
        open(null);
        failedButDebited("o3");
        harness.setProcessingTime(D + LAG);
        bothIdle();
        assertThat(watermarks()).containsExactly(D);
        assertThat(alerts()).hasSize(1);

        // The inputs come back with watermarks below D: they are ignored, and ticks stop.
        harness.processWatermarkStatus1(WatermarkStatus.ACTIVE);
        harness.processWatermarkStatus2(WatermarkStatus.ACTIVE);
        harness.processBothWatermarks(new Watermark(at(20_000)));
        harness.setProcessingTime(D + LAG + 10_000);
        assertThat(watermarks()).containsExactly(D);
        // Records beyond D move it on as usual.
        harness.processBothWatermarks(new Watermark(D + 30_000));
        assertThat(watermarks()).containsExactly(D, D + 30_000);

        // Idle again: the clock takes over once more.
        harness.setProcessingTime(D + LAG + 60_000);
        bothIdle();
        assertThat(watermarks()).last().isEqualTo(D + 60_000);
    }

    @Test
    void aRestartOnDrainedInputsDecidesWhatIsDueWithoutNewRecords() throws Exception {
        open(null);
        failedButDebited("o4");
        harness.processBothWatermarks(new Watermark(at(6_000)));
        OperatorSubtaskState snapshot = harness.snapshot(1, at(9_000));
        harness.close();

        // Restored after the deadline has passed on the wall clock; the inputs have nothing new.
        open(snapshot);
        harness.setProcessingTime(D + LAG + 30_000);
        assertThat(alerts()).isEmpty();
        bothIdle();

        assertThat(alerts())
                .singleElement()
                .satisfies(a -> assertThat(a.type()).isEqualTo(AlertType.UNMATCHED_DEBIT));
        assertThat(refunds()).hasSize(1);
    }
}
