package io.debitwatch.job;

import io.debitwatch.core.detect.DetectorConfig;
import io.debitwatch.core.model.Provider;
import io.debitwatch.job.adapt.ProviderKeys;
import io.debitwatch.job.io.ClockSkew;
import io.debitwatch.job.kafka.KafkaClientProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.TimeUtils;

/**
 * Every setting of the streaming job, declared once: its key, type (which parses it) and default
 * here, its description next to this class in {@code options.properties}. The same keys are given
 * as {@code --key value} to the job jar and to {@code debitwatch run}, or in Flink's {@code
 * config.yaml}; the option table of docs/usage.md is generated from this class ({@link
 * OptionsTable}) and a test keeps the two equal.
 */
public final class DebitwatchOptions {

    /** Where the Kafka source starts when it has no checkpoint to restore from. */
    public enum StartingOffsets {
        /** The group's committed offsets; from the earliest record where the group has none. */
        COMMITTED,
        EARLIEST,
        LATEST
    }

    /** The options' descriptions by key; read before the options below are declared. */
    private static final Properties DESCRIPTIONS = loadDescriptions();

    public static final ConfigOption<String> BOOTSTRAP_SERVERS = text("bootstrap-servers", null);

    public static final ConfigOption<String> TERMINAL_EVENTS_TOPIC =
            text("terminal-events-topic", "terminal-events");

    public static final ConfigOption<String> PROVIDER_EVENTS_TOPIC =
            text("provider-events-topic", "provider-events");

    public static final ConfigOption<String> WECHAT_NOTIFICATIONS_TOPIC =
            text("wechat-notifications-topic", null);

    public static final ConfigOption<String> ALIPAY_NOTIFICATIONS_TOPIC =
            text("alipay-notifications-topic", null);

    public static final ConfigOption<String> PROVIDER_KEYS_DIR = text("provider-keys-dir", null);

    public static final ConfigOption<Duration> PROVIDER_KEYS_POLL_INTERVAL =
            duration("provider-keys-poll-interval", Duration.ofSeconds(10));

    public static final ConfigOption<Boolean> ALIPAY_ALLOW_SHA1 =
            described(ConfigOptions.key("alipay-allow-sha1").booleanType().defaultValue(false));

    public static final ConfigOption<String> WECHAT_APIV3_KEY_FILE =
            text("wechat-apiv3-key-file", null);

    public static final ConfigOption<List<String>> WECHAT_PLATFORM_PUBLIC_KEY_FILES =
            list("wechat-platform-public-key-files");

    public static final ConfigOption<String> ALIPAY_PUBLIC_KEY_FILE =
            text("alipay-public-key-file", null);

    public static final ConfigOption<List<String>> ALIPAY_APP_IDS = list("alipay-app-ids");

    public static final ConfigOption<List<String>> ALIPAY_SELLER_IDS = list("alipay-seller-ids");

    public static final ConfigOption<String> PAYER_ID_SECRET_FILE =
            text("payer-id-secret-file", null);

    public static final ConfigOption<String> ALERTS_TOPIC = text("alerts-topic", "alerts");

    public static final ConfigOption<String> REFUND_REQUESTS_TOPIC =
            text("refund-requests-topic", "refund-requests");

    public static final ConfigOption<String> NOTIFICATIONS_TOPIC =
            text("notifications-topic", "notifications");

    public static final ConfigOption<String> DEAD_LETTERS_TOPIC =
            text("dead-letters-topic", "dead-letters");

    public static final ConfigOption<String> GROUP_ID = text("group-id", "debitwatch");

    public static final ConfigOption<StartingOffsets> STARTING_OFFSETS =
            described(
                    ConfigOptions.key("starting-offsets")
                            .enumType(StartingOffsets.class)
                            .defaultValue(StartingOffsets.COMMITTED));

    public static final ConfigOption<Duration> OUT_OF_ORDERNESS =
            duration("out-of-orderness", Duration.ofSeconds(2));

    public static final ConfigOption<Duration> IDLENESS =
            duration("idleness", Duration.ofSeconds(30));

    public static final ConfigOption<Duration> MAX_CLOCK_SKEW =
            duration("max-clock-skew", ClockSkew.DEFAULT_MAX_SKEW);

    public static final ConfigOption<Duration> QUIET_ALLOWANCE =
            duration("quiet-allowance", QuietClockOperator.DEFAULT_QUIET_ALLOWANCE);

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            text("transactional-id-prefix", null);

    public static final ConfigOption<Duration> TRANSACTION_TIMEOUT =
            duration("transaction-timeout", Duration.ofMinutes(15));

