package io.debitwatch.job.kafka;

import static io.debitwatch.job.DebitwatchOptions.ALERTS_TOPIC;
import static io.debitwatch.job.DebitwatchOptions.ALIPAY_ALLOW_SHA1;
import static io.debitwatch.job.DebitwatchOptions.ALIPAY_NOTIFICATIONS_TOPIC;
import static io.debitwatch.job.DebitwatchOptions.BOOTSTRAP_SERVERS;
import static io.debitwatch.job.DebitwatchOptions.CHECKPOINT_INTERVAL;
import static io.debitwatch.job.DebitwatchOptions.DEAD_LETTERS_TOPIC;
import static io.debitwatch.job.DebitwatchOptions.GROUP_ID;
import static io.debitwatch.job.DebitwatchOptions.IDLENESS;
import static io.debitwatch.job.DebitwatchOptions.MAX_CLOCK_SKEW;
import static io.debitwatch.job.DebitwatchOptions.NOTIFICATIONS_TOPIC;
import static io.debitwatch.job.DebitwatchOptions.OUT_OF_ORDERNESS;
import static io.debitwatch.job.DebitwatchOptions.PAYER_ID_SECRET_FILE;
import static io.debitwatch.job.DebitwatchOptions.PROVIDER_EVENTS_TOPIC;
import static io.debitwatch.job.DebitwatchOptions.QUIET_ALLOWANCE;
import static io.debitwatch.job.DebitwatchOptions.REFUND_REQUESTS_TOPIC;
import static io.debitwatch.job.DebitwatchOptions.STARTING_OFFSETS;
import static io.debitwatch.job.DebitwatchOptions.TERMINAL_EVENTS_TOPIC;
import static io.debitwatch.job.DebitwatchOptions.TRANSACTIONAL_ID_PREFIX;
import static io.debitwatch.job.DebitwatchOptions.TRANSACTION_TIMEOUT;
import static io.debitwatch.job.DebitwatchOptions.WECHAT_NOTIFICATIONS_TOPIC;

import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.RefundRequest;
import io.debitwatch.job.DebitwatchOptions;
import io.debitwatch.job.JobIO;
import io.debitwatch.job.Uids;
import io.debitwatch.job.adapt.AdaptedRecord;
import io.debitwatch.job.adapt.KeySource;
import io.debitwatch.job.adapt.PayerIdSecret;
import io.debitwatch.job.adapt.ProviderKeys;
import io.debitwatch.job.adapt.RawFormat;
import io.debitwatch.job.adapt.RecordAdapter;
import io.debitwatch.job.adapt.SourceFormat;
import io.debitwatch.job.io.ClockSkew;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.TimeUtils;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming job's sources and sinks on Kafka (SPEC §5): the two input topics, parsed in the
 * source with per-partition watermarks, the optional topics of raw WeChat Pay and Alipay
 * notifications, adapted in the source (so that the per-partition watermarks follow the decrypted
 * event times), all through the one {@link AdaptingDeserializer}; and the four output topics with
 * their delivery guarantees ({@link KafkaSinks}).
 *
 * <pre>{@code
 * Configuration conf = DebitwatchOptions.withRunDefaults(DebitwatchOptions.fromArgs(
 *         "--bootstrap-servers", "127.0.0.1:9092", "--transactional-id-prefix", "dw-shop-eu"));
 * StreamingJob.build(env, conf, KafkaJobIO::from);
 * }</pre>
 */
