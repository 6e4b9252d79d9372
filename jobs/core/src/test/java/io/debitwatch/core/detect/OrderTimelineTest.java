package io.debitwatch.core.detect;

import static io.debitwatch.core.detect.Story.D;
import static io.debitwatch.core.detect.Story.H;
import static io.debitwatch.core.detect.Story.ONE_HOUR;
import static io.debitwatch.core.detect.Story.T0;
import static io.debitwatch.core.detect.Story.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.detect.TimelineStep.Write;
import io.debitwatch.core.model.Action;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.TerminalResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The order's timeline without Flink: state and a fact or a timer in, a step out. */
class OrderTimelineTest {

    private static final long NO_WATERMARK = Long.MIN_VALUE;
    private static final Provider WECHAT = Provider.WECHAT;
    private static final Detector DETECTOR = new Detector(DetectorConfig.defaults());

    /** Streaming: live early warnings, no tombstone, every point decided. */
    private static final OrderTimeline STREAMING = timeline(true, 0, Long.MAX_VALUE);

    private static OrderTimeline timeline(boolean live, long retention, long asOf) {
        return new OrderTimeline(DETECTOR, live, retention, asOf);
    }

    /** The state after each fact of the story arrives on time. */
    private static OrderState feed(OrderTimeline timeline, Story story) {
        OrderState state = null;
        for (Fact f : story.facts()) {
            TimelineStep step = timeline.onFact(state, f, WECHAT, NO_WATERMARK);
            if (step.write() == Write.STORE) {
                state = step.state();
            }
        }
        return state;
    }

    private static List<Finding> findings(TimelineStep step) {
        return step.decisions().stream().map(Decision::finding).toList();
    }

    @Nested
    class Facts {

        @Test
        void theFirstFactStartsATimelineWithTimersAtItsDeadlineAndHorizon() {
            Story s = Story.wechat().request(at(0));
            TimelineStep step = STREAMING.onFact(null, s.last(), WECHAT, NO_WATERMARK);

            assertThat(step.write()).isEqualTo(Write.STORE);
            assertThat(step.state().t0()).isEqualTo(T0);
            assertThat(step.state().facts()).containsExactly(s.last());
            assertThat(step.timersToRegister()).containsExactly(D, H);
            assertThat(step.timersToDelete()).isEmpty();
            assertThat(step.late()).isFalse();
        }

        @Test
        void aProviderEventAfterTheDeadlineGetsATimerAtItsTime() {
            Story s = Story.wechat().request(at(0)).failed(at(10_000));
            OrderState state = feed(STREAMING, s);
            s.debited(D + 5_000);

            TimelineStep step = STREAMING.onFact(state, s.last(), WECHAT, NO_WATERMARK);

            assertThat(step.timersToRegister()).containsExactly(D + 5_000);
            assertThat(step.state().facts()).hasSize(3);
        }

        @Test
        void aLateEarlierFactMovesT0AndWithItTheTimers() {
            // T0 at 10 s: the debit at 65 s is before D (70 s), so no point of its own.
            Story s = Story.wechat().request(at(10_000)).debited(at(65_000));
            OrderState state = feed(STREAMING, s);
            assertThat(state.t0()).isEqualTo(at(10_000));
            s.failed(at(0));

            TimelineStep step = STREAMING.onFact(state, s.last(), WECHAT, NO_WATERMARK);

            assertThat(step.state().t0()).isEqualTo(T0);
            assertThat(step.timersToDelete()).containsExactly(D + 10_000, H + 10_000);
            // Now D is at 60 s and the debit at 65 s is a decision point.
            assertThat(step.timersToRegister()).containsExactly(D, H, at(65_000));
        }

        @Test
        void aLateFactIsDecidedAtTheNextWatermarkAdvance() {
            Story s = Story.wechat().request(at(0)).failed(at(10_000));
            OrderState state = feed(STREAMING, s);
            s.debited(at(20_000));

            TimelineStep step = STREAMING.onFact(state, s.last(), WECHAT, at(30_000));

            assertThat(step.late()).isTrue();
            assertThat(step.timersToRegister()).containsExactly(at(30_000) + 1);
        }

        @Test
        void theSameContentDeliveredAgainIsADuplicateAndChangesNothing() {
            Story s = Story.wechat().request(at(0)).failed(at(10_000));
            OrderState state = feed(STREAMING, s);

            TimelineStep step = STREAMING.onFact(state, s.last(), WECHAT, NO_WATERMARK);

            assertThat(step.duplicate()).isTrue();
            assertThat(step.write()).isEqualTo(Write.KEEP);
            assertThat(step.timersToRegister()).isEmpty();
            assertThat(step.rejectReason()).isNull();
        }

