package io.debitwatch.app;

import io.debitwatch.job.DebitwatchOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;

/**
 * The Flink configuration of the streaming job in this JVM, from typed values: the local runtime
 * ({@link LocalFlink}), the job's run defaults, its options (set with {@code
 * conf.set(DebitwatchOptions.X, value)}) and a checkpoint folder that a later run resumes from.
 * {@code run}, {@code demo} and {@code bench-latency} build their job's configuration here.
 */
final class LocalJobConfig {

    private LocalJobConfig() {}

    /**
     * @param options the job's options: keys of {@link DebitwatchOptions} or Flink settings
     * @param fresh start from the Kafka offsets instead of the latest checkpoint in {@code
     *     checkpointDir}
     */
    static Configuration of(
            String bootstrapServers,
            Configuration options,
            int parallelism,
            Path workDir,
            Path checkpointDir,
            boolean fresh)
            throws IOException {
        DebitwatchOptions.rejectUnknownKeys(options);
        Configuration job = new Configuration(options);
        job.set(DebitwatchOptions.BOOTSTRAP_SERVERS, bootstrapServers);

        Configuration conf = LocalFlink.configuration(parallelism, workDir);
        conf.addAll(DebitwatchOptions.withRunDefaults(job));
        Path checkpoints = checkpointDir.toAbsolutePath();
        Files.createDirectories(checkpoints);
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        // Kept when the job is cancelled (Ctrl-C), so that the next run resumes from it with its
        // open orders instead of forgetting them.
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
        if (!fresh) {
            latestCheckpoint(checkpoints)
                    .ifPresent(c -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, c.toString()));
        }
        return conf;
    }

    /** The newest completed checkpoint (one with its {@code _metadata}) under {@code dir}. */
    static Optional<Path> latestCheckpoint(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> jobs = Files.list(dir)) {
            List<Path> candidates = new ArrayList<>();
            for (Path job : jobs.toList()) {
                if (Files.isDirectory(job)) {
                    try (Stream<Path> chk = Files.list(job)) {
                        chk.filter(p -> p.getFileName().toString().startsWith("chk-"))
                                .filter(p -> Files.isRegularFile(p.resolve("_metadata")))
                                .forEach(candidates::add);
                    }
                }
            }
            return candidates.stream()
                    .max(Comparator.comparing(LocalJobConfig::modified))
                    .map(Path::toAbsolutePath);
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p.resolve("_metadata")).toMillis();
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }
}
