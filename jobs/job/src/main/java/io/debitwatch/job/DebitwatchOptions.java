package io.debitwatch.job;

import io.debitwatch.core.detect.DetectorConfig;
import io.debitwatch.core.model.Provider;
import io.debitwatch.job.adapt.ProviderKeys;
import io.debitwatch.job.io.ClockSkew;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.description.BlockElement;
import org.apache.flink.configuration.description.TextElement;
import org.apache.flink.util.TimeUtils;

/**
 * Every setting of the streaming job, declared once with its default and description. The same keys
 * are given as {@code --key value} to the job jar and to {@code debitwatch run}, or in Flink's
 * {@code config.yaml}; the README's option table is generated from this class ({@link
 * #markdownTable()}) and a test keeps the two equal.
 */
public final class DebitwatchOptions {

    /** Where the Kafka source starts when it has no checkpoint to restore from. */
    public enum StartingOffsets {
        /** The group's committed offsets; from the earliest record where the group has none. */
        COMMITTED,
        EARLIEST,
        LATEST
    }

    public static final ConfigOption<String> BOOTSTRAP_SERVERS =
            ConfigOptions.key("bootstrap-servers")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Kafka bootstrap servers, HOST:PORT[,HOST:PORT...]. Required.");

    public static final ConfigOption<String> TERMINAL_EVENTS_TOPIC =
            ConfigOptions.key("terminal-events-topic")
                    .stringType()
                    .defaultValue("terminal-events")
                    .withDescription("Input topic of terminal events (JSON, one per record).");

    public static final ConfigOption<String> PROVIDER_EVENTS_TOPIC =
            ConfigOptions.key("provider-events-topic")
                    .stringType()
                    .defaultValue("provider-events")
                    .withDescription("Input topic of provider events (JSON, one per record).");

    public static final ConfigOption<String> WECHAT_NOTIFICATIONS_TOPIC =
            ConfigOptions.key("wechat-notifications-topic")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Input topic of raw WeChat Pay v3 notifications as received (JSON"
                                    + " with received_at, headers and body, one per record):"
                                    + " verified, decrypted and adapted in the source. Default:"
                                    + " not read. Needs wechat-apiv3-key-file and"
                                    + " wechat-platform-public-key-files.");

    public static final ConfigOption<String> ALIPAY_NOTIFICATIONS_TOPIC =
            ConfigOptions.key("alipay-notifications-topic")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Input topic of raw Alipay notifications as received (JSON with"
                                    + " received_at and the form-encoded body, one per record):"
                                    + " verified (RSA2) and adapted in the source. Default: not"
                                    + " read. Needs alipay-public-key-file and alipay-app-ids.");

    public static final ConfigOption<String> WECHAT_APIV3_KEY_FILE =
            ConfigOptions.key("wechat-apiv3-key-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "File holding the merchant's WeChat Pay APIv3 key (32 characters),"
                                    + " which decrypts the notifications.");

    public static final ConfigOption<List<String>> WECHAT_PLATFORM_PUBLIC_KEY_FILES =
            ConfigOptions.key("wechat-platform-public-key-files")
                    .stringType()
                    .asList()
                    .noDefaultValue()
                    .withDescription(
                            "WeChat Pay keys that sign notifications, separated by ';': PATH of a"
                                    + " platform certificate (PEM), or SERIAL=PATH of a platform"
                                    + " public key, e.g. PUB_KEY_ID_0114…=pub_key.pem.");

    public static final ConfigOption<String> ALIPAY_PUBLIC_KEY_FILE =
            ConfigOptions.key("alipay-public-key-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "File holding Alipay's RSA public key (支付宝公钥, PEM or bare base64),"
                                    + " which verifies the notifications.");

    public static final ConfigOption<List<String>> ALIPAY_APP_IDS =
            ConfigOptions.key("alipay-app-ids")
                    .stringType()
                    .asList()
                    .noDefaultValue()
                    .withDescription(
                            "The merchant's own Alipay app ids (app_id), separated by ';'; required"
                                    + " with alipay-notifications-topic. A notification of any other"
                                    + " app_id is a dead letter, as Alipay's instructions for"
                                    + " notifications require.");

