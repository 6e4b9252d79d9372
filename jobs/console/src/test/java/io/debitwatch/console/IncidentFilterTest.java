package io.debitwatch.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class IncidentFilterTest {

    @Test
    void aCursorSurvivesTheRoundTripToMicrosecondsAsPostgresqlStoresTimes() {
        Instant time = Instant.parse("2026-11-25T02:02:40.123456Z");
        var cursor =
                new IncidentFilter.Cursor(
                        IncidentFilter.Sort.NEWEST, IncidentFilter.Cursor.micros(time), 42);
        assertThat(IncidentFilter.Cursor.decode(cursor.encode())).isEqualTo(cursor);
        assertThat(cursor.time()).isEqualTo(time);
    }

    @Test
    void refusesUnknownStatesTypesLimitsAndCursors() {
        assertThatThrownBy(() -> filter("closed", null, null, 10))
                .hasMessageContaining("state must be one of");
        assertThatThrownBy(() -> filter(null, "BOGUS", null, 10))
                .hasMessageContaining("unknown alert type");
        assertThatThrownBy(() -> filter(null, null, "PAYPAL", 10))
                .hasMessageContaining("unknown provider");
        assertThatThrownBy(() -> filter(null, null, null, 0)).hasMessageContaining("limit");
        assertThatThrownBy(() -> IncidentFilter.Cursor.decode("%%%"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IncidentFilter.Sort.parse("random"))
                .hasMessageContaining("sort must be one of");
        var amountCursor = new IncidentFilter.Cursor(IncidentFilter.Sort.AMOUNT, 100, 1);
        assertThatThrownBy(() -> IncidentFilter.all(10).after(amountCursor))
                .hasMessageContaining("another sort order");
    }

    private static IncidentFilter filter(String state, String type, String provider, int limit) {
        return new IncidentFilter(state, type, provider, null, null, null, null, null, null, limit);
    }

    @Test
    void withoutSignInBindsOnlyLoopbackAddresses() {
        ConsoleServer.requireLoopback("127.0.0.1");
        ConsoleServer.requireLoopback("::1");
        ConsoleServer.requireLoopback("localhost");
        assertThatThrownBy(() -> ConsoleServer.requireLoopback("0.0.0.0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refusing to bind 0.0.0.0")
                .hasMessageContaining("does not sign anyone in");
    }
}
