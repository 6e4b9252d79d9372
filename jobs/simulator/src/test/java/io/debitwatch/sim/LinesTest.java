package io.debitwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A restamped line is the record's own line with another event time, at +08:00. */
class LinesTest {

    @Test
    void lineAtChangesOnlyTheEventTime() {
        List<SimEvent> events =
                Simulator.generate(SimulatorConfig.defaults(), 3, 200)
                        .flatMap(o -> o.events().stream())
                        .filter(e -> !(e instanceof SimEvent.MalformedRecord))
                        .toList();
        assertThat(events).isNotEmpty();
        long at = 1_764_000_000_123L; // 2025-11-24T16:00:00.123Z
        for (SimEvent e : events) {
            String own = Lines.line(e);
            String stamp = Lines.chinaTime(Instant.ofEpochMilli(e.eventTimeMillis()));
            assertThat(Lines.lineAt(e, at))
                    .isEqualTo(
                            own.replace(
                                    "\"event_time\":\"" + stamp + "\"",
                                    "\"event_time\":\"2025-11-25T00:00:00.123+08:00\""));
        }
    }
}