    public static final ConfigOption<List<String>> ALIPAY_SELLER_IDS =
            ConfigOptions.key("alipay-seller-ids")
                    .stringType()
                    .asList()
                    .noDefaultValue()
                    .withDescription(
                            "The merchant's Alipay seller ids (seller_id, 2088…), separated by ';'."
                                    + " When given, a notification of any other seller_id is a dead"
                                    + " letter. Default: any seller of the allowed apps.");

    public static final ConfigOption<String> PAYER_ID_SECRET_FILE =
            ConfigOptions.key("payer-id-secret-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "File holding the secret (at least 16 bytes) of the keyed hash that"
                                    + " replaces payer ids (openid, buyer_id) of raw"
                                    + " notifications; else the environment variable "
                                    + ProviderKeys.PAYER_ID_SECRET_ENV
                                    + "; without either, payer ids are dropped.");

    public static final ConfigOption<String> ALERTS_TOPIC =
            ConfigOptions.key("alerts-topic")
                    .stringType()
                    .defaultValue("alerts")
                    .withDescription(
                            "Output topic of alerts; exactly-once (read it with"
                                    + " isolation.level=read_committed), keyed by order.");

    public static final ConfigOption<String> REFUND_REQUESTS_TOPIC =
            ConfigOptions.key("refund-requests-topic")
                    .stringType()
                    .defaultValue("refund-requests")
                    .withDescription(
                            "Output topic of refund requests; exactly-once (read_committed), keyed"
                                    + " by order.");

    public static final ConfigOption<String> NOTIFICATIONS_TOPIC =
            ConfigOptions.key("notifications-topic")
                    .stringType()
                    .defaultValue("notifications")
                    .withDescription(
                            "Output topic of notifications; at-least-once and sent at once, keyed"
                                    + " by order (dedupe by notification_id).");

    public static final ConfigOption<String> DEAD_LETTERS_TOPIC =
            ConfigOptions.key("dead-letters-topic")
                    .stringType()
                    .defaultValue("dead-letters")
                    .withDescription("Output topic of dead letters; at-least-once.");

    public static final ConfigOption<String> GROUP_ID =
            ConfigOptions.key("group-id")
                    .stringType()
                    .defaultValue("debitwatch")
                    .withDescription(
                            "Kafka consumer group; offsets are committed to it on each checkpoint"
                                    + " (for monitoring lag; a restore uses the checkpoint's own).");

    public static final ConfigOption<StartingOffsets> STARTING_OFFSETS =
            ConfigOptions.key("starting-offsets")
                    .enumType(StartingOffsets.class)
                    .defaultValue(StartingOffsets.COMMITTED)
                    .withDescription(
                            "Where a fresh start (no checkpoint or savepoint) reads from: COMMITTED"
                                    + " (the group's offsets, else the earliest), EARLIEST or"
                                    + " LATEST.");