        @Test
        void inStreamingTheEarlyWarningLeavesWithTheFactThatCompletesIt() {
            Story s = Story.wechat().request(at(0)).failed(at(10_000));
            OrderState state = feed(STREAMING, s);
            s.debited(at(20_000));

            TimelineStep live = STREAMING.onFact(state, s.last(), WECHAT, NO_WATERMARK);
            TimelineStep replay =
                    timeline(false, 0, Long.MAX_VALUE)
                            .onFact(state, s.last(), WECHAT, NO_WATERMARK);

            assertThat(findings(live)).containsExactly(Finding.EARLY_WARNING);
            assertThat(live.state().emitted()).isEqualTo(Finding.EARLY_WARNING.bit());
            assertThat(replay.decisions()).isEmpty();
            assertThat(replay.state().emitted()).isZero();
        }
    }

    @Nested
    class LateRejects {

        @Test
        void aFactThatWouldSplitADecidedTimelineIsRejected() {
            Story s = Story.wechat().request(at(0)).failed(at(10_000)).debited(at(20_000));
            OrderState state = feed(STREAMING, s);
            TimelineStep atDeadline = STREAMING.onTimer(state, WECHAT, D);
            assertThat(findings(atDeadline)).contains(Finding.UNMATCHED_DEBIT);
            state = atDeadline.state();
            s.refunded(at(24 * ONE_HOUR), "r-1", 100);
            state = STREAMING.onFact(state, s.last(), WECHAT, NO_WATERMARK).state();
            // Two hours before T0: its horizon would fall before the refund at 24 h.
            s.queryResult(at(-2 * ONE_HOUR), TerminalResult.UNKNOWN);

            TimelineStep step = STREAMING.onFact(state, s.last(), WECHAT, at(24 * ONE_HOUR));

            assertThat(step.rejectReason()).isEqualTo(OrderTimeline.SPLIT);
            assertThat(step.write()).isEqualTo(Write.KEEP);
            assertThat(step.timersToRegister()).isEmpty();
        }

        @Test
        void theSameFactIsAcceptedWhileNothingWasEmitted() {
            Story s = Story.wechat().request(at(0)).refunded(at(24 * ONE_HOUR), "r-1", 100);
            OrderState state = feed(STREAMING, s);
            s.queryResult(at(-2 * ONE_HOUR), TerminalResult.UNKNOWN);

            TimelineStep step = STREAMING.onFact(state, s.last(), WECHAT, NO_WATERMARK);

            assertThat(step.rejectReason()).isNull();
            assertThat(step.state().t0()).isEqualTo(at(-2 * ONE_HOUR));
        }

        @Test
        void beyondTheBoundANonFinalFactIsRejectedAndTheOrderOverflowsOnce() {
            Story s = Story.wechat().request(at(0));
            List<Fact> facts = new ArrayList<>(s.facts());
            for (int i = 0; i < FactBound.MAX_FACTS - 1; i++) {
                // Alternating results form no runs: nothing can be compacted.
                s.queryResult(
                        at(100 + i * 10L),
                        i % 2 == 0 ? TerminalResult.USERPAYING : TerminalResult.UNKNOWN);
                facts.add(s.last());
            }
            OrderState state = new OrderState(T0, 0, List.copyOf(facts), Long.MIN_VALUE);
            s.queryResult(at(40_000), TerminalResult.TIMEOUT);

            TimelineStep first = STREAMING.onFact(state, s.last(), WECHAT, NO_WATERMARK);

            assertThat(first.rejectReason()).isEqualTo(OrderTimeline.OVER_BOUND);
            assertThat(first.overflowed()).isTrue();
            assertThat(first.write()).isEqualTo(Write.STORE);
            assertThat(first.state().overflow()).isTrue();
            assertThat(first.state().facts()).isEqualTo(state.facts());

            s.queryResult(at(41_000), TerminalResult.TIMEOUT);
            TimelineStep second = STREAMING.onFact(first.state(), s.last(), WECHAT, NO_WATERMARK);

            assertThat(second.rejectReason()).isEqualTo(OrderTimeline.OVER_BOUND);
            assertThat(second.overflowed()).isFalse();
            assertThat(second.write()).isEqualTo(Write.KEEP);
        }
    }

    @Nested
    class Timers {

        @Test
        void eachFindingIsDecidedOnceWhateverTheTimers() {
            Story s = Story.wechat().request(at(0)).failed(at(10_000)).debited(at(20_000));
            OrderTimeline replay = timeline(false, 0, Long.MAX_VALUE);
            OrderState state = feed(replay, s);

            TimelineStep atDeadline = replay.onTimer(state, WECHAT, D);
            assertThat(findings(atDeadline))
                    .containsExactly(Finding.EARLY_WARNING, Finding.UNMATCHED_DEBIT);
            assertThat(atDeadline.decisions().get(1).action()).isEqualTo(Action.REFUND);
            assertThat(atDeadline.state().prior()).isNotNull();

            TimelineStep again = replay.onTimer(atDeadline.state(), WECHAT, D + 1);
            assertThat(again.decisions()).isEmpty();
            assertThat(again.write()).isEqualTo(Write.KEEP);
        }

