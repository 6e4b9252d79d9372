package io.debitwatch.embeddedkafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The node's log dirs: formatted once, kept with their cluster id when the data dir is reused. */
final class KraftStorage {

    private static final Logger LOG = LoggerFactory.getLogger(KraftStorage.class);

    private final Path dataDir;

    KraftStorage(Path dataDir) {
        this.dataDir = dataDir;
    }

    /**
     * Formats the log dirs the way {@code kafka-storage.sh format} does. Uses {@code
     * StorageTool.execute}, not {@code main}, which calls {@code System.exit}. The tool's output
     * goes to the log instead of stdout.
     *
     * @param scramCredentials arguments of {@code --add-scram}, e.g. {@code
     *     SCRAM-SHA-512=[name=alice,password=...]}
     */
    void format(Properties props, List<String> scramCredentials) {
        Path configFile = dataDir.resolve("server.properties");
        try {
            Files.createDirectories(dataDir);
            try (OutputStream out = Files.newOutputStream(configFile)) {
                props.store(out, "Written by EmbeddedKafka for the storage tool");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + configFile, e);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "format",
                                "--config",
                                configFile.toString(),
                                "--cluster-id",
                                clusterId(),
                                "--ignore-formatted"));
        // SCRAM users go into the bootstrap metadata: in KRaft mode a broker has no other store
        // to check a first client against.
        for (String credential : scramCredentials) {
            args.add("--add-scram");
            args.add(credential);
        }
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(args.toArray(String[]::new), printStream);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "cannot format Kafka storage in " + dataDir + ": " + e.getMessage(), e);
        }
        String text = output.toString(StandardCharsets.UTF_8).strip();
        if (exitCode != 0) {
            throw new IllegalStateException(
                    "cannot format Kafka storage in "
                            + dataDir
                            + " (exit "
                            + exitCode
                            + "): "
                            + text);
        }
        LOG.debug("Kafka storage tool: {}", text);
    }

    /**
     * Whether the data dir holds a formatted log dir already (a restart): then it is kept as is.
     */
    boolean formatted() {
        return Files.isRegularFile(metaFile());
    }

    private Path metaFile() {
        return dataDir.resolve("logs").resolve("meta.properties");
    }

    /**
     * A new random id, or the one a reused data dir was formatted with: the storage tool rejects a
     * different id even with {@code --ignore-formatted}. Reusing it keeps topics and records.
     */
    private String clusterId() {
        Path metaFile = metaFile();
        if (Files.isRegularFile(metaFile)) {
            Properties meta = new Properties();
            try (InputStream in = Files.newInputStream(metaFile)) {
                meta.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + metaFile, e);
            }
            String id = meta.getProperty("cluster.id");
            if (id != null) {
                return id;
            }
        }
        return Uuid.randomUuid().toString();
    }
}
