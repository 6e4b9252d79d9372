package io.debitwatch.job;

import io.debitwatch.job.kafka.KafkaClientProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the job jar runs with on a Flink cluster, following Flink's configuration conventions:
 *
 * <ol>
 *   <li>the cluster's configuration ({@code config.yaml}, or a FlinkDeployment's {@code
 *       flinkConfiguration}), where the job's own options are written {@code debitwatch.KEY}
 *       ({@code debitwatch.transactional-id-prefix: debitwatch-prod});
 *   <li>program arguments ({@code --KEY value}) override it;
 *   <li>the job's Flink defaults ({@link DebitwatchOptions#flinkDefaults()}) fill in only the keys
 *       that neither sets: a cluster's checkpoint interval or restart strategy is kept;
 *   <li>the job's invariants are enforced whatever is set, with a warning in the log when that
 *       overrides a setting: exactly-once checkpoints and explicit uids (auto-generated uids would
 *       change with the topology and lose the state on upgrade).
 * </ol>
 *
 * An unknown {@code debitwatch.*} key is refused, as an unknown argument is: a misspelt {@code
 * debitwatch.transactional-id-prefx} must not fall back to the default and fence another
 * deployment.
 */
public final class JobConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(JobConfiguration.class);

    /** The prefix of the job's options in a cluster's configuration. */
    public static final String PREFIX = "debitwatch.";

    /** Settings the job cannot run correctly without; they override any other value. */
    static final Map<String, String> INVARIANTS =
            Map.of(
                    "execution.checkpointing.mode", "EXACTLY_ONCE",
                    "pipeline.auto-generate-uids", "false");

    private JobConfiguration() {}

    /**
     * The configuration of a job submitted to a cluster whose configuration is {@code cluster},
     * with the program arguments {@code args} (already read by {@link DebitwatchOptions#fromArgs}).
     */
    public static Configuration resolve(Configuration cluster, Configuration args) {
        Map<String, String> clusterMap = cluster.toMap();
        Map<String, String> options = new LinkedHashMap<>();
        Set<String> unknown = new TreeSet<>();
        Set<String> known = DebitwatchOptions.keys();
        clusterMap.forEach(
                (key, value) -> {
                    if (key.startsWith(PREFIX)) {
                        String option = key.substring(PREFIX.length());
                        if (known.contains(option)) {
                            options.put(option, value);
                        } else if (!isPassThrough(option)) {
                            unknown.add(key);
                        }
                    }
                });
        if (!unknown.isEmpty()) {
            throw new UnknownOptionException(
                    "unknown debitwatch options in the cluster's configuration: "
                            + String.join(", ", unknown)
                            + " (the job's options, each as debitwatch.KEY: "
                            + String.join(", ", known)
                            + ")");
        }
        Configuration conf = new Configuration(cluster);
        conf.addAll(Configuration.fromMap(options));
        conf.addAll(args);
        Map<String, String> set = conf.toMap();
        DebitwatchOptions.flinkDefaults()
                .forEach(
                        (key, value) -> {
                            if (!set.containsKey(key)) {
                                conf.setString(key, value);
                            }
                        });
        INVARIANTS.forEach(
                (key, value) -> {
                    String was = set.get(key);
                    if (was != null && !was.equalsIgnoreCase(value)) {
                        LOG.warn(
                                "debitwatch needs {}: {} and overrides the configured {}",
                                key,
                                value,
                                was);
                    }
                    conf.setString(key, value);
                });
        return conf;
    }

    /** Options passed through to a client, e.g. {@code debitwatch.kafka.security.protocol}. */
    private static boolean isPassThrough(String option) {
        return (PREFIX + option).startsWith(KafkaClientProperties.PREFIX);
    }
}
