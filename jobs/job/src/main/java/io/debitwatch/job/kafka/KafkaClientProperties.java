package io.debitwatch.job.kafka;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;

/**
 * Kafka client settings passed through to every client the job and the command line create (the
 * sources, the sinks, {@code run}'s preflight, {@code simulate}'s producer): {@code --kafka.NAME
 * VALUE} on the command line, {@code debitwatch.kafka.NAME: VALUE} in Flink's configuration, e.g.
 * {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config}, {@code
 * ssl.truststore.location} or {@code config.providers}.
 *
 * <p>Values are handed to the Kafka clients as they are: a {@code ${file:PATH:KEY}} reference of a
 * config provider stays unresolved until the client resolves it when it is created (on the task
 * manager for the job's sources and sinks), so a secret read that way is in no job graph, Flink
 * configuration or log of ours.
 *
 * <p>Settings the job owns (its address, group, formats, transactions) are refused with the option
 * to use instead: a pass-through value would silently break a guarantee. Values of settings whose
 * name contains {@code password}, {@code secret}, {@code jaas} or {@code key} are shown as {@code
 * ***} by {@link #toString()}.
 */
public final class KafkaClientProperties {

    /** Prefix of the settings in Flink's configuration. */
    public static final String PREFIX = "debitwatch.kafka.";

    /** Prefix of the settings on the command line ({@code --kafka.NAME VALUE}). */
    public static final String ARG_PREFIX = "kafka.";

    private static final String REDACTED = "***";

    private static final Pattern SENSITIVE =
            Pattern.compile("password|secret|jaas|key", Pattern.CASE_INSENSITIVE);

    /** Settings the job sets itself, with what to use instead. */
    private static final Map<String, String> OWNED = owned();

    private static final KafkaClientProperties NONE = new KafkaClientProperties(Map.of());

    private final Map<String, String> properties;

    private KafkaClientProperties(Map<String, String> properties) {
        this.properties = Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    private static Map<String, String> owned() {
        Map<String, String> owned = new LinkedHashMap<>();
        owned.put("bootstrap.servers", "use --bootstrap-servers");
        owned.put("group.id", "use --group-id");
        owned.put("transactional.id", "use --transactional-id-prefix");
        owned.put("transaction.timeout.ms", "use --transaction-timeout");
        String formats = "debitwatch reads and writes its own record formats";
        owned.put("key.serializer", formats);
        owned.put("value.serializer", formats);
        owned.put("key.deserializer", formats);
        owned.put("value.deserializer", formats);
        owned.put(
                "isolation.level",
                "the job reads read_committed, so an aborted transaction never reaches it");
        owned.put("enable.idempotence", "the exactly-once outputs need idempotent producers");
        owned.put("acks", "the outputs are written with acks=all, or a failover could lose them");
        return Collections.unmodifiableMap(owned);
    }

    /** No pass-through settings. */
    public static KafkaClientProperties none() {
        return NONE;
    }

    /**
     * The {@code debitwatch.kafka.*} settings of {@code conf}, without the prefix.
     *
     * @throws IllegalArgumentException naming a setting the job owns, or an empty name
     */
    public static KafkaClientProperties from(ReadableConfig conf) {
        Map<String, String> properties = new LinkedHashMap<>();
        conf.toMap()
                .forEach(
                        (key, value) -> {
                            if (key.startsWith(PREFIX)) {
                                properties.put(key.substring(PREFIX.length()), value);
                            }
                        });
        return of(properties);
    }

    /**
     * Client settings by their Kafka names (no prefix).
     *
     * @throws IllegalArgumentException naming a setting the job owns, or an empty name
     */
    public static KafkaClientProperties of(Map<String, String> properties) {
        for (String name : properties.keySet()) {
            if (name.isBlank()) {
                throw new IllegalArgumentException(
                        "--"
                                + ARG_PREFIX
                                + " needs a Kafka client setting, e.g. --"
                                + ARG_PREFIX
                                + "security.protocol SASL_SSL");
            }
            String owner = OWNED.get(name.toLowerCase(Locale.ROOT));
            if (owner != null) {
                throw new IllegalArgumentException(
                        "--"
                                + ARG_PREFIX
                                + name
                                + " ("
                                + PREFIX
                                + name
                                + ") cannot be passed through to the Kafka clients: "
                                + owner);
            }
        }
        return properties.isEmpty() ? NONE : new KafkaClientProperties(properties);
    }

    /**
     * The Flink configuration key of a key given on the command line: {@code kafka.NAME} (from
     * {@code --kafka.NAME}) becomes {@code debitwatch.kafka.NAME}; any other key is returned as is.
     */
    public static String configKey(String argKey) {
        return argKey.startsWith(ARG_PREFIX) ? "debitwatch." + argKey : argKey;
    }

    /**
     * {@code conf} without its {@code debitwatch.kafka.*} settings: what Flink itself may see (its
     * job configuration, web UI and logs need none of them).
     */
    public static Configuration withoutClientProperties(Configuration conf) {
        Map<String, String> map = new LinkedHashMap<>(conf.toMap());
        map.keySet().removeIf(k -> k.startsWith(PREFIX));
        return Configuration.fromMap(map);
    }

    /** Whether a setting's value must never be logged or printed. */
    public static boolean isSensitive(String name) {
        return SENSITIVE.matcher(name).find();
    }

    public boolean isEmpty() {
        return properties.isEmpty();
    }

    /** The settings by Kafka name, values as given (unresolved config-provider references). */
    public Map<String, String> asMap() {
        return properties;
    }

    /** Adds the settings to a client's configuration, over what it holds. */
    public Properties applyTo(Properties props) {
        props.putAll(properties);
        return props;
    }

    /** Adds the settings to a client's configuration, over what it holds. */
    public Map<String, Object> applyTo(Map<String, Object> config) {
        config.putAll(properties);
        return config;
    }

    <T> KafkaSourceBuilder<T> applyTo(KafkaSourceBuilder<T> builder) {
        properties.forEach(builder::setProperty);
        return builder;
    }

    <T> KafkaSinkBuilder<T> applyTo(KafkaSinkBuilder<T> builder) {
        properties.forEach(builder::setProperty);
        return builder;
    }

    /**
     * The settings with the values of sensitive ones ({@link #isSensitive}) shown as {@code ***}.
     */
    public Map<String, String> redacted() {
        Map<String, String> shown = new TreeMap<>();
        properties.forEach((k, v) -> shown.put(k, isSensitive(k) ? REDACTED : v));
        return shown;
    }

    /** As {@link #redacted()}: safe to log. */
    @Override
    public String toString() {
        return redacted().toString();
    }
}
