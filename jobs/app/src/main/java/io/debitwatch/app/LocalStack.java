package io.debitwatch.app;

import io.debitwatch.embeddedkafka.EmbeddedKafka;
import io.debitwatch.job.StreamingJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * What {@code demo} and {@code bench-latency} run on, with one lifecycle: a work folder, an
 * in-process Kafka broker and the streaming job with fresh checkpoints in that folder. Closing it
 * cancels the job, stops the broker and deletes the folder. On Ctrl-C the shutdown hook cancels the
 * job, releases {@link #awaitCtrlC()} and gives the main thread time to close the stack (or deletes
 * the folder itself) before the JVM halts.
 */
final class LocalStack implements AutoCloseable {

    private final Path work;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final CountDownLatch ctrlC = new CountDownLatch(1);
    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private final Thread onExit;
    private volatile boolean exiting;
    private volatile JobClient job;
    private EmbeddedKafka kafka;

    private LocalStack(Path work, String name) {
        this.work = work;
        this.onExit = new Thread(this::onExit, name + "-ctrl-c");
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    /** A stack in a new temporary folder named after {@code name}; nothing is started yet. */
    static LocalStack create(String name) throws IOException {
        return new LocalStack(Files.createTempDirectory(name), name);
    }

    /** The work folder: deleted, with all it holds, when the stack closes. */
    Path work() {
        return work;
    }

    /** A short random id of this run, for transactional ids and consumer groups. */
    String runId() {
        return runId;
    }

    /** Starts the broker with {@code topics} (name to partition count). */
    EmbeddedKafka startKafka(Map<String, Integer> topics) {
        kafka = EmbeddedKafka.builder().dataDir(work.resolve("kafka")).build().start();
        kafka.createTopics(topics);
        return kafka;
    }

    /**
     * The job's configuration on this stack's broker, with fresh checkpoints in the work folder.
     */
    Configuration jobConfiguration(int parallelism, Configuration options) throws IOException {
        Path flink = Files.createDirectories(work.resolve("flink"));
        return LocalJobConfig.of(
                kafka.bootstrapServers(),
                options,
                parallelism,
                flink,
                work.resolve("checkpoints"),
                true);
    }

    /** Starts the job and waits until it is RUNNING. */
    JobClient startJob(Configuration conf, Duration timeout) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        JobClient started = StreamingJob.start(env, conf);
        job = started;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (started.getJobStatus().get() != JobStatus.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "the job did not start within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
        return started;
    }

    /** Cancels the job (best effort, up to 30 s); the broker stays up. */
    void cancelJob() {
        cancel(job, 30);
        job = null;
    }

    /** Blocks until Ctrl-C. */
    void awaitCtrlC() throws InterruptedException {
        ctrlC.await();
    }

    @Override
    public void close() {
        try {
            cancelJob();
            if (kafka != null) {
                kafka.close();
            }
        } finally {
            WorkDirs.deleteQuietly(work);
            cleanedUp.countDown();
            if (!exiting) {
                try {
                    Runtime.getRuntime().removeShutdownHook(onExit);
                } catch (IllegalStateException e) {
                    // already shutting down
                }
            }
        }
    }

    private void onExit() {
        exiting = true;
        ctrlC.countDown();
        cancel(job, 10);
        try {
            if (!cleanedUp.await(20, TimeUnit.SECONDS)) {
                WorkDirs.deleteQuietly(work);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void cancel(JobClient j, int seconds) {
        if (j == null) {
            return;
        }
        try {
            j.cancel().get(seconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Best effort: the broker and the JVM go away next.
        }
    }
}
