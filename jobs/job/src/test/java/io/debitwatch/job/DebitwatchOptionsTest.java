package io.debitwatch.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debitwatch.core.detect.DetectorConfig;
import io.debitwatch.core.model.Provider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class DebitwatchOptionsTest {

    /** Run from the module folder, as Maven does. */
    private static final Path README = Path.of("..", "..", "docs", "usage.md");

    @Test
    void readmeListsEveryOptionWithItsDefaultAndDescription() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        assertThat(DebitwatchOptions.all()).hasSizeGreaterThanOrEqualTo(19);
        for (ConfigOption<?> option : DebitwatchOptions.all()) {
            assertThat(readme).as(option.key()).contains(OptionsTable.markdownRow(option));
        }
        // The whole table, in declaration order, and the Flink defaults of a run.
        assertThat(readme)
                .as("README table; regenerate from OptionsTable.markdownTable()")
                .contains(OptionsTable.markdownTable())
                .contains(OptionsTable.markdownFlinkDefaults());
    }

    @Test
    void everyOptionHasADescriptionAndAUniqueKey() {
        assertThat(DebitwatchOptions.all())
                .allSatisfy(o -> assertThat(OptionsTable.description(o)).isNotBlank())
                .extracting(ConfigOption::key)
                .doesNotHaveDuplicates();
    }

    @Test
    void readsKeyValueArgumentsIntoTheDetectorConfig() {
        Configuration conf =
                DebitwatchOptions.fromArgs(
                        "--bootstrap-servers",
                        "127.0.0.1:9092",
                        "--settle-window=45 s",
                        "--settle-window-by-provider",
                        "ALIPAY:90s,wechat:30s",
                        "--callback-horizon",
                        "2h",
                        "--refund-missing-terminal");
        assertThat(conf.get(DebitwatchOptions.BOOTSTRAP_SERVERS)).isEqualTo("127.0.0.1:9092");
        DetectorConfig detector = DebitwatchOptions.detectorConfig(conf);
        assertThat(detector.settleMillis(Provider.UNIONPAY)).isEqualTo(45_000);
        assertThat(detector.settleMillis(Provider.ALIPAY)).isEqualTo(90_000);
        assertThat(detector.settleMillis(Provider.WECHAT)).isEqualTo(30_000);
        assertThat(detector.horizonMillis()).isEqualTo(Duration.ofHours(2).toMillis());
        assertThat(detector.refundMissingTerminal()).isTrue();
    }

    @Test
    void defaultsMatchTheDetectionCoreAndTheSpec() {
        Configuration conf = DebitwatchOptions.withRunDefaults(new Configuration());
        assertThat(DebitwatchOptions.detectorConfig(conf).toString())
                .isEqualTo(DetectorConfig.defaults().toString());
        assertThat(conf.get(DebitwatchOptions.CHECKPOINT_INTERVAL))
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(conf.get(DebitwatchOptions.CLOSED_RETENTION)).isEqualTo(Duration.ofHours(24));
        assertThat(conf.get(DebitwatchOptions.OUT_OF_ORDERNESS)).isEqualTo(Duration.ofSeconds(2));
        assertThat(conf.get(DebitwatchOptions.IDLENESS)).isEqualTo(Duration.ofSeconds(30));
        assertThat(conf.toMap())
                .containsEntry("pipeline.auto-generate-uids", "false")
                .containsEntry("state.backend.type", "rocksdb")
                .containsEntry("restart-strategy.type", "exponential-delay")
                .containsEntry(
                        "state.backend.rocksdb.options-factory",
                        ShortLivedStateOptions.class.getName());
    }

    @Test
    void givenOptionsWinOverTheRunDefaults() {
        Configuration conf =
                DebitwatchOptions.withRunDefaults(
                        DebitwatchOptions.fromArgs(
                                "--execution.checkpointing.interval", "10 s",
                                "--state.backend.type", "hashmap"));
        assertThat(conf.get(DebitwatchOptions.CHECKPOINT_INTERVAL))
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(conf.toMap()).containsEntry("state.backend.type", "hashmap");
    }

    @Test
    void refusesArgumentsThatAreNotOptions() {
        assertThatThrownBy(() -> DebitwatchOptions.fromArgs("bootstrap-servers", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--key value");
    }
}
