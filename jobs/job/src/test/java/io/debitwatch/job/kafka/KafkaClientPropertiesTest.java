package io.debitwatch.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debitwatch.job.DebitwatchOptions;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaClientPropertiesTest {

    private static final String JAAS =
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"dw\""
                    + " password=\"hunter2-literal\";";

    @Test
    void commandLineKafkaOptionsBecomeClientSettingsWithoutThePrefix() {
        Configuration conf =
                DebitwatchOptions.fromArgs(
                        "--bootstrap-servers",
                        "kafka:9093",
                        "--kafka.security.protocol",
                        "SASL_SSL",
                        "--kafka.sasl.mechanism=SCRAM-SHA-512",
                        "--kafka.sasl.jaas.config",
                        "${file:/secrets/kafka.properties:sasl.jaas.config}");
        assertThat(conf.toMap())
                .containsEntry("debitwatch.kafka.security.protocol", "SASL_SSL")
                .containsEntry("debitwatch.kafka.sasl.mechanism", "SCRAM-SHA-512");

        KafkaClientProperties client = KafkaClientProperties.from(conf);
        // Config-provider references are handed on unresolved: the Kafka client resolves them.
        assertThat(client.asMap())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "security.protocol", "SASL_SSL",
                                "sasl.mechanism", "SCRAM-SHA-512",
                                "sasl.jaas.config",
                                        "${file:/secrets/kafka.properties:sasl.jaas.config}"));
        // The job's own options are not client settings, and unknown-option checks accept these.
        DebitwatchOptions.rejectUnknownKeys(conf);
    }

    @Test
    void flinkConfigurationKeysAreReadAsIs() {
        Configuration conf =
                Configuration.fromMap(
                        Map.of(
                                "debitwatch.kafka.ssl.truststore.location", "/tls/ca.p12",
                                "debitwatch.kafka.config.providers", "dir",
                                "state.backend.type", "rocksdb"));
        assertThat(KafkaClientProperties.from(conf).asMap())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "ssl.truststore.location", "/tls/ca.p12",
                                "config.providers", "dir"));
        assertThat(KafkaClientProperties.from(new Configuration()).isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "bootstrap.servers",
                "group.id",
                "transactional.id",
                "transaction.timeout.ms",
                "isolation.level",
                "enable.idempotence",
                "acks",
                "key.serializer",
                "value.serializer",
                "key.deserializer",
                "value.deserializer"
            })
    void settingsTheJobOwnsAreRefusedNamingTheOption(String name) {
        Configuration conf = DebitwatchOptions.fromArgs("--kafka." + name, "x");
        assertThatThrownBy(() -> KafkaClientProperties.from(conf))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--kafka." + name)
                .hasMessageContaining("cannot be passed through");
    }

    @Test
    void ownedSettingsNameTheJobOptionToUseInstead() {
        assertThatThrownBy(
                        () ->
                                KafkaClientProperties.of(
                                        Map.of("bootstrap.servers", "elsewhere:9092")))
                .hasMessageContaining("use --bootstrap-servers");
        assertThatThrownBy(() -> KafkaClientProperties.of(Map.of("group.id", "g")))
                .hasMessageContaining("use --group-id");
        assertThatThrownBy(() -> KafkaClientProperties.of(Map.of("", "x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valuesOfSecretLookingSettingsAreRedacted() {
        KafkaClientProperties client =
                KafkaClientProperties.of(
                        Map.of(
                                "security.protocol", "SASL_SSL",
                                "sasl.jaas.config", JAAS,
                                "ssl.truststore.password", "tp-literal",
                                "ssl.keystore.key", "placeholder-not-a-key kk-literal",
                                "basic.auth.Secret", "s-literal",
                                "SASL.JAAS.CONFIG.extra", "j-literal"));
        String shown = client.toString();
        assertThat(shown)
                .contains("security.protocol=SASL_SSL")
                .contains("sasl.jaas.config=***")
                .contains("ssl.truststore.password=***")
                .contains("ssl.keystore.key=***")
                .doesNotContain("hunter2-literal", "tp-literal", "kk-literal", "s-literal")
                .doesNotContain("j-literal");
        assertThat(client.redacted()).containsEntry("basic.auth.Secret", "***");
        assertThat(KafkaClientProperties.isSensitive("sasl.mechanism")).isFalse();
        assertThat(KafkaClientProperties.isSensitive("ssl.key.password")).isTrue();
    }

    @Test
    void appliedOverAClientsConfigurationAndKeptOutOfFlinksOwn() {
        Configuration conf =
                DebitwatchOptions.fromArgs(
                        "--kafka.security.protocol",
                        "SSL",
                        "--state.backend.type",
                        "hashmap",
                        "--bootstrap-servers",
                        "kafka:9093");
        Properties props = new Properties();
        props.put("client.id", "mine");
        KafkaClientProperties.from(conf).applyTo(props);
        assertThat(props)
                .containsEntry("security.protocol", "SSL")
                .containsEntry("client.id", "mine");

        Configuration flink = KafkaClientProperties.withoutClientProperties(conf);
        assertThat(flink.toMap())
                .doesNotContainKey("debitwatch.kafka.security.protocol")
                .containsEntry("state.backend.type", "hashmap")
                .containsEntry("bootstrap-servers", "kafka:9093");
    }
}
