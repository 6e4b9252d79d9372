package io.debitwatch.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class IncidentQueriesTest {

    @Test
    void aCursorSurvivesTheRoundTripToMicrosecondsAsPostgresqlStoresTimes() {
        var cursor = new IncidentQueries.Cursor(Instant.parse("2026-11-25T02:02:40.123456Z"), 42);
        assertThat(IncidentQueries.Cursor.decode(cursor.encode())).isEqualTo(cursor);
    }

    @Test
    void refusesUnknownStatesTypesLimitsAndCursors() {
        assertThatThrownBy(() -> new IncidentQueries.Filter("closed", null, null, null, null, 10))
                .hasMessageContaining("state must be one of");
        assertThatThrownBy(() -> new IncidentQueries.Filter(null, "BOGUS", null, null, null, 10))
                .hasMessageContaining("unknown alert type");
        assertThatThrownBy(() -> new IncidentQueries.Filter(null, null, null, null, null, 0))
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> IncidentQueries.Cursor.decode("%%%"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bindsOnlyLoopbackAddressesUntilThereIsALogin() {
        ConsoleServer.requireLoopback("127.0.0.1");
        ConsoleServer.requireLoopback("::1");
        ConsoleServer.requireLoopback("localhost");
        assertThatThrownBy(() -> ConsoleServer.requireLoopback("0.0.0.0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refusing to bind 0.0.0.0")
                .hasMessageContaining("until authentication exists");
    }
}