    public static final ConfigOption<Duration> SETTLE_WINDOW =
            duration("settle-window", DetectorConfig.DEFAULT_SETTLE_WINDOW);

    public static final ConfigOption<Map<String, String>> SETTLE_WINDOW_BY_PROVIDER =
            described(ConfigOptions.key("settle-window-by-provider").mapType().noDefaultValue());

    public static final ConfigOption<Duration> CALLBACK_HORIZON =
            duration("callback-horizon", DetectorConfig.DEFAULT_CALLBACK_HORIZON);

    public static final ConfigOption<Boolean> REFUND_MISSING_TERMINAL =
            described(
                    ConfigOptions.key("refund-missing-terminal").booleanType().defaultValue(false));

    public static final ConfigOption<Duration> CLOSED_RETENTION =
            duration("closed-retention", Duration.ofHours(24));

    /** Flink's own key, with debitwatch's default: exactly-once outputs commit on checkpoints. */
    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            duration(CheckpointingOptions.CHECKPOINTING_INTERVAL.key(), Duration.ofSeconds(2));

    /** The job's name (pipeline.name). */
    public static final String DEFAULT_JOB_NAME = "debitwatch";

    private DebitwatchOptions() {}

    /** A text option; {@code defaultValue} null for none. */
    private static ConfigOption<String> text(String key, String defaultValue) {
        var builder = ConfigOptions.key(key).stringType();
        return described(
                defaultValue == null
                        ? builder.noDefaultValue()
                        : builder.defaultValue(defaultValue));
    }

    /** A list option, separated by ';', without a default. */
    private static ConfigOption<List<String>> list(String key) {
        return described(ConfigOptions.key(key).stringType().asList().noDefaultValue());
    }

    /** A duration option, written as Flink writes durations ({@code 2 s}, {@code 25 h}). */
    private static ConfigOption<Duration> duration(String key, Duration defaultValue) {
        return described(ConfigOptions.key(key).durationType().defaultValue(defaultValue));
    }

    /** The option with its description from {@code options.properties}. */
    private static <T> ConfigOption<T> described(ConfigOption<T> option) {
        String description = DESCRIPTIONS.getProperty(option.key());
        if (description == null) {
            throw new IllegalStateException("no description of " + option.key());
        }
        return option.withDescription(
                description
                        .replace("${PAYER_ID_SECRET_ENV}", ProviderKeys.PAYER_ID_SECRET_ENV)
                        .replace("${FUTURE_EVENTS_METRIC}", ClockSkew.METRIC));
    }

    private static Properties loadDescriptions() {
        Properties p = new Properties();
        try (InputStream in = DebitwatchOptions.class.getResourceAsStream("options.properties")) {
            if (in == null) {
                throw new IllegalStateException("options.properties missing from the jar");
            }
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** The keys of {@link #all()}. */
    public static Set<String> keys() {
        Set<String> keys = new TreeSet<>();
        for (ConfigOption<?> o : all()) {
            keys.add(o.key());
        }
        return keys;
    }

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
        d.put(
                CHECKPOINT_INTERVAL.key(),
                TimeUtils.formatWithHighestUnit(CHECKPOINT_INTERVAL.defaultValue()));
        d.put("execution.checkpointing.mode", "EXACTLY_ONCE");
        d.put("execution.checkpointing.incremental", "true");
        // Flink's default of 100 ms lets a record wait that long in a network buffer on its way to
        // the detector; early warnings should not (measured: p50 53 ms -> 15 ms at 5,000 ev/s).
        d.put("execution.buffer-timeout.interval", "10 ms");
        d.put("restart-strategy.type", "exponential-delay");
        d.put("pipeline.auto-generate-uids", "false");
        // The number of key groups: the highest parallelism the job can ever scale to, fixed by
        // the first start (a savepoint restores only with the same value). 128 is what Flink
        // chose implicitly for parallelism up to 85, so savepoints of earlier versions restore.
        d.put("pipeline.max-parallelism", "128");
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
     * {@code true}) into a configuration. A Kafka client setting {@code --kafka.NAME} becomes
     * {@code debitwatch.kafka.NAME} ({@link KafkaClientProperties}).
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
                map.put(
                        KafkaClientProperties.configKey(key.substring(0, eq)),
                        key.substring(eq + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                map.put(KafkaClientProperties.configKey(key), args[++i]);
            } else {
                map.put(KafkaClientProperties.configKey(key), "true");
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
        Set<String> known = keys();
        for (String key : conf.keySet()) {
            if (!known.contains(key) && !key.contains(".")) {
                throw new UnknownOptionException(
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
}
