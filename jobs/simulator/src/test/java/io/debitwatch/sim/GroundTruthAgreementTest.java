package io.debitwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.detect.Detector;
import io.debitwatch.core.detect.DetectorConfig;
import io.debitwatch.core.model.AlertType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ground truth the stories state by construction must equal what the detection core decides,
 * order by order: alerts (type, action, amount, decided_at), refund ids and amounts, early warnings
 * and dead letters. A disagreement is a bug in a story or in the detector.
 */
class GroundTruthAgreementTest {

    @Test
    void everyOrderOfTheDefaultMixAgreesWithTheDetector() {
        Detector detector = new Detector(DetectorConfig.defaults());
        Map<StoryKind, Integer> kinds = new EnumMap<>(StoryKind.class);
        EnumSet<AlertType> alertTypes = EnumSet.noneOf(AlertType.class);
        EnumSet<SimEvent.Defect> defects = EnumSet.noneOf(SimEvent.Defect.class);
        int[] refunds = new int[1];
        int[] warnings = new int[1];
        List<String> disagreements = new ArrayList<>();
        Simulator.generate(SimulatorConfig.defaults(), 20261125L, 20_000)
                .forEach(
                        o -> {
                            kinds.merge(o.kind(), 1, Integer::sum);
                            o.expectation().alerts().forEach(a -> alertTypes.add(a.type()));
                            for (SimEvent e : o.events()) {
                                if (e instanceof SimEvent.MalformedRecord m) {
                                    defects.add(m.defect());
                                }
                            }
                            refunds[0] += o.expectation().refund() == null ? 0 : 1;
                            warnings[0] += o.expectation().earlyWarningAt() == null ? 0 : 1;
                            check(detector, o, disagreements);
                        });

        assertThat(disagreements).isEmpty();
        assertThat(kinds.keySet()).containsExactlyInAnyOrder(StoryKind.values());
        assertThat(kinds.get(StoryKind.NORMAL_SALE)).isGreaterThan(20_000 / 2);
        assertThat(alertTypes).containsExactlyInAnyOrder(AlertType.values());
        assertThat(defects).containsExactlyInAnyOrder(SimEvent.Defect.values());
        assertThat(refunds[0]).isPositive();
        assertThat(warnings[0]).isPositive();
    }

    @Test
    void agreesUnderANonDefaultDetectorConfig() {
        SimulatorConfig config =
                SimulatorConfig.defaults()
                        .withWeight(StoryKind.NORMAL_SALE, 0.1)
                        .withDetector(Duration.ofSeconds(45), Duration.ofHours(24), true);
        Detector detector = new Detector(config.detectorConfig());
        List<String> disagreements = new ArrayList<>();
        Map<StoryKind, Integer> kinds = new EnumMap<>(StoryKind.class);
        Simulator.generate(config, 7L, 5_000)
                .forEach(
                        o -> {
                            kinds.merge(o.kind(), 1, Integer::sum);
                            check(detector, o, disagreements);
                        });
        assertThat(disagreements).isEmpty();
        assertThat(kinds.keySet()).containsExactlyInAnyOrder(StoryKind.values());
    }

    private static void check(Detector detector, GeneratedOrder o, List<String> disagreements) {
        Expectation decided = DetectorView.of(detector, o);
        if (o.successfulSale() && decided.refund() != null) {
            disagreements.add(o.kind() + " " + o.key() + ": a refund of a successful sale");
        }
        if (!decided.equals(o.expectation()) && disagreements.size() < 20) {
            disagreements.add(
                    o.kind()
                            + " "
                            + o.key()
                            + "\n  story:    "
                            + o.expectation()
                            + "\n  detector: "
                            + decided
                            + "\n  events:   "
                            + o.events().stream().map(Lines::line).toList());
        }
    }
}
