package io.debitwatch.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class YuanTest {

    @ParameterizedTest
    @CsvSource({
        "0.01, 1",
        "0.1, 10",
        "12.30, 1230",
        "12.3, 1230",
        "100, 10000",
        "0, 0",
        "99999999.99, 9999999999",
        "100000000, 10000000000",
        "0.29, 29",
        "1.15, 115"
    })
    void exact(String yuan, long fen) {
        assertThat(Yuan.toFen(yuan)).isEqualTo(fen);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "-1.00",
                "+1",
                "1e3",
                "1,000.00",
                " 1.00",
                "1.00 ",
                "1.",
                ".5",
                "abc",
                "1.2.3",
                "0.001",
                "1.005",
                "100000000.01",
                "1000000000",
                "１.00"
            })
    void refused(String yuan) {
        assertThatThrownBy(() -> Yuan.toFen(yuan)).isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.api.Test
    void overPreciseSaysSo() {
        assertThatThrownBy(() -> Yuan.toFen("0.001")).hasMessageContaining("more precise");
    }
}
