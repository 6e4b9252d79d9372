package io.debitwatch.app;

import io.debitwatch.sim.SimulatorConfig;
import io.debitwatch.sim.StoryKind;
import java.util.EnumMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --story-weight KIND=WEIGHT}: the simulator's fault rates, for simulate and demo. */
final class StoryWeights {

    @Option(
            names = "--story-weight",
            paramLabel = "KIND=WEIGHT",
            description =
                    "Relative rate of a story kind (repeatable), e.g. FAILED_DEBITED=0.1 or"
                            + " MALFORMED=0. Kinds: ${COMPLETION-CANDIDATES}. Defaults: mostly"
                            + " NORMAL_SALE (0.758), each fault 0.001-0.02.")
    Map<StoryKind, Double> weights = new EnumMap<>(StoryKind.class);

    SimulatorConfig apply(SimulatorConfig config) {
        SimulatorConfig c = config;
        for (Map.Entry<StoryKind, Double> e : weights.entrySet()) {
            c = c.withWeight(e.getKey(), e.getValue());
        }
        return c;
    }
}
