package io.debitwatch.app;

import io.debitwatch.job.DebitwatchOptions;
import io.debitwatch.job.StreamingJob;
import io.debitwatch.job.adapt.ProviderKeys;
import io.debitwatch.job.kafka.KafkaClientProperties;
import io.debitwatch.job.kafka.KafkaPreflight;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code debitwatch run}: the streaming job on an existing Kafka cluster, in this JVM (a local
 * Flink runtime with RocksDB and checkpoints in a local folder), until Ctrl-C. Options other than
 * its own are the job's {@code --key value} options of {@link DebitwatchOptions}, or any Flink
 * setting. With {@code --metrics-port} it serves the metrics for Prometheus on the loopback.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        modelTransformer = JobOptionArgs.Attach.class,
        description =
                "Run the streaming job on Kafka in this JVM until Ctrl-C. Any option of the job"
                        + " (docs/usage.md, \"Options of run\") or Flink setting is accepted as"
                        + " --KEY VALUE, and any Kafka client setting as --kafka.NAME VALUE (e.g."
                        + " --kafka.security.protocol SASL_SSL; docs/usage.md, \"Secured Kafka\").")
final class RunCommand implements Callable<Integer>, JobOptionArgs.Owner {

    private final JobOptionArgs kafka =
            new JobOptionArgs()
                    .required(
                            DebitwatchOptions.BOOTSTRAP_SERVERS,
                            "HOST:PORT",
                            "Kafka bootstrap servers.");

    @Option(
            names = "--checkpoint-dir",
            paramLabel = "DIR",
            description =
                    "Where checkpoints are kept (default: ${DEFAULT-VALUE}); a run resumes from"
                            + " the latest one found there.")
    Path checkpointDir = Path.of(".debitwatch", "checkpoints");

    @Option(
            names = "--fresh",
            description = "Start from the Kafka offsets, ignoring checkpoints of earlier runs.")
    boolean fresh;

    @Mixin ParallelismOption parallelism = new ParallelismOption();

    @Mixin MetricsPortOption metrics = new MetricsPortOption(null);

    @Unmatched List<String> jobOptions = new ArrayList<>();

    @Override
    public JobOptionArgs jobOptionArgs() {
        return kafka;
    }

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("debitwatch-run");
        CountDownLatch cleanedUp = new CountDownLatch(1);
        try {
            Configuration conf = configuration(work);
            return run(conf, metrics.apply(conf), System.out, cleanedUp);
        } finally {
            WorkDirs.deleteQuietly(work);
            cleanedUp.countDown();
        }
    }

    /** The Flink configuration of the run: local runtime, the job's defaults, then the options. */
    Configuration configuration(Path workDir) throws IOException {
        Configuration options = DebitwatchOptions.fromArgs(jobOptions.toArray(String[]::new));
        return LocalJobConfig.of(
                kafka.get(DebitwatchOptions.BOOTSTRAP_SERVERS),
                options,
                parallelism.parallelism,
                workDir,
                checkpointDir,
                fresh);
    }

    private static boolean readsRawNotifications(Configuration conf) {
        return !isEmpty(conf.get(DebitwatchOptions.WECHAT_NOTIFICATIONS_TOPIC))
                || !isEmpty(conf.get(DebitwatchOptions.ALIPAY_NOTIFICATIONS_TOPIC));
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isBlank();
    }

    /**
     * Runs the job until it ends or Ctrl-C; on Ctrl-C the shutdown hook cancels the job and waits
     * (up to 20 s) for {@code cleanedUp}, so that the local runtime's work folder is deleted before
     * the JVM halts.
     */
    private static int run(
            Configuration conf, String metricsUrl, PrintStream out, CountDownLatch cleanedUp)
            throws Exception {
        // The local runtime's own configuration needs no Kafka client settings (secrets among
        // them).
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        KafkaClientProperties.withoutClientProperties(conf));
        // The job's options are checked first, then Kafka is asked once: a wrong password or an
        // unreachable broker ends the command here, instead of a job restarting forever.
        StreamingJob.build(env, conf);
        KafkaPreflight.check(
                conf.get(DebitwatchOptions.BOOTSTRAP_SERVERS),
                KafkaClientProperties.from(conf),
                KafkaPreflight.DEFAULT_TIMEOUT);
        JobClient job = env.executeAsync(StreamingJob.jobName(conf));
        AtomicBoolean stopping = new AtomicBoolean();
        Thread stopper =
                new Thread(
                        () -> {
                            stopping.set(true);
                            try {
                                job.cancel().get(30, TimeUnit.SECONDS);
                            } catch (Exception e) {
                                // The JVM is exiting anyway; the log has the details.
                            }
                            try {
                                cleanedUp.await(20, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "debitwatch-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        out.printf(
                "debitwatch run — job %s running on Kafka %s%s; checkpoints in %s; logs in %s."
                        + " Ctrl-C to stop.%n",
                job.getJobID(),
                conf.get(DebitwatchOptions.BOOTSTRAP_SERVERS),
                conf.getOptional(StateRecoveryOptions.SAVEPOINT_PATH)
                        .map(p -> " (resumed from " + p + ")")
                        .orElse(""),
                conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY),
                System.getProperty("debitwatch.log.file", "the Flink log"));
        if (metricsUrl != null) {
            out.println("metrics: " + metricsUrl);
        }
        if (readsRawNotifications(conf)
                && conf.getOptional(DebitwatchOptions.PAYER_ID_SECRET_FILE).isEmpty()
                && isEmpty(System.getenv(ProviderKeys.PAYER_ID_SECRET_ENV))) {
            out.printf(
                    "  payer ids of raw notifications are dropped: no --%s or %s%n",
                    DebitwatchOptions.PAYER_ID_SECRET_FILE.key(), ProviderKeys.PAYER_ID_SECRET_ENV);
        }
        out.flush();
        try {
            // Returns only when the job ends: cancelled, or failed after its restarts.
            job.getJobExecutionResult().get();
        } catch (ExecutionException e) {
            if (stopping.get()) {
                return 0;
            }
            throw e;
        }
        return 0;
    }
}
