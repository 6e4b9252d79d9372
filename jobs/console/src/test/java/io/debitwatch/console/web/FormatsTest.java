package io.debitwatch.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FormatsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void showsMoneyInTheCurrencysOwnMinorUnits() {
        assertThat(Formats.money(4000L, "CNY")).isEqualTo("40.00 CNY");
        assertThat(Formats.money(1500L, "JPY")).isEqualTo("1500 JPY");
        assertThat(Formats.money(null, "CNY")).isEmpty();
        assertThat(Formats.money(1L, null)).isEmpty();
    }

    @Test
    void showsAgesInTheLargestUsefulUnits() {
        assertThat(Formats.age(NOW.minusSeconds(45), NOW)).isEqualTo("45s");
        assertThat(Formats.age(NOW.minusSeconds(12 * 60 + 5), NOW)).isEqualTo("12m");
        assertThat(Formats.age(NOW.minusSeconds(3 * 3600 + 5 * 60), NOW)).isEqualTo("3h 05m");
        assertThat(Formats.age(NOW.minusSeconds(2 * 86_400 + 4 * 3600), NOW)).isEqualTo("2d 4h");
        assertThat(Formats.age(NOW.plusSeconds(10), NOW)).isEqualTo("0s");
        assertThat(Formats.time(NOW)).isEqualTo("2026-11-25 12:00:00 UTC");
    }
}
