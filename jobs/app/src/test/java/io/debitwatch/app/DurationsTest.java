package io.debitwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debitwatch.core.detect.DetectorConfig;
import io.debitwatch.core.model.Provider;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

class DurationsTest {

    @Test
    void parsesTheWaysOperatorsWriteDurations() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("60s")).isEqualTo(Duration.ofSeconds(60));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("25h")).isEqualTo(Duration.ofHours(25));
        assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(Durations.parse("PT45S")).isEqualTo(Duration.ofSeconds(45));
        assertThat(Durations.parse("90")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void refusesWhatIsNotADuration() {
        assertThatThrownBy(() -> Durations.parse("soon"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parse("5 fortnights"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatsBackCompactly() {
        assertThat(Durations.format(Duration.ofHours(25))).isEqualTo("25h");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    }

    @Test
    void settleWindowsCanBeSetPerProvider() {
        JobOptionArgs options = DetectorOptions.addTo(new JobOptionArgs());
        CommandSpec spec = CommandSpec.create();
        options.specs().forEach(spec::addOption);
        new CommandLine(spec)
                .parseArgs(
                        "--settle-window", "90s",
                        "--settle-window", "WECHAT=45s",
                        "--settle-window", "UNIONPAY:2m",
                        "--callback-horizon", "2h");
        DetectorConfig config = DetectorOptions.toConfig(options);
        assertThat(config.settleMillis(Provider.WECHAT)).isEqualTo(45_000);
        assertThat(config.settleMillis(Provider.ALIPAY)).isEqualTo(90_000);
        assertThat(config.settleMillis(Provider.UNIONPAY)).isEqualTo(120_000);
        assertThat(config.horizonMillis()).isEqualTo(7_200_000);
        assertThat(config.refundMissingTerminal()).isFalse();
    }
}
