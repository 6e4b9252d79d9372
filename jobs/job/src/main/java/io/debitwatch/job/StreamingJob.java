package io.debitwatch.job;

import io.debitwatch.job.kafka.KafkaClientProperties;
import io.debitwatch.job.kafka.KafkaJobIO;
import java.time.Duration;
import java.util.function.Function;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point of the job jar: the streaming job on Kafka (SPEC §6 {@code run}). It only reads the
 * options ({@code debitwatch.KEY} in the cluster's configuration, {@code --KEY value} arguments;
 * see {@link DebitwatchOptions} and {@link JobConfiguration}) and builds the one topology of {@link
 * Topology} with Kafka sources and sinks.
 *
 * <pre>{@code
 * flink run -c io.debitwatch.job.StreamingJob debitwatch-job.jar --bootstrap-servers kafka:9092 \
 *     --transactional-id-prefix debitwatch-prod
 * }</pre>
 */
public final class StreamingJob {

    private StreamingJob() {}

    /**
     * The job on a cluster: its options from the cluster's configuration ({@code debitwatch.KEY})
     * and the program arguments, as {@link JobConfiguration} says.
     */
    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration conf =
                JobConfiguration.resolve(
                        Configuration.fromMap(env.getConfiguration().toMap()),
                        DebitwatchOptions.fromArgs(args));
        build(env, conf);
        env.execute(jobName(conf));
    }

    /**
     * Builds the streaming job into {@code env}; {@code conf} is read through {@link
     * DebitwatchOptions} and should already carry {@link DebitwatchOptions#withRunDefaults}.
     */
    public static void build(StreamExecutionEnvironment env, Configuration conf) {
        build(env, conf, KafkaJobIO::from);
    }

    /**
     * As {@link #build(StreamExecutionEnvironment, Configuration)}, with the sources and sinks of
     * {@code io}: it is given the options with the checkpoint timeout the job will really run with
     * (a test wraps {@link KafkaJobIO#from} to inject a failure, say).
     */
    public static void build(
            StreamExecutionEnvironment env,
            Configuration conf,
            Function<Configuration, ? extends JobIO> io) {
        DebitwatchOptions.rejectUnknownKeys(conf);
        // Applied to the environment too, so that a cluster's own defaults (e.g. hash-map state
        // or auto-generated uids) cannot override what this job needs. The Kafka client settings
        // are left out: only the Kafka clients need them, not Flink's job configuration.
        env.configure(KafkaClientProperties.withoutClientProperties(conf));
        env.enableCheckpointing(
                conf.get(DebitwatchOptions.CHECKPOINT_INTERVAL).toMillis(),
                CheckpointingMode.EXACTLY_ONCE);
        // The Kafka sinks check their transaction timeout against the checkpoint timeout the job
        // will really run with, which a cluster's config.yaml may set.
        Configuration ioConf = new Configuration(conf);
        ioConf.set(
                CheckpointingOptions.CHECKPOINTING_TIMEOUT,
                Duration.ofMillis(env.getCheckpointConfig().getCheckpointTimeout()));
        JobIO jobIO = io.apply(ioConf);
        Topology.build(env, jobIO, settings(conf));
    }

    /**
     * Streaming settings from the options: once every input has been idle for the idleness timeout,
     * event time follows the wall clock less the out-of-orderness bound and the quiet allowance
     * (SPEC §4a rule 10).
     */
    static TopologySettings settings(Configuration conf) {
        Duration quietClockLag =
                conf.get(DebitwatchOptions.OUT_OF_ORDERNESS)
                        .plus(conf.get(DebitwatchOptions.QUIET_ALLOWANCE));
        return TopologySettings.streaming(
                DebitwatchOptions.detectorConfig(conf),
                conf.get(DebitwatchOptions.CLOSED_RETENTION),
                quietClockLag);
    }

    /** Starts the job without waiting for it (a streaming job never ends on its own). */
    public static JobClient start(StreamExecutionEnvironment env, Configuration conf)
            throws Exception {
        build(env, conf);
        return env.executeAsync(jobName(conf));
    }

    /** The job's name: {@code pipeline.name}, else {@value DebitwatchOptions#DEFAULT_JOB_NAME}. */
    public static String jobName(Configuration conf) {
        return conf.getOptional(PipelineOptions.NAME).orElse(DebitwatchOptions.DEFAULT_JOB_NAME);
    }
}