        @Test
        void atTheHorizonAFactAfterItStartsTheNextTimeline() {
            Story s = Story.wechat().request(at(0)).success(at(10_000)).debited(at(20_000));
            s.request(H + 5_000);
            OrderState state = feed(STREAMING, s);
            assertThat(state.t0()).isEqualTo(T0);

            TimelineStep step = STREAMING.onTimer(state, WECHAT, H);

            assertThat(step.write()).isEqualTo(Write.STORE);
            assertThat(step.state().t0()).isEqualTo(H + 5_000);
            assertThat(step.state().closedAt()).isEqualTo(H);
            assertThat(step.state().emitted()).isZero();
            assertThat(step.state().facts()).containsExactly(s.last());
            long d = DETECTOR.config().deadline(WECHAT, H + 5_000);
            long h = DETECTOR.config().horizon(WECHAT, H + 5_000);
            assertThat(step.timersToRegister()).containsExactly(d, h);
        }

        @Test
        void withoutRetentionTheHorizonForgetsTheOrder() {
            OrderState state = feed(STREAMING, Story.wechat().request(at(0)).success(at(1)));

            TimelineStep step = STREAMING.onTimer(state, WECHAT, H);

            assertThat(step.write()).isEqualTo(Write.CLEAR);
            assertThat(STREAMING.onTimer(null, WECHAT, H).write()).isEqualTo(Write.KEEP);
        }

        @Test
        void aTombstoneRejectsALateFactOfTheClosedTimelineUntilItsRetentionEnds() {
            OrderTimeline retaining = timeline(true, ONE_HOUR, Long.MAX_VALUE);
            Story s = Story.wechat().request(at(0)).success(at(1));
            TimelineStep atHorizon = retaining.onTimer(feed(retaining, s), WECHAT, H);
            OrderState tombstone = atHorizon.state();
            assertThat(tombstone.isTombstone()).isTrue();
            assertThat(tombstone.closedAt()).isEqualTo(H);
            assertThat(atHorizon.timersToRegister()).containsExactly(H + ONE_HOUR);

            s.debited(at(30_000));
            TimelineStep late = retaining.onFact(tombstone, s.last(), WECHAT, H);
            assertThat(late.rejectReason())
                    .isEqualTo(OrderTimeline.closed(H))
                    .endsWith(Instant.ofEpochMilli(H).toString());
            assertThat(late.write()).isEqualTo(Write.KEEP);
            assertThat(late.late()).isTrue();

            s.request(H + 10);
            TimelineStep next = retaining.onFact(tombstone, s.last(), WECHAT, NO_WATERMARK);
            assertThat(next.state().t0()).isEqualTo(H + 10);
            assertThat(next.state().closedAt()).isEqualTo(H);

            assertThat(retaining.onTimer(tombstone, WECHAT, H + ONE_HOUR - 1).write())
                    .isEqualTo(Write.KEEP);
            assertThat(retaining.onTimer(tombstone, WECHAT, H + ONE_HOUR).write())
                    .isEqualTo(Write.CLEAR);
        }
    }

    @Nested
    class AsOf {

        @Test
        void anOrderCutBeforeItsDeadlineIsReportedOpenWithWhatItWouldStillDecide() {
            OrderTimeline replay = timeline(false, 0, at(30_000));
            Story s = Story.wechat().request(at(0)).debited(at(20_000));
            OrderState state = feed(replay, s);

            TimelineStep step = replay.onTimer(state, WECHAT, D);

            assertThat(step.decisions()).isEmpty();
            assertThat(step.write()).isEqualTo(Write.CLEAR);
            assertThat(step.open())
                    .isEqualTo(
                            new TimelineStep.Open(T0, D, H, 2, List.of(AlertType.UNMATCHED_DEBIT)));
            assertThat(step.open().of(s.key()).deadline()).isEqualTo(Instant.ofEpochMilli(D));
        }

        @Test
        void anOrderWithNothingLeftToDecideIsForgottenNotReported() {
            OrderTimeline replay = timeline(false, 0, D + 1_000);
            Story s = Story.wechat().request(at(0)).success(at(10_000)).debited(at(20_000));
            OrderState state = feed(replay, s);
            assertThat(replay.onTimer(state, WECHAT, D).decisions()).isEmpty();

            TimelineStep step = replay.onTimer(state, WECHAT, H);

            assertThat(step.open()).isNull();
            assertThat(step.write()).isEqualTo(Write.CLEAR);
        }
    }
}
