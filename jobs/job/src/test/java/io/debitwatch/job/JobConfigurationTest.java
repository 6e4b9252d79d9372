package io.debitwatch.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class JobConfigurationTest {

    private static Configuration cluster(Map<String, String> m) {
        return Configuration.fromMap(m);
    }

    @Test
    void theJobsOptionsComeFromTheClusterConfigurationAndArgumentsOverrideThem() {
        Configuration conf =
                JobConfiguration.resolve(
                        cluster(
                                Map.of(
                                        "debitwatch.transactional-id-prefix", "dw-prod",
                                        "debitwatch.bootstrap-servers", "kafka-a:9092",
                                        "debitwatch.settle-window", "45 s")),
                        DebitwatchOptions.fromArgs("--bootstrap-servers", "kafka-b:9092"));
        assertThat(conf.get(DebitwatchOptions.TRANSACTIONAL_ID_PREFIX)).isEqualTo("dw-prod");
        assertThat(conf.get(DebitwatchOptions.BOOTSTRAP_SERVERS)).isEqualTo("kafka-b:9092");
        assertThat(conf.get(DebitwatchOptions.SETTLE_WINDOW)).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void flinkDefaultsFillOnlyWhatTheClusterLeavesUnset() {
        Configuration conf =
                JobConfiguration.resolve(
                        cluster(
                                Map.of(
                                        "execution.checkpointing.interval", "30 s",
                                        "restart-strategy.type", "fixed-delay")),
                        new Configuration());
        assertThat(conf.get(DebitwatchOptions.CHECKPOINT_INTERVAL))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(conf.toMap())
                .containsEntry("restart-strategy.type", "fixed-delay")
                // unset by the cluster: the job's defaults
                .containsEntry("execution.buffer-timeout.interval", "10 ms")
                .containsEntry("state.backend.type", "rocksdb")
                .containsEntry("pipeline.max-parallelism", "128");
    }

    @Test
    void theInvariantsAreEnforcedWhateverIsConfigured() {
        Configuration conf =
                JobConfiguration.resolve(
                        cluster(
                                Map.of(
                                        "execution.checkpointing.mode", "AT_LEAST_ONCE",
                                        "pipeline.auto-generate-uids", "true")),
                        new Configuration());
        assertThat(conf.toMap())
                .containsEntry("execution.checkpointing.mode", "EXACTLY_ONCE")
                .containsEntry("pipeline.auto-generate-uids", "false");
    }

    @Test
    void aMisspeltDebitwatchKeyIsRefusedNotIgnored() {
        assertThatThrownBy(
                        () ->
                                JobConfiguration.resolve(
                                        cluster(
                                                Map.of(
                                                        "debitwatch.transactional-id-prefx",
                                                        "dw-prod")),
                                        new Configuration()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("debitwatch.transactional-id-prefx")
                .hasMessageContaining("transactional-id-prefix");
    }

    @Test
    void kafkaClientPropertiesPassThrough() {
        Configuration conf =
                JobConfiguration.resolve(
                        cluster(Map.of("debitwatch.kafka.security.protocol", "SASL_SSL")),
                        new Configuration());
        assertThat(conf.toMap()).containsEntry("debitwatch.kafka.security.protocol", "SASL_SSL");
    }
}
