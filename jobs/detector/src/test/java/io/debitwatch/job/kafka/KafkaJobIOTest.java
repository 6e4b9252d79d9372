package io.debitwatch.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debitwatch.job.DebitwatchOptions;
import io.debitwatch.job.JobIO;
import io.debitwatch.job.adapt.RawFormat;
import io.debitwatch.providers.testing.SignedNotifications;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void aRawTopicNeedsItsKeysAndSaysWhichAreMissing() {
        assertThatThrownBy(
                        () ->
                                KafkaJobIO.from(
                                        conf(
                                                "--bootstrap-servers",
                                                "127.0.0.1:9092",
                                                "--wechat-notifications-topic",
                                                "wechat-notifications")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--wechat-notifications-topic needs --wechat-apiv3-key-file FILE and"
                                + " --wechat-platform-public-key-files [SERIAL=]FILE[;...]");
        assertThatThrownBy(
                        () ->
                                KafkaJobIO.from(
                                        conf(
                                                "--bootstrap-servers",
                                                "127.0.0.1:9092",
                                                "--alipay-notifications-topic",
                                                "alipay-notifications")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "--alipay-notifications-topic needs --alipay-public-key-file FILE");
    }

    @Test
    void rawTopicsAreReadWithTheKeysFromTheirFiles(@TempDir Path dir) {
        SignedNotifications.KeyFiles keys = new SignedNotifications().writeKeyFiles(dir);
        KafkaJobIO io =
                KafkaJobIO.from(
                        conf(
                                "--bootstrap-servers",
                                "127.0.0.1:9092",
                                "--wechat-notifications-topic",
                                "wechat-notifications",
                                "--wechat-apiv3-key-file",
                                keys.apiV3Key().toString(),
                                "--wechat-platform-public-key-files",
                                keys.wechatPlatformKeySpec(),
                                "--alipay-notifications-topic",
                                "alipay-notifications",
                                "--alipay-public-key-file",
                                keys.alipayPublicKey().toString(),
                                "--payer-id-secret-file",
                                keys.payerSecret().toString()));
        List<JobIO.AdaptedInput> inputs =
                io.adaptedProviderInputs(StreamExecutionEnvironment.getExecutionEnvironment());
        assertThat(inputs)
                .extracting(JobIO.AdaptedInput::format)
                .containsExactly(RawFormat.WECHAT_NOTIFICATIONS, RawFormat.ALIPAY_NOTIFICATIONS);

        // A key file that is no key names the file, never what is in it.
        assertThatThrownBy(
                        () ->
                                KafkaJobIO.from(
                                        conf(
                                                "--bootstrap-servers",
                                                "127.0.0.1:9092",
                                                "--alipay-notifications-topic",
                                                "alipay-notifications",
                                                "--alipay-public-key-file",
                                                keys.payerSecret().toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(keys.payerSecret().toString())
                .hasMessageNotContaining(SignedNotifications.PAYER_SECRET);
    }

    @Test
    void withoutRawTopicsNothingIsAdapted() {
        assertThat(
                        KafkaJobIO.from(conf("--bootstrap-servers", "127.0.0.1:9092"))
                                .adaptedProviderInputs(
                                        StreamExecutionEnvironment.getExecutionEnvironment()))
                .isEmpty();
    }
}
