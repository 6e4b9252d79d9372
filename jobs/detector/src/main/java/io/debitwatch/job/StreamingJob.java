package io.debitwatch.job;

import io.debitwatch.job.kafka.KafkaJobIO;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point of the job jar: the streaming job on Kafka (SPEC §6 {@code run}). It only reads the
 * options ({@code --key value}, see {@link DebitwatchOptions}) and builds the one topology of
 * {@link DebitwatchJob} with Kafka sources and sinks.
 *
 * <pre>{@code
 * flink run -c io.debitwatch.job.StreamingJob debitwatch-job.jar --bootstrap-servers kafka:9092 \
 *     --transactional-id-prefix debitwatch-prod
 * }</pre>
 */
public final class StreamingJob {

    private StreamingJob() {}

    public static void main(String[] args) throws Exception {
        Configuration conf = DebitwatchOptions.withRunDefaults(DebitwatchOptions.fromArgs(args));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        build(env, conf);
        env.execute(jobName(conf));
    }

    /**
     * Builds the streaming job into {@code env}; {@code conf} is read through {@link
     * DebitwatchOptions} and should already carry {@link DebitwatchOptions#withRunDefaults}.
     */
    public static void build(StreamExecutionEnvironment env, Configuration conf) {
        DebitwatchOptions.rejectUnknownKeys(conf);
        // Applied to the environment too, so that a cluster's own defaults (e.g. hash-map state
        // or auto-generated uids) cannot override what this job needs.
        env.configure(conf);
        env.enableCheckpointing(
                conf.get(DebitwatchOptions.CHECKPOINT_INTERVAL).toMillis(),
                CheckpointingMode.EXACTLY_ONCE);
        // The Kafka sinks check their transaction timeout against the checkpoint timeout the job
        // will really run with, which a cluster's config.yaml may set.
        Configuration io = new Configuration(conf);
        io.set(
                CheckpointingOptions.CHECKPOINTING_TIMEOUT,
                Duration.ofMillis(env.getCheckpointConfig().getCheckpointTimeout()));
        DebitwatchJob.build(
                env,
                KafkaJobIO.from(io),
                DebitwatchOptions.detectorConfig(conf),
                true,
                conf.get(DebitwatchOptions.CLOSED_RETENTION));
    }

    /** Starts the job without waiting for it (a streaming job never ends on its own). */
    public static JobClient start(StreamExecutionEnvironment env, Configuration conf)
            throws Exception {
        build(env, conf);
        return env.executeAsync(jobName(conf));
    }

    static String jobName(Configuration conf) {
        return conf.getOptional(PipelineOptions.NAME).orElse(DebitwatchOptions.DEFAULT_JOB_NAME);
    }
}
