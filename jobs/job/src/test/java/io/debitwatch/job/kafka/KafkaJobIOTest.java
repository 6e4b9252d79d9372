package io.debitwatch.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debitwatch.core.json.DeadLetters;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.ProviderSource;
import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.job.DebitwatchOptions;
import io.debitwatch.job.JobIO;
import io.debitwatch.job.adapt.AdaptedRecord;
import io.debitwatch.job.adapt.RawFormat;
import io.debitwatch.providers.testing.SignedNotifications;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaJobIOTest {

    /** The job's options with {@code args}, and a transactional-id prefix unless they give one. */
    private static Configuration conf(String... args) {
        Configuration conf = bare(args);
        if (!conf.containsKey(DebitwatchOptions.TRANSACTIONAL_ID_PREFIX.key())) {
            conf.set(DebitwatchOptions.TRANSACTIONAL_ID_PREFIX, "kafka-job-io-test");
        }
        return conf;
    }

    private static Configuration bare(String... args) {
        return DebitwatchOptions.withRunDefaults(DebitwatchOptions.fromArgs(args));
    }

    @Test
    void requiresATransactionalIdPrefixAndSaysWhy() {
        assertThatThrownBy(() -> KafkaJobIO.from(bare("--bootstrap-servers", "127.0.0.1:9092")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--transactional-id-prefix is required")
                .hasMessageContaining("unique to this deployment")
                .hasMessageContaining("fence each other");
        // Not the job name, as before: two deployments both named debitwatch shared one.
        assertThatThrownBy(
                        () ->
                                KafkaJobIO.from(
                                        bare(
                                                "--bootstrap-servers",
                                                "127.0.0.1:9092",
                                                "--pipeline.name",
                                                "debitwatch-eu")))
                .hasMessageStartingWith("--transactional-id-prefix is required");
        assertThatThrownBy(
                        () ->
                                KafkaJobIO.from(
                                        bare(
                                                "--bootstrap-servers",
                                                "127.0.0.1:9092",
                                                "--transactional-id-prefix",
                                                " ")))
                .hasMessageStartingWith("--transactional-id-prefix is required");
        assertThat(
                        KafkaJobIO.from(
                                        bare(
                                                "--bootstrap-servers",
                                                "127.0.0.1:9092",
                                                "--transactional-id-prefix",
                                                "dw-prod-1"))
                                .transactionalIdPrefix())
                .isEqualTo("dw-prod-1");
    }

    @Test
    void refusesATransactionTimeoutNotAboveTheCheckpointTimeout() {
        // Flink's default checkpoint timeout is 10 min: the old default of 10 min was not above it.
        assertThatThrownBy(
                        () ->
                                KafkaJobIO.from(
                                        conf(
                                                "--bootstrap-servers",
                                                "127.0.0.1:9092",
                                                "--transaction-timeout",
                                                "10 min")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be above the checkpoint timeout")
                .hasMessageContaining("execution.checkpointing.timeout");
        assertThatThrownBy(
                        () ->
                                KafkaJobIO.from(
                                        conf(
                                                "--bootstrap-servers",
                                                "127.0.0.1:9092",
                                                "--execution.checkpointing.timeout",
                                                "15 min")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("execution.checkpointing.timeout");
        // A shorter checkpoint timeout makes room for a shorter transaction timeout.
        assertThat(
                        KafkaJobIO.from(
                                conf(
                                        "--bootstrap-servers",
                                        "127.0.0.1:9092",
                                        "--execution.checkpointing.timeout",
                                        "5 min",
                                        "--transaction-timeout",
                                        "6 min")))
                .isNotNull();
        // The default transaction timeout clears Flink's default checkpoint timeout.
        assertThat(KafkaJobIO.from(conf("--bootstrap-servers", "127.0.0.1:9092"))).isNotNull();
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
                                                "8 min")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be well above the checkpoint interval");
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
                        "--wechat-notifications-topic needs --provider-keys-dir DIR, or"
                                + " --wechat-apiv3-key-file FILE and"
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
                .hasMessage(
                        "--alipay-notifications-topic needs --provider-keys-dir DIR, or"
                                + " --alipay-public-key-file FILE (Alipay's"
                                + " public key, 支付宝公钥) and --alipay-app-ids APPID[;APPID...] (the"
                                + " merchant's own Alipay app ids)");
        assertThatThrownBy(
                        () ->
                                KafkaJobIO.from(
                                        conf(
                                                "--bootstrap-servers",
                                                "127.0.0.1:9092",
                                                "--alipay-notifications-topic",
                                                "alipay-notifications",
                                                "--alipay-public-key-file",
                                                "alipay.pem")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--alipay-notifications-topic needs --provider-keys-dir DIR, or"
                                + " --alipay-app-ids APPID[;APPID...] (the"
                                + " merchant's own Alipay app ids)");
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
                                "--alipay-app-ids",
                                SignedNotifications.ALIPAY_APP_ID + ";2021000000000002",
                                "--alipay-seller-ids",
                                "2088101117955611",
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
                                                keys.payerSecret().toString(),
                                                "--alipay-app-ids",
                                                SignedNotifications.ALIPAY_APP_ID)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(keys.payerSecret().toString())
                .hasMessageNotContaining(SignedNotifications.PAYER_SECRET);
    }

    @Test
    void aKeyDirectoryReplacesTheSingleAccountKeyOptions(@TempDir Path dir) {
        KafkaJobIO io =
                KafkaJobIO.from(
                        conf(
                                "--bootstrap-servers",
                                "127.0.0.1:9092",
                                "--wechat-notifications-topic",
                                "wechat-notifications",
                                "--alipay-notifications-topic",
                                "alipay-notifications",
                                "--provider-keys-dir",
                                dir.toString()));
        assertThat(io.adaptedProviderInputs(StreamExecutionEnvironment.getExecutionEnvironment()))
                .extracting(JobIO.AdaptedInput::format)
                .containsExactly(RawFormat.WECHAT_NOTIFICATIONS, RawFormat.ALIPAY_NOTIFICATIONS);

        assertThatThrownBy(
                        () ->
                                KafkaJobIO.from(
                                        conf(
                                                "--bootstrap-servers",
                                                "127.0.0.1:9092",
                                                "--wechat-notifications-topic",
                                                "wechat-notifications",
                                                "--provider-keys-dir",
                                                dir.toString(),
                                                "--wechat-apiv3-key-file",
                                                "apiv3.key")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "--provider-keys-dir replaces --wechat-apiv3-key-file and"
                                + " --wechat-platform-public-key-files");
        assertThatThrownBy(
                        () ->
                                KafkaJobIO.from(
                                        conf(
                                                "--bootstrap-servers",
                                                "127.0.0.1:9092",
                                                "--alipay-notifications-topic",
                                                "alipay-notifications",
                                                "--provider-keys-dir",
                                                dir.toString(),
                                                "--provider-keys-poll-interval",
                                                "0 s")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--provider-keys-poll-interval must be positive");
    }

    @Test
    void withoutRawTopicsNothingIsAdapted() {
        assertThat(
                        KafkaJobIO.from(conf("--bootstrap-servers", "127.0.0.1:9092"))
                                .adaptedProviderInputs(
                                        StreamExecutionEnvironment.getExecutionEnvironment()))
                .isEmpty();
    }

    private static final Instant T0 = Instant.parse("2026-11-25T02:00:00Z");
    private static final long BOUND_MILLIS = Duration.ofSeconds(2).toMillis();

    private static ProviderEvent debited(String eventId, Instant at) {
        return new ProviderEvent(
                eventId,
                at,
                Provider.WECHAT,
                "1900000109",
                "DW1",
                "4200",
                ProviderSource.NOTIFY,
                ProviderStatus.DEBITED,
                100,
                "CNY",
                null,
                null,
                null,
                null,
                null);
    }

    private static DeadLetter rejected(String topic, long offset) {
        return DeadLetters.fromKafka(
                topic, 0, offset, "{}", "unknown Wechatpay-Serial \"NEWSERIAL\"");
    }

    /**
     * A raw-topic partition that only delivers rejected records (say, after a platform key rotation
     * nobody configured) goes idle after the idleness timeout, as one without records would,
     * instead of holding every other partition's watermark back; its events still drive its
     * watermark with the bound.
     */
    @Test
    void aRawPartitionOfOnlyRejectedRecordsGoesIdle(@TempDir Path dir) {
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
                                keys.wechatPlatformKeySpec()));
        WatermarkProbe<AdaptedRecord> probe =
                WatermarkProbe.ofSource(
                        io.adaptedProviderInputs(
                                        StreamExecutionEnvironment.getExecutionEnvironment())
                                .get(0)
                                .records());

        probe.record(AdaptedRecord.ofEvent(debited("wxn-1", T0))).after(Duration.ZERO);
        long afterEvent = T0.toEpochMilli() - BOUND_MILLIS - 1;
        assertThat(probe.watermark()).isEqualTo(afterEvent);

        // 10 minutes of rejected records, one a second
        int idleAt = -1;
        for (int s = 1; s <= 600; s++) {
            probe.record(AdaptedRecord.ofDeadLetter(rejected("wechat-notifications", s)))
                    .after(Duration.ofSeconds(1));
            if (probe.idle() && idleAt < 0) {
                idleAt = s;
            }
        }
        assertThat(idleAt).as("second it went idle (idleness 30 s)").isBetween(31, 32);
        assertThat(probe.idle()).isTrue();
        assertThat(probe.watermarks()).containsOnly(afterEvent);

        // the next event wakes it and moves its watermark, with the bound
        probe.record(AdaptedRecord.ofEvent(debited("wxn-2", T0.plusSeconds(600))))
                .after(Duration.ofSeconds(1));
        assertThat(probe.idle()).isFalse();
        assertThat(probe.watermark())
                .isEqualTo(T0.plusSeconds(600).toEpochMilli() - BOUND_MILLIS - 1);
    }

    /** The same for the normalised inputs: dead letters do not keep a partition active. */
    @Test
    void aNormalisedPartitionOfOnlyDeadLettersGoesIdle() {
        KafkaJobIO io = KafkaJobIO.from(conf("--bootstrap-servers", "127.0.0.1:9092"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        WatermarkProbe<AdaptedRecord> provider = WatermarkProbe.ofSource(io.providerEvents(env));
        WatermarkProbe<AdaptedRecord> terminal = WatermarkProbe.ofSource(io.terminalEvents(env));

        provider.record(AdaptedRecord.ofEvent(debited("p-1", T0))).after(Duration.ZERO);
        long afterEvent = T0.toEpochMilli() - BOUND_MILLIS - 1;
        assertThat(provider.watermark()).isEqualTo(afterEvent);
        for (int s = 1; s <= 120; s++) {
            provider.record(AdaptedRecord.ofDeadLetter(rejected("provider-events", s)))
                    .after(Duration.ofSeconds(1));
            terminal.record(AdaptedRecord.ofDeadLetter(rejected("terminal-events", s)))
                    .after(Duration.ofSeconds(1));
            assertThat(provider.idle()).as("provider idle at %d s", s).isEqualTo(s >= 32);
            assertThat(terminal.idle()).as("terminal idle at %d s", s).isEqualTo(s >= 32);
        }
        assertThat(provider.watermarks()).containsOnly(afterEvent);
        assertThat(terminal.watermarks()).containsOnly(Long.MIN_VALUE);

        provider.record(AdaptedRecord.ofEvent(debited("p-2", T0.plusSeconds(5))))
                .after(Duration.ofSeconds(1));
        assertThat(provider.idle()).isFalse();
        assertThat(provider.watermark())
                .isEqualTo(T0.plusSeconds(5).toEpochMilli() - BOUND_MILLIS - 1);
    }
}
