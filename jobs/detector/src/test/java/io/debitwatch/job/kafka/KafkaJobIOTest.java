package io.debitwatch.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debitwatch.job.DebitwatchOptions;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class KafkaJobIOTest {

    private static Configuration conf(String... args) {
        return DebitwatchOptions.withRunDefaults(DebitwatchOptions.fromArgs(args));
    }

    @Test
    void transactionalIdPrefixDefaultsToTheJobName() {
        assertThat(
                        KafkaJobIO.from(conf("--bootstrap-servers", "127.0.0.1:9092"))
                                .transactionalIdPrefix())
                .isEqualTo("debitwatch");
        assertThat(
                        KafkaJobIO.from(
                                        conf(
                                                "--bootstrap-servers",
                                                "127.0.0.1:9092",
                                                "--pipeline.name",
                                                "debitwatch shop/eu"))
                                .transactionalIdPrefix())
                .isEqualTo("debitwatch-shop-eu");
        assertThat(
                        KafkaJobIO.from(
                                        conf(
                                                "--bootstrap-servers",
                                                "127.0.0.1:9092",
                                                "--transactional-id-prefix",
                                                "dw-prod-1"))
                                .transactionalIdPrefix())
                .isEqualTo("dw-prod-1");
    }

    @Test
    void refusesATransactionTimeoutAboveTheBrokersMaximum() {
        assertThatThrownBy(
                        () ->
                                KafkaJobIO.from(
                                        conf(
                                                "--bootstrap-servers",
                                                "127.0.0.1:9092",
                                                "--transaction-timeout",
                                                "16 min")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("transaction.max.timeout.ms");
    }

    @Test
    void refusesATransactionTimeoutNotWellAboveTheCheckpointInterval() {
        assertThatThrownBy(
                        () ->
                                KafkaJobIO.from(
                                        conf(
                                                "--bootstrap-servers",
                                                "127.0.0.1:9092",
                                                "--execution.checkpointing.interval",
                                                "6 min")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("checkpoint interval");
    }

    @Test
    void requiresBootstrapServers() {
        assertThatThrownBy(() -> KafkaJobIO.from(conf()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--bootstrap-servers");
    }
}
