package io.debitwatch.core.detect;

import static io.debitwatch.core.detect.Story.D;
import static io.debitwatch.core.detect.Story.H;
import static io.debitwatch.core.detect.Story.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.detect.TimelineStep.Write;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.TerminalContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The order's terminal context (docs/detection.md, "Terminal context"): which value each field
 * takes, that arrival order does not matter, that it lives once per order across timelines, and
 * that it never changes a decision.
 */
class TerminalContextTest {

    private static final Provider WECHAT = Provider.WECHAT;
    private static final long NO_WATERMARK = Long.MIN_VALUE;

    /** A replay's timeline: the same decisions whatever the arrival order. */
    private static final OrderTimeline TIMELINE =
            new OrderTimeline(
                    new Detector(DetectorConfig.defaults()), false, 3_600_000L, Long.MAX_VALUE);

    private static final TerminalContext REQUEST_SAW =
            new TerminalContext("S-001", "POS-0001", "2.9.7", null);
    private static final TerminalContext TIMEOUT_SAW =
            new TerminalContext(null, "POS-0001", "2.9.7", "NETWORK_TIMEOUT");
    private static final TerminalContext FAILED_SAW =
            new TerminalContext("S-002", "POS-0002", "3.4.2", "SYSTEMERROR");

    private record Arrival(Fact fact, TerminalContext terminal) {}

    /** Request at 0 (S-001), timeout at 10 s, failed at 20 s (another store, app, error), debit. */
    private static List<Arrival> story() {
        Story s = Story.wechat().request(at(0)).timeout(at(10_000)).failed(at(20_000));
        s.debited(at(15_000));
        List<Fact> f = s.facts();
        return List.of(
                new Arrival(f.get(0), REQUEST_SAW),
                new Arrival(f.get(1), TIMEOUT_SAW),
                new Arrival(f.get(2), FAILED_SAW),
                new Arrival(f.get(3), null));
    }

    /** Feeds the arrivals, then fires every timer up to H; every step in order. */
    private static List<TimelineStep> run(List<Arrival> arrivals, boolean withContext) {
        List<TimelineStep> steps = new ArrayList<>();
        OrderState state = null;
        for (Arrival a : arrivals) {
            TerminalContext t = withContext ? a.terminal() : null;
            TimelineStep step = TIMELINE.onFact(state, a.fact(), t, WECHAT, NO_WATERMARK);
            steps.add(step);
            state = step.write() == Write.STORE ? step.state() : state;
        }
        for (long timer : new long[] {D, H}) {
            TimelineStep step = TIMELINE.onTimer(state, WECHAT, timer);
            steps.add(step);
            state = step.write() == Write.STORE ? step.state() : null;
        }
        return steps;
    }

    private static TerminalContext decidedContext(List<TimelineStep> steps) {
        return steps.stream()
                .filter(s -> !s.decisions().isEmpty())
                .map(TimelineStep::terminal)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void identityIsTheEarliestValueOfEachFieldAndTheErrorCodeTheLatest() {
        assertThat(decidedContext(run(story(), true)))
                .isEqualTo(new TerminalContext("S-001", "POS-0001", "2.9.7", "SYSTEMERROR"));
    }

    @Test
    void aFieldTheEarliestEventLacksComesFromTheNextThatHasIt() {
        TerminalTrace t =
                TerminalTrace.merge(null, new TerminalContext(null, "T-1", null, null), 5);
        t = TerminalTrace.merge(t, new TerminalContext("S-9", "T-2", "1.0", null), 7);
        t = TerminalTrace.merge(t, new TerminalContext("S-8", null, "0.9", null), 9);

        assertThat(t.context()).isEqualTo(new TerminalContext("S-9", "T-1", "1.0", null));
    }

    @Test
    void theContextDoesNotDependOnArrivalOrder() {
        TerminalContext inOrder = decidedContext(run(story(), true));
        Random random = new Random(7);
        for (int i = 0; i < 20; i++) {
            List<Arrival> shuffled = new ArrayList<>(story());
            Collections.shuffle(shuffled, random);
            assertThat(decidedContext(run(shuffled, true))).as("order %s", i).isEqualTo(inOrder);
        }
    }

    @Test
    void atEqualTimesTheSmallerValueWinsWhicheverArrivesFirst() {
        TerminalContext a = new TerminalContext("S-B", "T-B", "2.0", "E-B");
        TerminalContext b = new TerminalContext("S-A", "T-A", "1.0", "E-A");

        TerminalTrace ab = TerminalTrace.merge(TerminalTrace.merge(null, a, 5), b, 5);
        TerminalTrace ba = TerminalTrace.merge(TerminalTrace.merge(null, b, 5), a, 5);

        assertThat(ab).isEqualTo(ba);
        assertThat(ab.context()).isEqualTo(b);
    }

    @Test
    void theContextChangesNoDecisionNorTimerNorStoredFact() {
        List<TimelineStep> with = run(story(), true);
        List<TimelineStep> without = run(story(), false);

        assertThat(with).hasSameSizeAs(without);
        for (int i = 0; i < with.size(); i++) {
            TimelineStep w = with.get(i);
            TimelineStep wo = without.get(i);
            assertThat(w.decisions()).as("step %s", i).isEqualTo(wo.decisions());
            assertThat(w.timersToRegister()).isEqualTo(wo.timersToRegister());
            assertThat(w.timersToDelete()).isEqualTo(wo.timersToDelete());
            assertThat(w.write()).isEqualTo(wo.write());
            if (w.state() != null) {
                assertThat(w.state().facts()).isEqualTo(wo.state().facts());
                assertThat(w.state().withTerminal(null)).isEqualTo(wo.state());
            }
        }
        assertThat(without).allSatisfy(s -> assertThat(s.terminal()).isNull());
    }

    @Test
    void theContextIsKeptOncePerOrderAcrossTheHorizonAndInItsTombstone() {
        List<TimelineStep> steps = run(story(), true);
        TimelineStep atHorizon = steps.get(steps.size() - 1);

        assertThat(atHorizon.write()).isEqualTo(Write.STORE);
        assertThat(atHorizon.state().isTombstone()).isTrue();
        assertThat(atHorizon.state().terminal().context())
                .isEqualTo(new TerminalContext("S-001", "POS-0001", "2.9.7", "SYSTEMERROR"));
    }

    @Test
    void aRejectedOrDuplicateFactAddsNothing() {
        List<Arrival> arrivals = story();
        OrderState state = null;
        for (Arrival a : arrivals) {
            state = TIMELINE.onFact(state, a.fact(), a.terminal(), WECHAT, NO_WATERMARK).state();
        }
        TerminalContext other = new TerminalContext("S-X", "POS-X", "0.1", "OTHER");

        TimelineStep again =
                TIMELINE.onFact(state, arrivals.get(0).fact(), other, WECHAT, NO_WATERMARK);

        assertThat(again.duplicate()).isTrue();
        assertThat(again.write()).isEqualTo(Write.KEEP);
    }
}