public final class KafkaJobIO implements JobIO {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaJobIO.class);

    /** Kafka's default transaction.max.timeout.ms; a longer producer timeout is refused. */
    static final Duration BROKER_MAX_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

    private final String bootstrapServers;
    private final String terminalTopic;
    private final String providerTopic;
    private final String alertsTopic;
    private final String refundsTopic;
    private final String notificationsTopic;
    private final String deadLettersTopic;
    private final String groupId;
    private final DebitwatchOptions.StartingOffsets startingOffsets;
    private final Duration outOfOrderness;
    private final Duration idleness;
    private final Duration maxClockSkew;
    private final String transactionalIdPrefix;
    private final Duration transactionTimeout;
    private final String wechatTopic;
    private final String alipayTopic;
    private final RecordAdapter wechat;
    private final RecordAdapter alipay;
    private final KafkaClientProperties client;
    private final KafkaSinks sinks;

    private KafkaJobIO(Configuration conf, UnaryOperator<String> environment) {
        this.bootstrapServers = conf.get(BOOTSTRAP_SERVERS);
        this.client = KafkaClientProperties.from(conf);
        this.terminalTopic = conf.get(TERMINAL_EVENTS_TOPIC);
        this.providerTopic = conf.get(PROVIDER_EVENTS_TOPIC);
        this.alertsTopic = conf.get(ALERTS_TOPIC);
        this.refundsTopic = conf.get(REFUND_REQUESTS_TOPIC);
        this.notificationsTopic = conf.get(NOTIFICATIONS_TOPIC);
        this.deadLettersTopic = conf.get(DEAD_LETTERS_TOPIC);
        this.groupId = conf.get(GROUP_ID);
        this.startingOffsets = conf.get(STARTING_OFFSETS);
        this.outOfOrderness = conf.get(OUT_OF_ORDERNESS);
        this.idleness = conf.get(IDLENESS);
        this.maxClockSkew = conf.get(MAX_CLOCK_SKEW);
        Duration quietAllowance = conf.get(QUIET_ALLOWANCE);
        if (maxClockSkew.isNegative() || quietAllowance.isNegative()) {
            throw new IllegalArgumentException(
                    "--"
                            + MAX_CLOCK_SKEW.key()
                            + " and --"
                            + QUIET_ALLOWANCE.key()
                            + " must not be negative");
        }
        this.transactionalIdPrefix = conf.getOptional(TRANSACTIONAL_ID_PREFIX).orElse(null);
        this.transactionTimeout = conf.get(TRANSACTION_TIMEOUT);
        sanityCheck(
                conf.get(CHECKPOINT_INTERVAL),
                conf.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT));
        this.sinks =
                new KafkaSinks(bootstrapServers, client, transactionalIdPrefix, transactionTimeout);
        if (!client.isEmpty()) {
            // Redacted: values of settings named like a password, secret, JAAS line or key.
            LOG.info("Kafka clients at {} with client settings {}", bootstrapServers, client);
        }
        this.wechatTopic = topic(conf, WECHAT_NOTIFICATIONS_TOPIC);
        this.alipayTopic = topic(conf, ALIPAY_NOTIFICATIONS_TOPIC);
        // Keys are checked here, when the job is built: a missing or bad key fails the submission
        // with one line instead of every record becoming a dead letter. The adapters keep only the
        // paths (and the payer-id secret's file or variable name) and read the keys and the secret
        // again on the task managers: neither enters the job graph.
        PayerIdSecret payerIds = PayerIdSecret.none(); // without a secret, payer ids are dropped
        if (wechatTopic != null || alipayTopic != null) {
            payerIds =
                    PayerIdSecret.of(
                            conf.getOptional(PAYER_ID_SECRET_FILE).orElse(null),
                            environment.apply(ProviderKeys.PAYER_ID_SECRET_ENV));
            ProviderKeys.payerIdsIn(payerIds, environment); // read once and forgotten
        }
        this.wechat = wechatTopic == null ? null : wechatAdapter(conf, payerIds);
        this.alipay = alipayTopic == null ? null : alipayAdapter(conf, payerIds);
    }

    private static RecordAdapter wechatAdapter(Configuration conf, PayerIdSecret payerIds) {
        KeySource keys = ProviderKeys.wechatSource(conf);
        LOG.info("WeChat Pay notifications: {}", ProviderKeys.check(keys));
        return ProviderKeys.wechatAdapter(keys, payerIds);
    }

    private static RecordAdapter alipayAdapter(Configuration conf, PayerIdSecret payerIds) {
        KeySource keys = ProviderKeys.alipaySource(conf);
        LOG.info("Alipay notifications: {}", ProviderKeys.check(keys));
        return ProviderKeys.alipayAdapter(keys, conf.get(ALIPAY_ALLOW_SHA1), payerIds);
    }

    private static String topic(Configuration conf, ConfigOption<String> option) {
        return conf.getOptional(option).map(String::strip).filter(t -> !t.isEmpty()).orElse(null);
    }

    /** The Kafka I/O described by {@code conf} (see {@link DebitwatchOptions}). */
    public static KafkaJobIO from(Configuration conf) {
        return from(conf, System::getenv);
    }

    /**
     * As {@link #from(Configuration)}, with {@code environment} as the environment where the job is
     * built ({@code System::getenv}; a map in tests).
     */
    public static KafkaJobIO from(Configuration conf, UnaryOperator<String> environment) {
        return new KafkaJobIO(conf, environment);
    }

    /**
     * Fails at submission rather than in a restart loop or with lost output: without a prefix of
     * its own, a second deployment on the same Kafka cluster (a copy, a staging job) would fence
     * this one's producers, and the connector does not retry a fenced commit; a transaction timeout
     * above the broker's maximum makes every exactly-once producer fail; one that a checkpoint can
     * outlast lets the broker abort a transaction before the checkpoint that covers it commits it.
     */
    private void sanityCheck(Duration checkpointInterval, Duration checkpointTimeout) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException(
                    "--" + BOOTSTRAP_SERVERS.key() + " is required (HOST:PORT)");
        }
        if (transactionalIdPrefix == null || transactionalIdPrefix.isBlank()) {
            throw new IllegalArgumentException(
                    "--"
                            + TRANSACTIONAL_ID_PREFIX.key()
                            + " is required: a prefix unique to this deployment on the Kafka"
                            + " cluster (two jobs sharing one fence each other's transactions and"
                            + " lose alerts and refund requests)");
        }
        if (transactionTimeout.compareTo(BROKER_MAX_TRANSACTION_TIMEOUT) > 0) {
            throw new IllegalArgumentException(
                    "--"
                            + TRANSACTION_TIMEOUT.key()
                            + " must be at most the broker's transaction.max.timeout.ms (15 min),"
                            + " got "
                            + transactionTimeout);
        }
        if (transactionTimeout.compareTo(checkpointInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException(
                    "--"
                            + TRANSACTION_TIMEOUT.key()
                            + " ("
                            + transactionTimeout
                            + ") must be well above the checkpoint interval ("
                            + checkpointInterval
                            + ")");
        }
        // A transaction is open from one checkpoint to the completion of the next: up to an
        // interval plus the longest checkpoint Flink lets complete.
        Duration longestTransaction = checkpointTimeout.plus(checkpointInterval);
        if (transactionTimeout.compareTo(longestTransaction) <= 0) {
            throw new IllegalArgumentException(
                    "--"
                            + TRANSACTION_TIMEOUT.key()
                            + " ("
                            + TimeUtils.formatWithHighestUnit(transactionTimeout)
                            + ") must be above the checkpoint timeout ("
                            + CheckpointingOptions.CHECKPOINTING_TIMEOUT.key()
                            + ", "
                            + TimeUtils.formatWithHighestUnit(checkpointTimeout)
                            + ") plus the checkpoint interval ("
                            + TimeUtils.formatWithHighestUnit(checkpointInterval)
                            + "): else the broker aborts the transaction of a slow checkpoint"
                            + " that still completes, and its output is lost");
        }
    }

    public String transactionalIdPrefix() {
        return transactionalIdPrefix;
    }

    /** The pass-through settings every Kafka client of the job gets. */
    public KafkaClientProperties clientProperties() {
        return client;
    }

    @Override
    public DataStream<AdaptedRecord> terminalEvents(StreamExecutionEnvironment env) {
        return source(env, terminalTopic, SourceFormat.TERMINAL_EVENTS, Uids.TERMINAL_SOURCE);
    }

    @Override
    public DataStream<AdaptedRecord> providerEvents(StreamExecutionEnvironment env) {
        return source(env, providerTopic, SourceFormat.PROVIDER_EVENTS, Uids.PROVIDER_SOURCE);
    }

    /**
     * The raw notification topics that are configured, each adapted in its source: the watermark of
     * each partition follows the adapted events' times, with the same bound and idleness as the
     * other inputs.
     */
    @Override
    public List<AdaptedInput> adaptedProviderInputs(StreamExecutionEnvironment env) {
        List<AdaptedInput> inputs = new ArrayList<>();
        if (wechat != null) {
            inputs.add(adaptedInput(env, wechatTopic, RawFormat.WECHAT_NOTIFICATIONS, wechat));
        }
        if (alipay != null) {
            inputs.add(adaptedInput(env, alipayTopic, RawFormat.ALIPAY_NOTIFICATIONS, alipay));
        }
        return inputs;
    }

    private AdaptedInput adaptedInput(
            StreamExecutionEnvironment env, String topic, RawFormat format, RecordAdapter adapter) {
        return new AdaptedInput(
                format, source(env, topic, SourceFormat.of(format, adapter), format.sourceUid()));
    }

    /** One topic, read into the one element type through {@code format}'s deserializer. */
    private DataStream<AdaptedRecord> source(
            StreamExecutionEnvironment env, String topic, SourceFormat format, String uid) {
        KafkaSource<AdaptedRecord> source =
                client.applyTo(KafkaSource.<AdaptedRecord>builder())
                        .setBootstrapServers(bootstrapServers)
                        .setTopics(topic)
                        .setGroupId(groupId)
                        .setStartingOffsets(offsets())
                        .setDeserializer(
                                new AdaptingDeserializer(format, ClockSkew.of(maxClockSkew)))
                        // Several sources in one job: distinct client ids keep their metrics apart.
                        .setClientIdPrefix(groupId + "-" + topic)
                        .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                        .build();
        // Given to fromSource, the strategy runs per partition inside the source reader, so a
        // partition that is ahead cannot push the watermark past one that is behind. Dead letters
        // and notices have no event time (Long.MIN_VALUE): they must not move the watermark, nor
        // keep the partition from going idle (a partition of nothing but dead letters would freeze
        // the job's event time).
        WatermarkStrategy<AdaptedRecord> watermarks =
                TimedOnlyWatermarks.<AdaptedRecord>strategy(
                        outOfOrderness, idleness, (r, ts) -> r.timestamp());
        return env.fromSource(source, watermarks, "Kafka: " + topic).uid(uid);
    }

    private OffsetsInitializer offsets() {
        return switch (startingOffsets) {
            case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
        };
    }

    @Override
    public Sink<Alert> alertSink() {
        return sinks.alerts(alertsTopic);
    }

    @Override
    public Sink<RefundRequest> refundSink() {
        return sinks.refunds(refundsTopic);
    }

    @Override
    public Sink<Notification> notificationSink() {
        return sinks.notifications(notificationsTopic);
    }

    @Override
    public Sink<DeadLetter> deadLetterSink() {
        return sinks.deadLetters(deadLettersTopic);
    }
}