    public static final ConfigOption<Duration> OUT_OF_ORDERNESS =
            ConfigOptions.key("out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(2))
                    .withDescription(
                            "Watermark bound per partition: how far behind the latest event_time an"
                                    + " event may arrive and still count on time.");

    public static final ConfigOption<Duration> IDLENESS =
            ConfigOptions.key("idleness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "A partition without events (records with an event_time; dead letters do"
                                    + " not count) for this long stops holding the watermark"
                                    + " back.");

    public static final ConfigOption<Duration> MAX_CLOCK_SKEW =
            ConfigOptions.key("max-clock-skew")
                    .durationType()
                    .defaultValue(ClockSkew.DEFAULT_MAX_SKEW)
                    .withDescription(
                            "An event whose event_time is more than this ahead of the wall clock"
                                    + " when it is read becomes a dead letter (\"event_time … is …"
                                    + " ahead of the clock\", counted in the metric "
                                    + ClockSkew.METRIC
                                    + ") and never moves the watermark.");

    public static final ConfigOption<Duration> QUIET_ALLOWANCE =
            ConfigOptions.key("quiet-allowance")
                    .durationType()
                    .defaultValue(QuietClockOperator.DEFAULT_QUIET_ALLOWANCE)
                    .withDescription(
                            "When every input partition has been idle for the idleness timeout,"
                                    + " event time follows the wall clock less out-of-orderness and"
                                    + " this allowance for gateway delay, so due deadlines are"
                                    + " decided without new records.");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            ConfigOptions.key("transactional-id-prefix")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Prefix of the exactly-once sinks' Kafka transactional ids. Required,"
                                    + " and unique per deployment on the Kafka cluster: two jobs"
                                    + " sharing one fence each other's transactions, and a fenced"
                                    + " commit loses its alerts and refund requests.");

    public static final ConfigOption<Duration> TRANSACTION_TIMEOUT =
            ConfigOptions.key("transaction-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(15))
                    .withDescription(
                            "transaction.timeout.ms of the exactly-once producers: above the"
                                    + " checkpoint timeout (execution.checkpointing.timeout, 10 min"
                                    + " by default) plus the checkpoint interval, and as far above"
                                    + " as a restart may take; at most the broker's"
                                    + " transaction.max.timeout.ms (15 min by default).");

    public static final ConfigOption<Duration> SETTLE_WINDOW =
            ConfigOptions.key("settle-window")
                    .durationType()
                    .defaultValue(DetectorConfig.DEFAULT_SETTLE_WINDOW)
                    .withDescription(
                            "Settle deadline after an order's first event: D = T0 + settle window.");

    public static final ConfigOption<Map<String, String>> SETTLE_WINDOW_BY_PROVIDER =
            ConfigOptions.key("settle-window-by-provider")
                    .mapType()
                    .noDefaultValue()
                    .withDescription(
                            "Settle windows of single providers, e.g. WECHAT:45s,ALIPAY:60s.");

    public static final ConfigOption<Duration> CALLBACK_HORIZON =
            ConfigOptions.key("callback-horizon")
                    .durationType()
                    .defaultValue(DetectorConfig.DEFAULT_CALLBACK_HORIZON)
                    .withDescription(
                            "How long after the deadline an order stays open for late provider"
                                    + " events: H = D + callback horizon.");

    public static final ConfigOption<Boolean> REFUND_MISSING_TERMINAL =
            ConfigOptions.key("refund-missing-terminal")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Refund a debit that has no terminal record at all, instead of asking"
                                    + " for a review.");

    public static final ConfigOption<Duration> CLOSED_RETENTION =
            ConfigOptions.key("closed-retention")
                    .durationType()
                    .defaultValue(Duration.ofHours(24))
                    .withDescription(
                            "How long a closed order is remembered after its horizon, so that its"
                                    + " late events become dead letters instead of a new"
                                    + " timeline.");

    /** Flink's own key, with debitwatch's default: exactly-once outputs commit on checkpoints. */
    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            ConfigOptions.key(CheckpointingOptions.CHECKPOINTING_INTERVAL.key())
                    .durationType()
                    .defaultValue(Duration.ofSeconds(2))
                    .withDescription(
                            "Checkpoint interval; also the latency of the exactly-once outputs,"
                                    + " which read_committed consumers see when a checkpoint"
                                    + " completes.");

    /** The job's name (pipeline.name). */
    public static final String DEFAULT_JOB_NAME = "debitwatch";

    private DebitwatchOptions() {}

    /** Every option of this class, in declaration order. */
    public static List<ConfigOption<?>> all() {
        List<ConfigOption<?>> options = new ArrayList<>();
        for (Field f : DebitwatchOptions.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == ConfigOption.class) {
                try {
                    options.add((ConfigOption<?>) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return options;
    }

    /**
     * Flink settings a run of debitwatch needs, applied unless the configuration sets them:
     * exactly-once checkpoints, restarts with growing delays, RocksDB tuned for short-lived state,
     * network buffers flushed every 10 ms for the early warnings' latency, and explicit uids (a
     * missing one fails at submission instead of losing state on upgrade).
     */
    public static Map<String, String> flinkDefaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("pipeline.name", DEFAULT_JOB_NAME);
        d.put(CHECKPOINT_INTERVAL.key(), format(CHECKPOINT_INTERVAL.defaultValue()));
        d.put("execution.checkpointing.mode", "EXACTLY_ONCE");
        d.put("execution.checkpointing.incremental", "true");
        // Flink's default of 100 ms lets a record wait that long in a network buffer on its way to
        // the detector; early warnings should not (measured: p50 53 ms -> 15 ms at 5,000 ev/s).
        d.put("execution.buffer-timeout.interval", "10 ms");
        d.put("restart-strategy.type", "exponential-delay");
        d.put("pipeline.auto-generate-uids", "false");
        d.putAll(stateBackendDefaults());
        return d;
    }

    /**
     * The state backend of every debitwatch job, streaming or replay: RocksDB tuned for short-lived
     * state ({@link ShortLivedStateOptions}), with bloom filters.
     */
    public static Map<String, String> stateBackendDefaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("state.backend.type", "rocksdb");
        d.put("state.backend.rocksdb.options-factory", ShortLivedStateOptions.class.getName());
        // Every order's first event looks up a key that is not there yet: a bloom filter answers
        // that without reading the files.
        d.put("state.backend.rocksdb.use-bloom-filter", "true");
        return d;
    }

    /** {@link #flinkDefaults()} overlaid with {@code conf}: what the job runs with. */
    public static Configuration withRunDefaults(Configuration conf) {
        Configuration merged = Configuration.fromMap(flinkDefaults());
        merged.addAll(conf);
        return merged;
    }

    /**
     * Reads {@code --key value} pairs (also {@code --key=value}; a flag without a value means
     * {@code true}) into a configuration.
     */
    public static Configuration fromArgs(String... args) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("expected --key value, got: " + arg);
            }
            String key = arg.substring(2);
            int eq = key.indexOf('=');
            if (eq > 0) {
                map.put(key.substring(0, eq), key.substring(eq + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                map.put(key, args[++i]);
            } else {
                map.put(key, "true");
            }
        }
        return Configuration.fromMap(map);
    }

    /**
     * Refuses a key that is neither an option of this class nor a Flink setting (Flink's keys all
     * contain a dot): a misspelt option, say {@code --transactional-id-prefx}, would otherwise be
     * ignored without a word and its default used.
     */
    public static void rejectUnknownKeys(Configuration conf) {
        Set<String> known = new TreeSet<>();
        for (ConfigOption<?> o : all()) {
            known.add(o.key());
        }
        for (String key : conf.keySet()) {
            if (!known.contains(key) && !key.contains(".")) {
                throw new IllegalArgumentException(
                        "unknown option --"
                                + key
                                + " (the job's options: --"
                                + String.join(", --", known)
                                + ")");
            }
        }
    }

    /** The detection rules' parameters from the configuration. */
    public static DetectorConfig detectorConfig(Configuration conf) {
        DetectorConfig.Builder b =
                DetectorConfig.builder()
                        .settleWindow(conf.get(SETTLE_WINDOW))
                        .callbackHorizon(conf.get(CALLBACK_HORIZON))
                        .refundMissingTerminal(conf.get(REFUND_MISSING_TERMINAL));
        Map<String, String> perProvider = conf.get(SETTLE_WINDOW_BY_PROVIDER);
        if (perProvider != null) {
            perProvider.forEach(
                    (provider, window) ->
                            b.settleWindow(
                                    Provider.valueOf(provider.trim().toUpperCase(Locale.ROOT)),
                                    TimeUtils.parseDuration(window.trim())));
        }
        return b.build();
    }

    /** The option table of the README, one row per option. */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder();
        sb.append("| option | default | meaning |\n|---|---|---|\n");
        for (ConfigOption<?> o : all()) {
            sb.append(markdownRow(o)).append('\n');
        }
        return sb.toString();
    }

    /** One row of {@link #markdownTable()}. */
    public static String markdownRow(ConfigOption<?> option) {
        String def = option.hasDefaultValue() ? "`" + format(option.defaultValue()) + "`" : "none";
        return "| `--" + option.key() + "` | " + def + " | " + description(option) + " |";
    }

    /** The Flink defaults of a run, as README rows. */
    public static String markdownFlinkDefaults() {
        StringBuilder sb = new StringBuilder();
        sb.append("| Flink setting | debitwatch's value |\n|---|---|\n");
        flinkDefaults().forEach((k, v) -> sb.append("| `" + k + "` | `" + v + "` |\n"));
        return sb.toString();
    }

    static String description(ConfigOption<?> option) {
        StringBuilder sb = new StringBuilder();
        for (BlockElement block : option.description().getBlocks()) {
            if (block instanceof TextElement text) {
                sb.append(text.getFormat());
            }
        }
        return sb.toString();
    }

    /** A value as written in Flink's configuration (durations like {@code 25 h}). */
    static String format(Object value) {
        if (value instanceof Duration d) {
            return TimeUtils.formatWithHighestUnit(d);
        }
        return String.valueOf(value);
    }
}
